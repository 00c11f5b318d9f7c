package dev.flowcraft.spi;

import java.time.Instant;
import java.util.List;

/**
 * Durable timers: sleep wake-ups and retry back-offs. A due timer is claimed by exactly one poller, which
 * then enqueues its job. Implementations are thread-safe.
 */
public interface TimerStore {

  /** Schedules a timer; scheduling the same id again replaces it. */
  void schedule(Timer timer);

  /** Timers due at {@code now}, earliest first, at most {@code limit}. They stay scheduled until claimed. */
  List<Timer> due(Instant now, int limit);

  /** Removes the timer. Returns true for exactly one caller: the one that may act on it. */
  boolean claim(String timerId);

  /**
   * Removes every timer of a run (cancellation, cleanup) and returns the removed timers, so that a cancel can
   * retire what they would have woken (e.g. an instance waiting for its retry back-off).
   */
  List<Timer> cancelRun(String runId);
}
