package dev.flowcraft.spi;

import java.util.Optional;

/**
 * Webhook endpoints of webhook nodes: {@link #register} hands a node instance a URL, {@link #lookup} tells the
 * process that receives a request on that URL which run and event it resumes. In memory by default; on
 * Cassandra ({@code CassandraWebhookRegistry}) so that the worker that registers and the process that serves
 * the HTTP endpoint may differ.
 *
 * <p>Ids must be deterministic per run and node instance (a redelivered webhook job must not hand out a
 * second URL) and unguessable (the id is the only credential of a public URL): derive them with
 * {@link WebhookIds#derive}. Implementations are thread-safe.
 */
public interface WebhookRegistrar {

  /**
   * The endpoint of node instance {@code nodeInstance} of run {@code runId}, whose requests resume the waits
   * on {@code event}. Idempotent: the same run and instance give the same endpoint.
   */
  Endpoint register(String runId, String nodeInstance, String event);

  /** The run and event of a registered, unexpired endpoint id; empty for an unknown or expired id. */
  Optional<Target> lookup(String id);

  /** Drops the endpoints of a run the caller is done with (optional: stores with expiry may ignore it). */
  default void forgetRun(String runId) {}

  /** What the webhook node outputs: {@code url} is where to POST, {@code event} what a wait node awaits. */
  record Endpoint(String id, String url, String event) {}

  /** What a request on an endpoint resumes. */
  record Target(String runId, String event) {}
}
