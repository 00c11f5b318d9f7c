package dev.flowcraft.memory;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.UnprocessableJobException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobQueue} in memory: a FIFO queue drained by a fixed pool of worker threads ({@code concurrency}
 * nodes run at once). A handler exception redelivers the job (at the back of the queue), as a broker
 * would. Thread-safe.
 */
public final class InMemoryJobQueue implements JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobQueue.class);
  private static final int MAX_REDELIVERIES = 5;

  private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
  private final int concurrency;

  private record Delivery(Job job, int deliveries) {}

  public InMemoryJobQueue(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    this.concurrency = concurrency;
  }

  @Override
  public void enqueue(Job job) {
    queue.add(new Delivery(job, 0));
  }

  /** Jobs waiting to be delivered. */
  public int size() {
    return queue.size();
  }

  @Override
  public AutoCloseable subscribe(JobHandler handler) {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "flowcraft-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, tf);
    for (int i = 0; i < concurrency; i++) {
      pool.execute(() -> {
        while (running.get()) {
          Delivery d;
          try {
            d = queue.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (d == null) {
            continue;
          }
          try {
            handler.handle(d.job());
          } catch (UnprocessableJobException e) {
            LOG.error("Job {} cannot be processed; dropped: {}", d.job(), e.getMessage());
          } catch (Throwable e) {
            // any abnormal return (also an Error) leaves the job unacknowledged, and must not kill the worker
            if (d.deliveries() + 1 >= MAX_REDELIVERIES) {
              LOG.error("Job {} failed {} times; dropped", d.job(), MAX_REDELIVERIES, e);
            } else {
              LOG.warn("Job {} failed; redelivering", d.job(), e);
              queue.add(new Delivery(d.job(), d.deliveries() + 1));
            }
          }
        }
      });
    }
    return () -> {
      running.set(false);
      pool.shutdown();
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    };
  }
}
