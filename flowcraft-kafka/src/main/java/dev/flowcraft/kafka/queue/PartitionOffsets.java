package dev.flowcraft.kafka.queue;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Contiguous completion tracking for one partition. Records are handled in parallel and finish in any
 * order, but Kafka commits one position per partition: it may only move past records that are all done,
 * else a crash would lose the ones still running. This tracks the offsets taken and not yet done and
 * gives the position to commit: the lowest undone offset, or one past the last taken when all are done.
 *
 * <p>Not thread-safe: owned by the consumer's poll thread.
 */
public final class PartitionOffsets {
  private final TreeSet<Long> pending = new TreeSet<>();
  private long lastTaken = -1;
  private long committed = -1;

  /** A record was taken from Kafka; offsets must increase. */
  public void taken(long offset) {
    if (offset <= lastTaken) {
      throw new IllegalArgumentException("offset " + offset + " taken after " + lastTaken);
    }
    lastTaken = offset;
    pending.add(offset);
  }

  /** A taken record is done (handled, redelivered or dead-lettered); unknown offsets are ignored. */
  public void done(long offset) {
    pending.remove(offset);
  }

  /** Records taken and not yet done. */
  public int inFlight() {
    return pending.size();
  }

  /** The position below which every taken record is done, or empty if nothing was taken yet. */
  public OptionalLong position() {
    if (lastTaken < 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(pending.isEmpty() ? lastTaken + 1 : pending.first());
  }

  /** The position to commit if it moved since the last {@link #committed(long)}, else empty. */
  public OptionalLong toCommit() {
    OptionalLong p = position();
    return p.isPresent() && p.getAsLong() > committed ? p : OptionalLong.empty();
  }

  /** Records that {@code position} was (or is being) committed. */
  public void committed(long position) {
    committed = Math.max(committed, position);
  }

  /** Forgets a commit that failed, so the position is committed again. */
  public void commitFailed(long position) {
    if (committed == position) {
      committed = -1;
    }
  }
}
