package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.JobHandler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription that outlives its consumer: when the poll thread of its {@link KafkaSubscription} stops on an
 * unexpected throwable (a bug, an {@code Error} out of the client or an interceptor), the process would still look
 * healthy but consume nothing. This starts a new consumer instead, after a back-off (0.5 s, doubling up to 30 s),
 * and counts the restart ({@link KafkaJobQueue#pollRestarts()}). After {@link KafkaQueueOptions#maxPollRestarts()}
 * failures in a row (a consumer that then ran for five minutes resets the count) it gives up and tells the
 * queue's failure listeners, so the process can exit and be restarted by its supervisor.
 *
 * <p>Thread-safety: the callbacks run on poll threads and the restart thread; state changes under this object's
 * lock. {@link #close()} may be called from any thread.
 */
final class SupervisedSubscription implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SupervisedSubscription.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration HEALTHY_AFTER = Duration.ofMinutes(5);

  private final KafkaJobQueue queue;
  private final JobHandler handler;
  private ScheduledExecutorService restarter; // created at the first failure
  private KafkaSubscription current;
  private long currentStartedNanos;
  private int failuresInARow;
  private boolean closed;

  SupervisedSubscription(KafkaJobQueue queue, JobHandler handler) {
    this.queue = queue;
    this.handler = handler;
  }

  synchronized void start() {
    current = new KafkaSubscription(queue, handler, this::stopped);
    currentStartedNanos = System.nanoTime();
    current.start();
  }

  /** Called on a poll thread when its consumer stopped; {@code failure} is null after a regular close. */
  private void stopped(KafkaSubscription s, Throwable failure) {
    Duration wait;
    synchronized (this) {
      if (closed || failure == null || s != current) {
        return;
      }
      if (System.nanoTime() - currentStartedNanos > HEALTHY_AFTER.toNanos()) {
        failuresInARow = 0;
      }
      failuresInARow++;
      int max = queue.options().maxPollRestarts();
      if (failuresInARow > max) {
        LOG.error("Consumer of {} failed {} times in a row; giving up (the process should exit and be restarted)",
            queue.options().topic(), failuresInARow, failure);
        closed = true;
        queue.subscriptionFailed(failure);
        return;
      }
      long ms = FIRST_BACKOFF.toMillis() << Math.min(16, failuresInARow - 1);
      wait = Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
      if (restarter == null) {
        restarter = Executors.newSingleThreadScheduledExecutor(r -> KafkaSubscription.daemon(r, "flowcraft-kafka-restart"));
      }
      queue.pollRestarted();
      LOG.error("Consumer of {} stopped by an unexpected error; restarting it in {} ms (restart {} of at most {} in a"
          + " row)", queue.options().topic(), wait.toMillis(), failuresInARow, max);
      restarter.schedule(this::restart, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void restart() {
    if (closed) {
      return;
    }
    try {
      start();
    } catch (RuntimeException e) {
      // the consumer could not even be created (bad config cannot get here: it worked before); count it as a failure
      stopped(current, e);
    }
  }

  /** Stops the current consumer (see {@link KafkaSubscription#close()}) and any pending restart. Idempotent. */
  @Override
  public void close() {
    KafkaSubscription s;
    synchronized (this) {
      if (closed && current == null) {
        return;
      }
      closed = true;
      s = current;
      current = null;
      if (restarter != null) {
        restarter.shutdownNow();
      }
    }
    if (s != null) {
      s.close();
    }
    queue.subscriptionClosed(this);
  }
}
