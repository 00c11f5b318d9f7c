package dev.flowcraft.memory;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link JobQueue} that never delivers on its own: {@link #deliverNext()} hands the oldest job to the
 * subscribed handler on the caller's thread. For step-by-step execution in tests ({@code testing.Stepper}),
 * where the test inspects the run between two jobs. A job whose handler throws goes back to the front of the
 * queue and the exception propagates. Thread-safe; one subscriber at a time.
 */
public final class ManualJobQueue implements JobQueue {

  private final Deque<Job> jobs = new ArrayDeque<>();
  private JobHandler handler;

  @Override
  public synchronized void enqueue(Job job) {
    jobs.addLast(job);
  }

  @Override
  public synchronized AutoCloseable subscribe(JobHandler h) {
    if (handler != null) {
      throw new IllegalStateException("ManualJobQueue has a subscriber already");
    }
    handler = h;
    return () -> {
      synchronized (this) {
        handler = null;
      }
    };
  }

  /** The jobs waiting, oldest first. */
  public synchronized List<Job> pending() {
    return List.copyOf(jobs);
  }

  public synchronized int size() {
    return jobs.size();
  }

  /**
   * Delivers the oldest job to the handler and returns it once the handler returned; empty when no job waits.
   * The jobs the handler enqueues wait for later calls.
   *
   * @throws IllegalStateException when nobody subscribed
   */
  public Optional<Job> deliverNext() throws Exception {
    Job job;
    JobHandler h;
    synchronized (this) {
      if (handler == null) {
        throw new IllegalStateException("ManualJobQueue has no subscriber: nothing can process its jobs");
      }
      job = jobs.pollFirst();
      h = handler;
    }
    if (job == null) {
      return Optional.empty();
    }
    try {
      h.handle(job);
    } catch (Exception | Error e) {
      synchronized (this) {
        jobs.addFirst(job);
      }
      throw e;
    }
    return Optional.of(job);
  }
}
