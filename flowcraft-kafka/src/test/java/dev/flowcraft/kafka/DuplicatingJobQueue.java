package dev.flowcraft.kafka;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;

/** Fault injection: every job is enqueued twice, as a producer retry or a redelivery after a crash would. */
final class DuplicatingJobQueue implements JobQueue {
  private final JobQueue delegate;

  DuplicatingJobQueue(JobQueue delegate) {
    this.delegate = delegate;
  }

  @Override
  public void enqueue(Job job) {
    delegate.enqueue(job);
    delegate.enqueue(job);
  }

  @Override
  public AutoCloseable subscribe(JobHandler handler) {
    return delegate.subscribe(handler);
  }
}
