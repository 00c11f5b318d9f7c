package dev.flowcraft.runtime;

import dev.flowcraft.internal.WebhookRegistrar;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Webhook endpoints in memory: an id per webhook node instance, mapped to its run and event. Thread-safe. */
final class LocalWebhookRegistrar implements WebhookRegistrar {

  record Target(String runId, String event) {}

  private final String baseUrl;
  private final Map<String, Target> byId = new ConcurrentHashMap<>();

  LocalWebhookRegistrar(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  @Override
  public Endpoint register(String runId, String nodeId, String event) {
    String id = UUID.randomUUID().toString();
    byId.put(id, new Target(runId, event));
    return new Endpoint(id, baseUrl + id, event);
  }

  Optional<Target> lookup(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  void forgetRun(String runId) {
    byId.values().removeIf(t -> t.runId().equals(runId));
  }
}
