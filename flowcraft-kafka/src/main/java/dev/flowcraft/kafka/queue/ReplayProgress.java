package dev.flowcraft.kafka.queue;

import java.util.Collection;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What {@link DeadLetters#replay} has sent of one partition of the dead-letter topic, kept as the committed offset
 * of the replay group: every replayable record below the offset (the watermark) was sent, and above it those
 * listed in the offset's metadata, {@code flowcraft-dlq-replay/1 topic=<topic id> replayed=12-15,19}. The
 * watermark moves over records that are sent or cannot be sent, and stops at the first that a replay has not
 * selected yet; the list holds what selective replays ({@code --run-id}, one record) sent beyond it.
 *
 * <p>The topic id guards against a dead-letter topic deleted and created again (its offsets start over). An
 * offset without this metadata (set by {@code kafka-consumer-groups --reset-offsets}) counts as a watermark
 * alone, so resetting the group to the earliest offset makes every dead letter pending again.
 *
 * <p>Not thread-safe.
 */
final class ReplayProgress {
  static final String FORMAT = "flowcraft-dlq-replay/1";
  /** Kafka's default {@code offset.metadata.max.bytes} is 4096; stay below it. */
  static final int MAX_METADATA_CHARS = 4000;

  private long watermark;
  private final TreeSet<Long> above = new TreeSet<>();

  ReplayProgress(long watermark, Collection<Long> replayedAbove) {
    this.watermark = watermark;
    replayedAbove.stream().filter(o -> o >= watermark).forEach(above::add);
  }

  static ReplayProgress empty() {
    return new ReplayProgress(0, java.util.List.of());
  }

  /**
   * The progress a committed offset stands for, or none when it does not belong to this topic: {@code warn}
   * gets why it was ignored.
   *
   * @param where how to name the partition in a warning, e.g. {@code flowcraft-jobs-dlq-3}
   */
  static ReplayProgress from(OffsetAndMetadata committed, String topicId, long endOffset, String where,
      Consumer<String> warn) {
    if (committed == null || committed.offset() < 0) {
      return empty();
    }
    long offset = committed.offset();
    if (offset > endOffset) {
      warn.accept("replay progress of " + where + " (offset " + offset + ") is beyond the end of the partition ("
          + endOffset + "): the topic was created again? Ignored: its dead letters count as not replayed");
      return empty();
    }
    String meta = committed.metadata();
    if (meta == null || !meta.startsWith(FORMAT + " ")) {
      return new ReplayProgress(offset, java.util.List.of());
    }
    String topic = null;
    String ranges = "";
    for (String token : meta.substring(FORMAT.length()).trim().split(" ")) {
      if (token.startsWith("topic=")) {
        topic = token.substring("topic=".length());
      } else if (token.startsWith("replayed=")) {
        ranges = token.substring("replayed=".length());
      }
    }
    if (topic != null && topicId != null && !topic.equals(topicId)) {
      warn.accept("replay progress of " + where + " belongs to an earlier topic of the same name (id " + topic
          + ", now " + topicId + "); ignored: its dead letters count as not replayed");
      return empty();
    }
    try {
      return new ReplayProgress(offset, parseRanges(ranges));
    } catch (NumberFormatException e) {
      warn.accept("replay progress of " + where + " has unreadable metadata '" + meta + "'; using its offset "
          + offset + " only");
      return new ReplayProgress(offset, java.util.List.of());
    }
  }

  /** Whether a replay sent the record at {@code offset} (meaningful for replayable records only). */
  boolean replayed(long offset) {
    return offset < watermark || above.contains(offset);
  }

  void markReplayed(long offset) {
    if (offset >= watermark) {
      above.add(offset);
    }
  }

  /**
   * Moves the watermark up to the first offset of {@code pending} (replayable records not sent), but not beyond
   * {@code scannedUpTo} (the offset after the last record read: what lies beyond is unknown).
   */
  void advance(NavigableSet<Long> pending, long scannedUpTo) {
    Long firstPending = pending.ceiling(watermark);
    long limit = firstPending == null ? scannedUpTo : Math.min(firstPending, scannedUpTo);
    if (limit > watermark) {
      watermark = limit;
      above.headSet(watermark).clear();
    }
  }

  long watermark() {
    return watermark;
  }

  NavigableSet<Long> replayedAbove() {
    return java.util.Collections.unmodifiableNavigableSet(above);
  }

  String metadata(String topicId) {
    return metadata(topicId, above);
  }

  /** Whether the metadata stays small enough for Kafka with {@code more} offsets marked as replayed. */
  boolean fits(String topicId, Collection<Long> more) {
    TreeSet<Long> all = new TreeSet<>(above);
    more.stream().filter(o -> o >= watermark).forEach(all::add);
    return metadata(topicId, all).length() <= MAX_METADATA_CHARS;
  }

  OffsetAndMetadata toCommit(String topicId) {
    return new OffsetAndMetadata(watermark, metadata(topicId));
  }

  private static String metadata(String topicId, NavigableSet<Long> offsets) {
    return FORMAT + " topic=" + topicId + " replayed=" + ranges(offsets);
  }

  /** {@code 3-5,9} for 3, 4, 5, 9. */
  static String ranges(NavigableSet<Long> offsets) {
    StringBuilder sb = new StringBuilder();
    Iterator<Long> it = offsets.iterator();
    if (!it.hasNext()) {
      return "";
    }
    long start = it.next();
    long end = start;
    while (true) {
      Long next = it.hasNext() ? it.next() : null;
      if (next != null && next == end + 1) {
        end = next;
        continue;
      }
      sb.append(sb.length() == 0 ? "" : ",").append(start);
      if (end > start) {
        sb.append('-').append(end);
      }
      if (next == null) {
        return sb.toString();
      }
      start = next;
      end = next;
    }
  }

  static TreeSet<Long> parseRanges(String text) {
    TreeSet<Long> out = new TreeSet<>();
    if (text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      long from = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
      long to = dash < 0 ? from : Long.parseLong(part.substring(dash + 1));
      if (from < 0 || to < from || to - from > 10_000_000) {
        throw new NumberFormatException("bad range " + part);
      }
      for (long o = from; o <= to; o++) {
        out.add(o);
      }
    }
    return out;
  }
}
