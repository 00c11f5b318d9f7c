package dev.flowcraft.runtime;

import dev.flowcraft.spi.WebhookIds;
import dev.flowcraft.spi.WebhookRegistrar;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook endpoints in memory, the default of a {@link FlowRuntime}: an id per webhook node instance, mapped to
 * its run and event, forgotten with the run. The secret is random per registrar, so ids are stable within the
 * process only. Thread-safe.
 */
final class LocalWebhookRegistrar implements WebhookRegistrar {

  private final String baseUrl;
  private final byte[] secret = WebhookIds.randomSecret();
  private final Map<String, Target> byId = new ConcurrentHashMap<>();

  LocalWebhookRegistrar(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public Endpoint register(String runId, String nodeInstance, String event) {
    String id = WebhookIds.derive(secret, runId, nodeInstance);
    byId.put(id, new Target(runId, event));
    return new Endpoint(id, WebhookIds.url(baseUrl, id), event);
  }

  @Override
  public Optional<Target> lookup(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public void forgetRun(String runId) {
    byId.values().removeIf(t -> t.runId().equals(runId));
  }
}
