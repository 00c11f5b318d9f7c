package dev.flowcraft.kafka.bench;

import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion found by polling, for workers in other processes: one thread sweeps the runs in flight, reading
 * each one's status row ({@link RunStateStore#getRun}: one single-partition SELECT, not the whole run),
 * then sleeps {@code interval}. One thread and one request at a time keep the polling from competing with
 * the workers; the price is up to one sweep (interval + in-flight × read time) of added latency, and one
 * client-side Cassandra read per run in flight per sweep. {@code FlowRuntime.await} is not used: it polls
 * every 50 ms under one lock shared by all waiting threads.
 */
public final class PollingCompletion implements CompletionSource {
  private static final Logger LOG = LoggerFactory.getLogger(PollingCompletion.class);

  private final RunStateStore runs;
  private final Duration interval;
  private final Map<String, Consumer<Boolean>> pending = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean closed;

  public PollingCompletion(RunStateStore runs, Duration interval) {
    this.runs = runs;
    this.interval = interval;
    this.poller = new Thread(this::loop, "flowcraft-bench-poller");
    poller.setDaemon(true);
    poller.start();
  }

  private void loop() {
    while (!closed) {
      for (Map.Entry<String, Consumer<Boolean>> e : pending.entrySet()) {
        if (closed) {
          return;
        }
        try {
          Optional<RunStatus> status = runs.getRun(e.getKey()).map(RunRecord::status);
          if (status.isPresent() && status.get().isFinal() && pending.remove(e.getKey(), e.getValue())) {
            e.getValue().accept(status.get() == RunStatus.COMPLETED);
          }
        } catch (RuntimeException ex) {
          LOG.warn("Polling run {} failed: {}", e.getKey(), ex.toString());
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, interval.toMillis())));
    }
  }

  @Override
  public void watch(String runId, Consumer<Boolean> onFinish) {
    pending.put(runId, onFinish);
  }

  @Override
  public boolean forget(String runId) {
    return pending.remove(runId) != null;
  }

  @Override
  public String describe() {
    return "polling each run's status row, one sweep every " + interval.toMillis() + " ms";
  }

  @Override
  public void close() {
    closed = true;
    pending.clear();
    try {
      poller.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
