package dev.flowcraft.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Atomic coordination between workers: locks, small flags and idempotent join counting. It holds only
 * derived state: if it is lost, runs can still be recovered from the {@link RunStateStore}.
 * Implementations are thread-safe.
 */
public interface CoordinationStore {

  /** Sets the key if absent. Returns true if this call set it. */
  boolean setIfAbsent(String key, String value, Duration ttl);

  Optional<String> get(String key);

  /** Returns true if the key existed. */
  boolean delete(String key);

  /**
   * Deletes the key only if it holds {@code value}, atomically (releasing a lock or lease that is still
   * one's own, never one that expired and was taken by someone else). Returns true if it was deleted.
   */
  boolean deleteIfValue(String key, String value);

  /** Resets the time-to-live of an existing key. Returns true if the key existed. */
  boolean extendTtl(String key, Duration ttl);

  /**
   * Records that predecessor {@code predecessor} arrived at the join {@code joinKey}, either having routed to
   * it ({@code taken}) or having been skipped. Only the first arrival of each predecessor counts, so
   * redelivered arrivals change nothing. The returned state names the predecessor whose arrival made the
   * set complete and the first predecessor that arrived taken; both are stable, so a redelivered arrival
   * sees the same answer.
   *
   * @param expected the number of distinct predecessors of the join
   */
  JoinState arrive(String joinKey, String predecessor, boolean taken, int expected, Duration ttl);

  /**
   * Opens the work set of a run: the node instances that are queued or running. Returns the current size
   * (0 for a new set). The set carries a marker, so that a set lost with the store is told apart from an
   * empty one.
   */
  long openWork(String key, Duration ttl);

  /** Adds items to an open work set; does nothing when the set does not exist. */
  void addWork(String key, Collection<String> items);

  /**
   * Removes an item and returns how many remain, or -1 when the set does not exist (lost or never
   * opened): then nobody may conclude that the run has no work left.
   */
  default long finishWork(String key, String item) {
    return replaceWork(key, item, List.of());
  }

  /**
   * Retires {@code finished} and adds {@code added}, atomically in one round trip (a step handing over to its
   * successors). {@code finished} is removed first, so an item that is both stays. Returns how many remain,
   * or -1 when the set does not exist (then nothing changes).
   */
  long replaceWork(String key, String finished, Collection<String> added);

  /** Whether the work set holds {@code item}; empty when the set does not exist. */
  Optional<Boolean> containsWork(String key, String item);

  /** The number of items in the work set, or -1 when it does not exist. */
  long workCount(String key);

  /** Deletes these keys, in one round trip (cleanup when a run ends). Missing keys are ignored. */
  void deleteAll(Collection<String> keys);

  /**
   * Deletes every key that starts with {@code prefix}. May scan the whole store: for maintenance, never on
   * the path of a run ({@link #deleteAll} is).
   */
  void deleteByPrefix(String prefix);
}
