package dev.flowcraft.server;

import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.KafkaQueueException;
import dev.flowcraft.validation.Identifiers;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dead-letter endpoints, on {@link DeadLetters} (the code of {@code flowcraft dlq}); 501 when the server has
 * none (an embedded server on the in-memory runtime). Every call reads the whole dead-letter topic. Thread-safe
 * ({@link DeadLetters} opens its own clients per call); replays should not run twice at once (see DeadLetters).
 */
final class DeadLetterEndpoints {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final DeadLetters deadLetters;

  /** @param deadLetters the dead-letter topic, or null when there is none */
  DeadLetterEndpoints(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /** {@code GET /api/v1/dead-letters?runId=&partition=&limit=}. */
  void list(Context ctx) {
    DeadLetters dl = required();
    Requests.onlyParameters(ctx, Set.of("runId", "partition", "limit"), Set.of());
    String runId = ctx.queryParam("runId");
    checkRunId(runId, "runId");
    int partition = Requests.intParameter(ctx, "partition", -1, 0, Integer.MAX_VALUE);
    int limit = Requests.intParameter(ctx, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT);
    DeadLetters.Selection selection = new DeadLetters.Selection(runId, partition < 0 ? null : partition, null);
    Replies.json(ctx, 200, DeadLetterPage.of(call(dl, () -> dl.list(selection, limit))));
  }

  /** {@code POST /api/v1/dead-letters/replay} with a {@link ReplayRequest}. */
  void replay(Context ctx) {
    DeadLetters dl = required();
    ReplayRequest req = Requests.body(ctx, ReplayRequest.class, null);
    boolean all = Boolean.TRUE.equals(req.all());
    boolean some = req.runId() != null || req.partition() != null;
    if (req.offset() != null && req.partition() == null) {
      throw bad("$.offset", "'offset' needs 'partition': a dead letter is named by both (its position partition@offset).");
    }
    if (!all && !some) {
      throw bad("$.all", "Say what to replay: {\"all\": true}, {\"runId\": ...}, or {\"partition\": n[, \"offset\": n]};"
          + " add \"dryRun\": true to look first.");
    }
    if (all && (some || req.offset() != null)) {
      throw bad("$.all", "'all' replays everything: leave out runId, partition and offset.");
    }
    checkRunId(req.runId(), "$.runId");
    DeadLetters.Selection selection = new DeadLetters.Selection(req.runId(), req.partition(), req.offset());
    boolean dryRun = Boolean.TRUE.equals(req.dryRun());
    DeadLetters.ReplayReport report = call(dl, () -> dl.replay(selection, dryRun, new DeadLetters.ReplayListener() {}));
    if (req.offset() != null && report.matched() == 0) {
      throw ApiException.notFound(ErrorCodes.NOT_FOUND, "No dead letter at partition " + req.partition() + " offset "
          + req.offset() + " of " + dl.topic() + ".");
    }
    Replies.json(ctx, 200, ReplayView.of(report));
  }

  private DeadLetters required() {
    if (deadLetters == null) {
      throw new ApiException(501, ErrorCodes.NOT_CONFIGURED, "This server has no dead-letter topic: dead letters exist"
          + " with the distributed workers (Kafka); start the server with the Kafka servers (flowcraft server).");
    }
    return deadLetters;
  }

  private static void checkRunId(String runId, String where) {
    if (runId != null) {
      Identifiers.runIdProblem(runId).ifPresent(p -> {
        throw new ApiException(400, ErrorCodes.INVALID_ID, p, List.of(new ErrorDetail(where, null, Identifiers.RUN_ID_RULE)));
      });
    }
  }

  private static ApiException bad(String path, String message) {
    return new ApiException(400, ErrorCodes.BAD_REQUEST, message, List.of(new ErrorDetail(path, null, message)));
  }

  private static <T> T call(DeadLetters dl, Supplier<T> call) {
    try {
      return call.get();
    } catch (DeadLetters.MissingTopicException e) {
      throw ApiException.notFound(ErrorCodes.NOT_FOUND, "Kafka topic '" + e.topic() + "' does not exist: workers"
          + " create the job and dead-letter topics when they start; before, nothing was dead-lettered.");
    } catch (KafkaQueueException e) {
      throw new ApiException(503, ErrorCodes.UNAVAILABLE, "Kafka could not be read: " + e.getMessage());
    }
  }
}
