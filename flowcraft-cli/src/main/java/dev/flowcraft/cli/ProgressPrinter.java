package dev.flowcraft.cli;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import java.io.PrintWriter;

/** {@code --verbose}: one stderr line per node event, so a long run shows where it is. */
final class ProgressPrinter implements EventBus {

  private final PrintWriter err;

  ProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void emit(FlowcraftEvent event) {
    String line = describe(event);
    if (line != null) {
      synchronized (err) {
        err.println(line);
        err.flush();
      }
    }
  }

  static String describe(FlowcraftEvent event) {
    if (event instanceof FlowcraftEvent.NodeStart e) {
      return "node:start    " + e.instanceKey() + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : "");
    } else if (event instanceof FlowcraftEvent.NodeFinish e) {
      return "node:finish   " + e.instanceKey() + " -> " + Json.compact(e.output())
          + (e.action() == null ? "" : " [action " + e.action() + "]");
    } else if (event instanceof FlowcraftEvent.NodeRetry e) {
      return "node:retry    " + e.nodeId() + " after attempt " + e.attempt() + ": " + e.error();
    } else if (event instanceof FlowcraftEvent.NodeFallback e) {
      return "node:fallback " + e.nodeId() + " -> " + e.fallback();
    } else if (event instanceof FlowcraftEvent.NodeError e) {
      return "node:error    " + e.instanceKey() + ": " + e.error().message();
    } else if (event instanceof FlowcraftEvent.NodeSkipped e) {
      return "node:skipped  " + e.instanceKey();
    } else if (event instanceof FlowcraftEvent.NodeAwaiting e) {
      return "node:awaiting " + e.instanceKey();
    } else if (event instanceof FlowcraftEvent.WorkflowStart e) {
      return "workflow:start  " + e.blueprintId() + " (run " + e.runId() + ")";
    } else if (event instanceof FlowcraftEvent.WorkflowFinish e) {
      return "workflow:finish " + e.blueprintId() + " " + e.status();
    } else if (event instanceof FlowcraftEvent.WorkflowPause e) {
      return "workflow:pause  " + e.blueprintId() + " awaiting " + e.awaitingNodeIds();
    }
    return null;
  }
}
