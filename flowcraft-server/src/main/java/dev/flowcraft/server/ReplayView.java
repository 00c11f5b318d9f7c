package dev.flowcraft.server;

import dev.flowcraft.kafka.queue.DeadLetters;
import java.util.List;

/** What a replay did (or, with {@code dryRun}, would do), as {@code flowcraft dlq replay --output json}. Immutable. */
public record ReplayView(String topic, String jobTopic, boolean dryRun, long replayed, long alreadyReplayed,
    long unreplayable, long matched, long total, List<String> warnings) {

  static ReplayView of(DeadLetters.ReplayReport r) {
    return new ReplayView(r.topic(), r.jobTopic(), r.dryRun(), r.replayed(), r.alreadyReplayed(), r.unreplayable(),
        r.matched(), r.total(), r.warnings());
  }
}
