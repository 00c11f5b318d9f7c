package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.Job;
import java.time.Instant;

/**
 * One record of the dead-letter topic, as {@link DeadLetters} reads it: where it is, why it was set aside (the
 * {@link QueueHeaders#ERROR} header), where it came from, and whether it can be (or was already) replayed.
 *
 * @param partition         partition of the dead-letter topic
 * @param offset            offset in that partition
 * @param timestamp         the record's timestamp (when it was dead-lettered)
 * @param key               the record key as UTF-8 text (the run id, or {@code runId#item} for a batch item), or null
 * @param error             the {@link QueueHeaders#ERROR} header: why it was dead-lettered, or null
 * @param originalTopic     the {@link QueueHeaders#ORIGINAL_TOPIC} header, or null
 * @param originalPartition the {@link QueueHeaders#ORIGINAL_PARTITION} header, or null
 * @param originalOffset    the {@link QueueHeaders#ORIGINAL_OFFSET} header, or null
 * @param delivery          the {@link QueueHeaders#DELIVERY} count of the dead-lettered record (1 without header)
 * @param replayedFrom      the {@link DeadLetters#REPLAYED_FROM} header: this job had been replayed from that dead
 *                          letter ({@code topic-partition@offset}) and was dead-lettered again; null otherwise
 * @param valueBytes        size of the record value, -1 when it has none (dropped: too large for the topic)
 * @param valuePreview      the value as UTF-8 text, cut at {@link DeadLetters#PREVIEW_CHARS} characters; null
 *                          without value
 * @param job               the value decoded by {@link JobCodec}, or null when it is not a job
 * @param problem           why the record cannot be replayed (not a job, no value, too large), or null
 * @param replayed          whether {@link DeadLetters#replay} already sent it to the job topic (always false for a
 *                          record that cannot be replayed)
 */
public record DeadLetter(
    int partition,
    long offset,
    Instant timestamp,
    String key,
    String error,
    String originalTopic,
    Integer originalPartition,
    Long originalOffset,
    int delivery,
    String replayedFrom,
    int valueBytes,
    String valuePreview,
    Job job,
    String problem,
    boolean replayed) {

  /** What {@link DeadLetters#replay} does with a dead letter. */
  public enum State {
    /** A job not yet replayed: replay sends it to the job topic. */
    PENDING,
    /** Already sent to the job topic by an earlier replay: a replay skips it. */
    REPLAYED,
    /** Not a job (or no value, or too large): never sent; it stays on the dead-letter topic. */
    UNREPLAYABLE
  }

  /** Whether the value is a job that replay may send (it may have been sent already: see {@link #replayed}). */
  public boolean replayable() {
    return problem == null;
  }

  public State state() {
    return problem != null ? State.UNREPLAYABLE : replayed ? State.REPLAYED : State.PENDING;
  }

  /** The job's run id; for a record that is not a job, the key up to a {@code #} (the key's run id), or null. */
  public String runId() {
    if (job != null) {
      return job.runId();
    }
    if (key == null) {
      return null;
    }
    int hash = key.lastIndexOf('#');
    boolean item = hash > 0 && hash < key.length() - 1 && key.substring(hash + 1).chars().allMatch(Character::isDigit);
    return item ? key.substring(0, hash) : key;
  }

  /** {@code partition@offset}, as the CLI names a dead letter. */
  public String position() {
    return partition + "@" + offset;
  }
}
