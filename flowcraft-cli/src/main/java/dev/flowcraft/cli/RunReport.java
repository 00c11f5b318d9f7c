package dev.flowcraft.cli;

import dev.flowcraft.runtime.AwaitingNode;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code run} prints: one JSON object, or a status line, the context and the errors as text. */
final class RunReport {

  private RunReport() {}

  /** The {@code --output json} document; field names and lowercase statuses are the CLI's contract. */
  static Map<String, Object> toJson(RunResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", r.runId());
    out.put("blueprintId", r.blueprintId());
    out.put("status", r.status().jsonName());
    if (r.reason() != null) {
      out.put("reason", r.reason());
    }
    out.put("context", r.context());
    out.put("errors", r.errors().stream().map(RunReport::error).toList());
    Map<String, Object> nodes = new LinkedHashMap<>();
    r.nodes().forEach((instance, status) -> nodes.put(instance, lower(status)));
    out.put("nodes", nodes);
    out.put("awaiting", r.awaiting());
    if (!r.awaitingDetails().isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      r.awaitingDetails().forEach((instance, a) -> details.put(instance, awaitingJson(a)));
      out.put("awaitingDetails", details);
    }
    out.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
    out.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
    return out;
  }

  /** The recorded details (reason, wakeUpAt, eventName, childRunId, childStatus, ...) and since when. */
  private static Map<String, Object> awaitingJson(AwaitingNode a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", a.nodeId());
    m.putAll(a.details());
    m.put("since", a.since() == null ? null : a.since().toString());
    return m;
  }

  /** One line per awaited instance: what would end the wait. */
  private static String describe(AwaitingNode a) {
    String reason = a.reason() == null ? "awaiting" : a.reason();
    return switch (reason) {
      case "timer" -> "timer, wakes up at " + a.wakeUpAt();
      case "external_event" -> "external event" + (a.eventName() == null ? "" : " '" + a.eventName() + "'")
          + " (flowcraft resume <runId> --action ...)";
      case "subflow" -> "child run " + a.childRunId() + (a.childStatus() == null ? "" : " (" + a.childStatus() + ")");
      default -> reason + (a.eventName() == null ? "" : " '" + a.eventName() + "'");
    } + (a.since() == null ? "" : ", since " + a.since());
  }

  private static Map<String, Object> error(ErrorInfo e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", e.nodeId());
    m.put("message", e.message());
    m.put("type", e.type());
    m.put("fatal", e.fatal());
    return m;
  }

  /**
   * Text: the status line, then context keys (node outputs appear under the node id; the engine's
   * {@code _outputs.*}/{@code _inputs.*} copies are left to --output json), then errors and awaited nodes.
   */
  static void printText(RunResult r, PrintWriter out) {
    out.println("Run " + TerminalText.safe(r.runId()) + " of '" + TerminalText.safe(r.blueprintId()) + "': "
        + r.status().jsonName().toUpperCase(Locale.ROOT)
        + (r.reason() == null ? "" : " (" + TerminalText.safe(r.reason()) + ")"));
    out.println("Context:");
    r.context().forEach((key, value) -> {
      if (!key.startsWith("_outputs.") && !key.startsWith("_inputs.")) {
        out.println("  " + TerminalText.safe(key) + " = " + TerminalText.safe(Json.compact(value)));
      }
    });
    List<ErrorInfo> errors = r.errors();
    if (!errors.isEmpty()) {
      out.println("Errors:");
      for (ErrorInfo e : errors) {
        out.println("  " + TerminalText.safe(e.nodeId()) + ": " + TerminalText.safe(e.message()) + " (" + e.type()
            + (e.fatal() ? ", fatal" : "") + ")");
      }
    }
    if (!r.awaiting().isEmpty()) {
      out.println("Awaiting: " + TerminalText.safe(String.join(", ", r.awaiting()))
          + (r.status() == RunStatus.AWAITING ? "  (a sleep ends on its own: rerun with --wait-final)" : ""));
      r.awaitingDetails().forEach((instance, a) -> out.println("  " + TerminalText.safe(instance) + ": "
          + TerminalText.safe(describe(a))));
    }
  }

  static int exitCode(RunStatus status) {
    return switch (status) {
      case COMPLETED -> ExitCodes.OK;
      case AWAITING, RUNNING -> ExitCodes.AWAITING;
      case FAILED, CANCELLED -> ExitCodes.FAILED;
    };
  }

  static String lower(NodeStatus s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
