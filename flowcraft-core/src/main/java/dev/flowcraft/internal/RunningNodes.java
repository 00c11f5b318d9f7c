package dev.flowcraft.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The cancellation signals of the node attempts running in this process, by run, with their start times. Thread-safe. */
final class RunningNodes {
  private final ConcurrentHashMap<String, Map<DefaultCancellationSignal, Long>> byRun = new ConcurrentHashMap<>();

  DefaultCancellationSignal register(String runId) {
    DefaultCancellationSignal s = new DefaultCancellationSignal();
    byRun.computeIfAbsent(runId, k -> new ConcurrentHashMap<>()).put(s, System.nanoTime());
    return s;
  }

  void unregister(String runId, DefaultCancellationSignal s) {
    byRun.computeIfPresent(runId, (k, map) -> {
      map.remove(s);
      return map.isEmpty() ? null : map;
    });
  }

  void cancelRun(String runId, String reason) {
    Map<DefaultCancellationSignal, Long> map = byRun.get(runId);
    if (map != null) {
      map.keySet().forEach(s -> s.cancel(reason));
    }
  }

  /** Runs with an attempt that has been running here for longer than {@code age}. */
  List<String> runsWithAttemptsOlderThan(Duration age) {
    long cutoff = System.nanoTime() - age.toNanos();
    List<String> out = new ArrayList<>();
    byRun.forEach((runId, map) -> {
      if (map.values().stream().anyMatch(start -> start - cutoff < 0)) {
        out.add(runId);
      }
    });
    return out;
  }
}
