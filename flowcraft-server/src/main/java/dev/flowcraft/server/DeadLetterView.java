package dev.flowcraft.server;

import dev.flowcraft.kafka.queue.DeadLetter;
import dev.flowcraft.spi.Job;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One record of the dead-letter topic, with the fields of {@code flowcraft dlq list --output json}. Immutable.
 *
 * @param job   the job ({@code kind, runId, nodeId, scope, item, attempt}), or null when the record is no job
 * @param state {@code pending}, {@code replayed} or {@code unreplayable}
 */
public record DeadLetterView(int partition, long offset, String position, String timestamp, String key, String runId,
    Map<String, Object> job, int delivery, String state, String error, String problem, String originalTopic,
    Integer originalPartition, Long originalOffset, String replayedFrom, int valueBytes, String value) {

  static DeadLetterView of(DeadLetter d) {
    Map<String, Object> job = null;
    if (d.job() != null) {
      Job j = d.job();
      job = new LinkedHashMap<>();
      job.put("kind", j.kind().name());
      job.put("runId", j.runId());
      job.put("nodeId", j.nodeId());
      job.put("scope", j.scope());
      job.put("item", j.item());
      job.put("attempt", j.attempt());
    }
    return new DeadLetterView(d.partition(), d.offset(), d.position(), Times.text(d.timestamp()), d.key(), d.runId(),
        job, d.delivery(), d.state().name().toLowerCase(Locale.ROOT), d.error(), d.problem(), d.originalTopic(),
        d.originalPartition(), d.originalOffset(), d.replayedFrom(), d.valueBytes(), d.valuePreview());
  }
}
