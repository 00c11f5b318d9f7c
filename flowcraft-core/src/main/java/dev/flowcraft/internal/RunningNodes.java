package dev.flowcraft.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The cancellation signals of the node attempts running in this process, by run. Thread-safe. */
final class RunningNodes {
  private final ConcurrentHashMap<String, Set<DefaultCancellationSignal>> byRun = new ConcurrentHashMap<>();

  DefaultCancellationSignal register(String runId) {
    DefaultCancellationSignal s = new DefaultCancellationSignal();
    byRun.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet()).add(s);
    return s;
  }

  void unregister(String runId, DefaultCancellationSignal s) {
    byRun.computeIfPresent(runId, (k, set) -> {
      set.remove(s);
      return set.isEmpty() ? null : set;
    });
  }

  void cancelRun(String runId, String reason) {
    Set<DefaultCancellationSignal> set = byRun.get(runId);
    if (set != null) {
      set.forEach(s -> s.cancel(reason));
    }
  }
}
