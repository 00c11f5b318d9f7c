package dev.flowcraft.server;

import dev.flowcraft.kafka.queue.DeadLetters;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/dead-letters}: the first {@code limit} matching records and counts over every
 * match (the whole topic is read, as {@code flowcraft dlq list} does). Immutable.
 */
public record DeadLetterPage(String topic, String replayGroup, long total, long matched, long pending, long replayed,
    long unreplayable, List<DeadLetterView> deadLetters, List<String> warnings) {

  static DeadLetterPage of(DeadLetters.Listing l) {
    return new DeadLetterPage(l.topic(), l.replayGroup(), l.total(), l.matched(), l.pending(), l.replayed(),
        l.unreplayable(), l.deadLetters().stream().map(DeadLetterView::of).toList(), l.warnings());
  }
}
