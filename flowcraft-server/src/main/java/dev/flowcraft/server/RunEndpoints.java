package dev.flowcraft.server;

import dev.flowcraft.api.AlreadyResumedException;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.json.BlueprintFormatException;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.validation.Identifiers;
import dev.flowcraft.validation.InvalidBlueprintException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run endpoints: start, get, list, cancel, pause, resume, signal. Each is a few calls of {@link FlowRuntime}
 * and the {@link RunStateStore}; none waits for a run to settle. Thread-safe (no state of its own).
 */
final class RunEndpoints {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final Set<String> LIST_PARAMETERS = Set.of("status", "limit", "cursor");
  private static final Set<String> LIST_NOT_YET = Set.of("blueprint", "blueprintId", "from", "to", "since", "until",
      "startedAfter", "startedBefore", "createdAfter", "createdBefore");
  /** The order in which a listing without status goes through the statuses. */
  private static final List<RunStatus> ALL = List.of(RunStatus.values());

  private final FlowRuntime runtime;
  private final RunStateStore runs;
  private final BlueprintCatalog catalog;

  RunEndpoints(FlowRuntime runtime, RunStateStore runs, BlueprintCatalog catalog) {
    this.runtime = runtime;
    this.runs = runs;
    this.catalog = catalog;
  }

