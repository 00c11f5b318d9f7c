package dev.flowcraft.api;

import java.util.Map;

/** Everything a node implementation gets to do its work. One per attempt; not shared between threads. */
public interface NodeContext {

  /** The resolved input (see the input rules in {@code docs/architecture.md}). */
  Object input();

  /** The node's static parameters; never null. */
  Map<String, Object> params();

  /** The run context. */
  RunContext context();

  /** User dependencies given to the runtime (services, clients); never null. */
  Map<String, Object> dependencies();

  /** Fires when the run is cancelled or the attempt timed out; long-running nodes should check it. */
  CancellationSignal signal();

  String runId();

  String nodeId();

  String blueprintId();

  /** 1 for the first attempt. */
  int attempt();

  /** The loop iterations of this node instance, e.g. {@code counter=2}; empty outside loops. */
  String scope();
}
