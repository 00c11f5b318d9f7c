package dev.flowcraft.memory;

import dev.flowcraft.spi.Timer;
import dev.flowcraft.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TimerStore} in memory. Thread-safe. */
public final class InMemoryTimerStore implements TimerStore {

  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  @Override
  public void schedule(Timer timer) {
    timers.put(timer.id(), timer);
  }

  @Override
  public List<Timer> due(Instant now, int limit) {
    List<Timer> out = new ArrayList<>();
    for (Timer t : timers.values()) {
      if (!t.dueAt().isAfter(now)) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparing(Timer::dueAt));
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public boolean claim(String timerId) {
    return timers.remove(timerId) != null;
  }

  @Override
  public List<Timer> cancelRun(String runId) {
    List<Timer> removed = new ArrayList<>();
    timers.values().removeIf(t -> {
      boolean ofRun = t.job().runId().equals(runId);
      if (ofRun) {
        removed.add(t);
      }
      return ofRun;
    });
    return removed;
  }

  /** Scheduled timers, for tests and status output. */
  public List<Timer> all() {
    return new ArrayList<>(timers.values());
  }
}