  /** {@code POST /api/v1/runs}: 201 with the new run, 200 with the existing one for a repeated run id. */
  void start(Context ctx) {
    StartRunRequest req = Requests.body(ctx, StartRunRequest.class, null);
    Blueprint bp = blueprintOf(req);
    String runId = req.runId();
    if (runId != null) {
      Identifiers.runIdProblem(runId).ifPresent(p -> {
        throw new ApiException(400, ErrorCodes.INVALID_ID, p, List.of(new ErrorDetail("$.runId", null, Identifiers.RUN_ID_RULE)));
      });
      Optional<RunResult> existing = runtime.status(runId);
      if (existing.isPresent()) {
        if (!bp.id().equals(existing.get().blueprintId())) {
          throw ApiException.conflict(ErrorCodes.RUN_ID_CONFLICT, "Run '" + runId + "' exists already, of blueprint '"
              + existing.get().blueprintId() + "', not '" + bp.id() + "'. Choose another run id.");
        }
        ctx.header("Location", location(runId));
        Replies.json(ctx, 200, view(existing.get()));
        return;
      }
    }
    Map<String, Object> input = req.input() == null ? Map.of() : req.input();
    String id;
    try {
      id = runtime.start(bp, input, runId == null ? RunOptions.DEFAULT : RunOptions.withRunId(runId));
    } catch (InvalidBlueprintException e) {
      throw invalid(e);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    ctx.header("Location", location(id));
    Replies.json(ctx, 201, view(runtime.status(id).orElseThrow(() -> notFound(id))));
  }

  /** {@code GET /api/v1/runs/{runId}}. */
  void get(Context ctx) {
    String runId = Requests.runId(ctx);
    Replies.json(ctx, 200, view(existing(runId)));
  }

  /** {@code GET /api/v1/runs?status=&limit=&cursor=}: by status (or all, status by status), oldest update first. */
  void list(Context ctx) {
    Requests.onlyParameters(ctx, LIST_PARAMETERS, LIST_NOT_YET);
    RunStatus filter = status(ctx.queryParam("status"));
    int limit = Requests.intParameter(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String cursorText = ctx.queryParam("cursor");
    RunCursor cursor = cursorText == null || cursorText.isBlank() ? null : RunCursor.decode(cursorText, filter);
    List<RunStatus> statuses = filter != null ? List.of(filter) : ALL;
    int from = cursor == null ? 0 : statuses.indexOf(cursor.status());
    if (from < 0) {
      throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "The cursor does not fit this listing.");
    }
    List<RunSummary> out = new ArrayList<>();
    RunCursor next = null;
    for (int i = from; i < statuses.size() && out.size() < limit; i++) {
      RunStatus status = statuses.get(i);
      RunRecord after = cursor != null && status == cursor.status() ? cursor.asRecord() : null;
      while (out.size() < limit) {
        List<RunRecord> page = runs.findByStatus(status, after, limit - out.size());
        if (page.isEmpty()) {
          break;
        }
        page.forEach(r -> out.add(RunSummary.of(r)));
        after = page.get(page.size() - 1);
      }
      if (out.size() >= limit && after != null) {
        next = new RunCursor(filter, status, after.updatedAt(), after.runId());
      }
    }
    Replies.json(ctx, 200, new RunPage(out, next == null ? null : next.encode()));
  }

  /** {@code POST /api/v1/runs/{runId}/cancel}: 202 with the run as it is when the request is recorded. */
  void cancel(Context ctx) {
    String runId = Requests.runId(ctx);
    requireLive(existing(runId), "cancel");
    if (!runtime.cancel(runId)) {
      throw finished(existing(runId), "cancel");
    }
    Replies.json(ctx, 202, view(existing(runId)));
  }

  /** {@code POST /api/v1/runs/{runId}/pause}: 202; the run settles awaiting once its running nodes finished. */
  void pause(Context ctx) {
    String runId = Requests.runId(ctx);
    requireLive(existing(runId), "pause");
    if (!runtime.pause(runId)) {
      throw finished(existing(runId), "pause");
    }
    Replies.json(ctx, 202, view(existing(runId)));
  }

  /** {@code POST /api/v1/runs/{runId}/resume}: 202 with the node resumed; the run goes on. */
  void resume(Context ctx) {
    String runId = Requests.runId(ctx);
    ResumeRequest req = Requests.body(ctx, ResumeRequest.class, ResumeRequest.EMPTY);
    if (req.nodeId() != null) {
      Identifiers.nodeIdProblem(req.nodeId()).ifPresent(p -> {
        throw new ApiException(400, ErrorCodes.INVALID_ID, p, List.of(new ErrorDetail("$.nodeId", null, Identifiers.NODE_ID_RULE)));
      });
    }
    RunResult run = existing(runId);
    requireLive(run, "resume");
    try {
      String node = runtime.requestResume(runId, req.nodeId(), req.action(), req.output());
      Replies.json(ctx, 202, new ResumeResult(runId, node));
    } catch (AlreadyResumedException e) {
      throw ApiException.conflict(ErrorCodes.ALREADY_RESUMED, e.getMessage());
    } catch (FlowcraftException e) {
      RunResult now = existing(runId);
      if (now.status().isFinal()) {
        throw finished(now, "resume");
      }
      throw ApiException.conflict(ErrorCodes.CANNOT_RESUME, e.getMessage());
    }
  }

  /** {@code POST /api/v1/runs/{runId}/signal}: resumes every node of the run waiting for the event. */
  void signal(Context ctx) {
    String runId = Requests.runId(ctx);
    SignalRequest req = Requests.body(ctx, SignalRequest.class, null);
    if (req.event() == null || req.event().isBlank()) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "Name the event: {\"event\": \"<name>\", \"payload\": ...}.",
          List.of(new ErrorDetail("$.event", null, "required")));
    }
    requireLive(existing(runId), "signal");
    int resumed;
    try {
      resumed = runtime.signal(runId, req.event(), req.payload());
    } catch (FlowcraftException e) {
      existing(runId);
      throw ApiException.conflict(ErrorCodes.CONFLICT, e.getMessage());
    }
    Replies.json(ctx, 200, new SignalResult(runId, req.event(), resumed));
  }

  private Blueprint blueprintOf(StartRunRequest req) {
    boolean byId = req.blueprintId() != null;
    boolean inline = req.blueprint() != null && !req.blueprint().isNull();
    if (byId == inline) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "Give the blueprint either by id ({\"blueprintId\": ...,"
          + " \"version\": ...}) or inline ({\"blueprint\": {...}}), not " + (byId ? "both." : "neither."),
          List.of(new ErrorDetail("$.blueprintId", null, "exactly one of blueprintId and blueprint")));
    }
    if (inline) {
      if (req.version() != null) {
        throw new ApiException(400, ErrorCodes.BAD_REQUEST, "'version' goes with 'blueprintId'; an inline blueprint"
            + " has its own metadata.version.", List.of(new ErrorDetail("$.version", null, "only with blueprintId")));
      }
      return parse(req.blueprint().toString());
    }
    return catalog.find(req.blueprintId(), req.version()).orElseThrow(() -> ApiException.notFound(
        ErrorCodes.BLUEPRINT_NOT_FOUND, "No blueprint '" + req.blueprintId() + "'"
            + (req.version() == null ? "" : " in version '" + req.version() + "'") + " on this server"
            + versionsHint(req.blueprintId()) + "."));
  }

  private String versionsHint(String id) {
    List<String> versions = catalog.versions(id);
    return versions.isEmpty() ? " (GET /api/v1/blueprints lists them)" : "; its versions: " + versions;
  }

  /** A blueprint document, or 422 with every structural problem and its JSON path in the document. */
  static Blueprint parse(String json) {
    try {
      return BlueprintJson.read(json);
    } catch (BlueprintFormatException e) {
      throw new ApiException(422, ErrorCodes.INVALID_BLUEPRINT, "The blueprint is not a valid blueprint document ("
          + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + "); paths are in the"
          + " blueprint document.", e.problems().stream().map(p -> new ErrorDetail(p.path(), null, p.message())).toList());
    }
  }

  static ApiException invalid(InvalidBlueprintException e) {
    return new ApiException(422, ErrorCodes.INVALID_BLUEPRINT, "Blueprint '" + e.blueprintId() + "' is invalid ("
        + e.errors().size() + (e.errors().size() == 1 ? " problem" : " problems") + "); paths are in the blueprint"
        + " document.", e.errors().stream().map(v -> new ErrorDetail(v.path(), v.code(), v.message())).toList());
  }

  private RunResult existing(String runId) {
    return runtime.status(runId).orElseThrow(() -> notFound(runId));
  }

  private RunView view(RunResult r) {
    Optional<RunSnapshot> snap = runs.load(r.runId());
    return RunView.of(r, snap.map(RunSnapshot::run).orElse(null), snap.map(s -> s.nodes().values()).orElse(null));
  }

  private static void requireLive(RunResult run, String what) {
    if (run.status().isFinal()) {
      throw finished(run, what);
    }
  }

  private static ApiException finished(RunResult run, String what) {
    return ApiException.conflict(ErrorCodes.RUN_FINISHED, "Cannot " + what + " run '" + run.runId() + "': it is "
        + run.status().jsonName() + " already.");
  }

  private static ApiException notFound(String runId) {
    return ApiException.notFound(ErrorCodes.RUN_NOT_FOUND, "No run '" + runId + "'. Finished runs are deleted after"
        + " the workers' retention (7 days by default).");
  }

  private static String location(String runId) {
    return "/api/v1/runs/" + runId;
  }

  private static RunStatus status(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return RunStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "'status' must be one of running, awaiting, completed,"
          + " failed, cancelled; not '" + text + "'.", List.of(new ErrorDetail("status", null, "unknown status")));
    }
  }
}
