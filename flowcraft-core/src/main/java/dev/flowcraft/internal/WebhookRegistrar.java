package dev.flowcraft.internal;

/** Creates webhook endpoints for webhook nodes. Thread-safe. */
public interface WebhookRegistrar {

  /** An endpoint whose requests resume the waits on {@code event} in run {@code runId}. */
  Endpoint register(String runId, String nodeId, String event);

  record Endpoint(String id, String url, String event) {}
}
