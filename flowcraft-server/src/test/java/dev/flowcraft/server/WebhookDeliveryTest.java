package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/{id}} on the API's port: the webhook handler's semantics, the API's error bodies. */
class WebhookDeliveryTest {

  private static final String HOOK_DEMO = "{\"id\": \"hook-demo\", \"nodes\": ["
      + "{\"id\": \"webhook_1\", \"uses\": \"webhook\"},"
      + "{\"id\": \"wait_for_webhook_1\", \"uses\": \"wait\", \"params\": {\"eventName\": \"webhook:webhook_1\"}},"
      + "{\"id\": \"handle\", \"uses\": \"transform\", \"params\": {\"value\": \"wait_for_webhook_1.paid\"}}],"
      + "\"edges\": [{\"source\": \"webhook_1\", \"target\": \"wait_for_webhook_1\"},"
      + "{\"source\": \"wait_for_webhook_1\", \"target\": \"handle\"}]}";

  private InMemoryServer s;

  @AfterEach
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  private String awaitingHook(Api api) {
    String runId = api.post("/api/v1/runs", "{\"blueprint\": " + HOOK_DEMO + "}").json().get("runId").asText();
    JsonNode[] run = new JsonNode[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      run[0] = api.get("/api/v1/runs/" + runId).json();
      return "awaiting".equals(run[0].get("status").asText());
    });
    return run[0].get("context").get("_outputs.webhook_1").get("id").asText();
  }

  @Test
  void aDeliveryResumesTheRunWithTheBodyAndTheApiTokenIsNotNeeded() {
    s = new InMemoryServer(List.of());
    Api api = s.api();
    String id = awaitingHook(api);
    Api anonymous = api.withToken(null);

    Api.Reply notJson = anonymous.post("/webhooks/" + id, "nope");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorCode()).isEqualTo("bad_request");
    Api.Reply get = anonymous.get("/webhooks/" + id);
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.errorCode()).isEqualTo("method_not_allowed");
    Api.Reply unknown = anonymous.post("/webhooks/" + "B".repeat(43), "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").get("message").asText()).contains("unknown or expired");

    Api.Reply delivered = anonymous.post("/webhooks/" + id, "{\"paid\": true}");
    assertThat(delivered.status()).as(delivered.toString()).isEqualTo(202);
    assertThat(delivered.json().get("resumed").asInt()).isEqualTo(1);
    String runId = delivered.json().get("runId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(api.get("/api/v1/runs/" + runId).json()
        .get("status").asText()));
    assertThat(api.get("/api/v1/runs/" + runId).json().get("context").get("_outputs.handle").asBoolean()).isTrue();
  }

  @Test
  void aWebhookTokenIsRequiredWhenConfigured() {
    s = new InMemoryServer(dev.flowcraft.api.NodeRegistry.empty(), List.of(), b -> b.webhookToken("hook-token-123"));
    Api api = s.api();
    String id = awaitingHook(api);
    Api.Reply without = api.withToken(null).post("/webhooks/" + id, "{\"paid\": true}");
    assertThat(without.status()).isEqualTo(401);
    assertThat(without.errorCode()).isEqualTo("unauthorized");
    Api.Reply apiToken = api.post("/webhooks/" + id, "{\"paid\": true}");
    assertThat(apiToken.status()).as("API tokens are not webhook tokens").isEqualTo(401);
    Api.Reply with = api.withToken("hook-token-123").post("/webhooks/" + id, "{\"paid\": true}");
    assertThat(with.status()).as(with.toString()).isEqualTo(202);
  }
}
