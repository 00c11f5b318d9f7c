package dev.flowcraft.kafka.fault;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection on the queue: every job is enqueued {@code copies} times (as producer retries and
 * redeliveries after crashes would), and a delivered job is, with probability {@code deferral}, put back at
 * the end of its partition instead of being handled, so that later jobs overtake it (out-of-order delivery).
 * Both happen on the handler thread, so they are as durable as the engine's own sends. Thread-safe.
 */
final class ChaosJobQueue implements JobQueue {
  private final JobQueue delegate;
  private final int copies;
  private final double deferral;
  private final AtomicLong extraCopies = new AtomicLong();
  private final AtomicLong deferred = new AtomicLong();

  ChaosJobQueue(JobQueue delegate, int copies, double deferral) {
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be >= 1, got " + copies);
    }
    this.delegate = delegate;
    this.copies = copies;
    this.deferral = deferral;
  }

  @Override
  public void enqueue(Job job) {
    for (int i = 0; i < copies; i++) {
      delegate.enqueue(job);
    }
    extraCopies.addAndGet(copies - 1L);
  }

  @Override
  public AutoCloseable subscribe(JobHandler handler) {
    return delegate.subscribe(job -> {
      if (ThreadLocalRandom.current().nextDouble() < deferral) {
        deferred.incrementAndGet();
        delegate.enqueue(job); // to the back of the line: jobs behind it are now delivered before it
        return;
      }
      handler.handle(job);
    });
  }

  /** Faults injected so far: extra copies plus deferred (reordered) deliveries. */
  long faults() {
    return extraCopies.get() + deferred.get();
  }

  long extraCopies() {
    return extraCopies.get();
  }

  long deferred() {
    return deferred.get();
  }
}
