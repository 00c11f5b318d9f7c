package dev.flowcraft.spi;

/**
 * The queue of jobs. Delivery is at least once: a handler may see a job again after a crash, and the
 * engine is idempotent for that. Implementations are thread-safe.
 */
public interface JobQueue {

  void enqueue(Job job);

  /**
   * Starts delivering jobs to {@code handler} until the returned handle is closed. Each job is
   * acknowledged when the handler returns normally; an exception redelivers it.
   */
  AutoCloseable subscribe(JobHandler handler);
}
