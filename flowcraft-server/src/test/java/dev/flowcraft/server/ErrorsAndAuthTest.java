package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auth (401, 403) and every kind of client error, each with the JSON error body. */
class ErrorsAndAuthTest {

  private InMemoryServer s;
  private Api api;

  @BeforeEach
  void start() {
    s = new InMemoryServer(dev.flowcraft.api.NodeRegistry.empty(), List.of(InMemoryServer.example("approval.json")),
        b -> b.limits(HttpLimits.DEFAULT.withMaxBodyBytes(4096).withMaxHeaderBytes(2048)));
    api = s.api();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private static void assertError(Api.Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode error = r.json().get("error");
    assertThat(error).as(r.toString()).isNotNull();
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  @Test
  void noTokenOrAWrongTokenIs401() {
    Api.Reply none = api.withToken(null).get("/api/v1/runs");
    assertError(none, 401, "unauthorized");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertError(api.withToken("write-token-0123456789abcdeX").get("/api/v1/runs"), 401, "unauthorized");
    assertError(api.withToken("").get("/api/v1/runs"), 401, "unauthorized");
    Api.Reply basic = Api.send(HttpRequest.newBuilder(api.uri("/api/v1/runs")).header("Authorization", "Basic eDp5").GET());
    assertError(basic, 401, "unauthorized");
    assertError(api.withToken(null).post("/api/v1/runs", "{\"blueprintId\": \"approval\"}"), 401, "unauthorized");
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    Api read = s.readOnly();
    assertThat(read.get("/api/v1/runs").status()).isEqualTo(200);
    assertThat(read.get("/api/v1/blueprints").status()).isEqualTo(200);
    assertThat(read.post("/api/v1/blueprints/lint", "{\"id\": \"x\", \"nodes\": []}").status()).isEqualTo(200);
    Api.Reply start = read.post("/api/v1/runs", "{\"blueprintId\": \"approval\"}");
    assertError(start, 403, "forbidden");
    assertThat(start.json().get("error").get("message").asText()).contains("write");
    assertError(read.post("/api/v1/runs/x/cancel", null), 403, "forbidden");
    assertError(read.post("/api/v1/dead-letters/replay", "{\"all\": true}"), 403, "forbidden");
    // a write token can read
    assertThat(api.get("/api/v1/runs").status()).isEqualTo(200);
  }

  @Test
  void healthAndTheOpenApiDocumentNeedNoToken() {
    Api anonymous = api.withToken(null);
    Api.Reply health = anonymous.get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    Api.Reply doc = anonymous.get("/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().get("openapi").asText()).startsWith("3.");
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405WithAllow() {
    assertError(api.get("/nope"), 404, "not_found");
    assertError(api.get("/api/v1/nope/deeper"), 404, "not_found");
    assertError(api.withToken(null).get("/api/v2/runs"), 404, "not_found");
    Api.Reply wrong = api.send("DELETE", "/api/v1/runs", null, null);
    assertError(wrong, 405, "method_not_allowed");
    assertThat(wrong.header("Allow")).contains("GET").contains("POST");
    Api.Reply put = api.send("PUT", "/api/v1/runs/abc/cancel", "{}", "application/json");
    assertError(put, 405, "method_not_allowed");
    assertThat(put.header("Allow")).isEqualTo("POST");
  }

  @Test
  void anUnknownRunIs404AndAnInvalidRunId400() {
    assertError(api.get("/api/v1/runs/no-such-run"), 404, "run_not_found");
    assertError(api.post("/api/v1/runs/no-such-run/cancel", null), 404, "run_not_found");
    assertError(api.post("/api/v1/runs/no-such-run/resume", "{\"action\": \"approve\"}"), 404, "run_not_found");
    assertError(api.post("/api/v1/runs/no-such-run/signal", "{\"event\": \"e\"}"), 404, "run_not_found");
    Api.Reply bad = api.get("/api/v1/runs/-leading-dash");
    assertError(bad, 400, "invalid_id");
    assertThat(bad.json().get("error").get("message").asText()).contains("A-Z a-z 0-9");
    assertError(api.get("/api/v1/runs/a%20b"), 400, "invalid_id");
    assertError(api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"runId\": \"a|b\"}"), 400, "invalid_id");
  }

  @Test
  void malformedJsonIs400SayingWhereAndWhat() {
    Api.Reply broken = api.post("/api/v1/runs", "{\"blueprintId\": ");
    assertError(broken, 400, "malformed_json");
    assertThat(broken.json().get("error").get("message").asText()).contains("line 1");
    assertError(api.post("/api/v1/runs", "{\"blueprintId\": \"approval\"} trailing"), 400, "malformed_json");
    assertError(api.post("/api/v1/runs", ""), 400, "malformed_json");

    Api.Reply unknownMember = api.post("/api/v1/runs", "{\"blueprintID\": \"approval\"}");
    assertError(unknownMember, 400, "bad_request");
    assertThat(unknownMember.json().get("error").get("details").get(0).get("path").asText()).isEqualTo("$.blueprintID");

    Api.Reply wrongType = api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"input\": [1, 2]}");
    assertError(wrongType, 400, "bad_request");
    assertThat(wrongType.json().get("error").get("details").get(0).get("path").asText()).isEqualTo("$.input");

    assertError(api.post("/api/v1/runs", "{}"), 400, "bad_request");
    assertError(api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"blueprint\": {\"id\": \"x\"}}"), 400, "bad_request");
    assertError(api.post("/api/v1/runs/x/signal", "{\"payload\": 1}"), 400, "bad_request");
    assertError(api.send("POST", "/api/v1/runs", "blueprintId=approval", "application/x-www-form-urlencoded"), 415,
        "unsupported_media_type");
  }

  @Test
  void anUnknownBlueprintIs404AndAnInvalidOne422WithItsJsonPaths() {
    assertError(api.post("/api/v1/runs", "{\"blueprintId\": \"missing\"}"), 404, "blueprint_not_found");
    assertError(api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"version\": \"9\"}"), 404, "blueprint_not_found");

    String dangling = "{\"id\": \"bad\", \"nodes\": [{\"id\": \"a\", \"uses\": \"transform\", \"params\": {\"value\": \"1\"}}],"
        + " \"edges\": [{\"source\": \"a\", \"target\": \"ghost\"}]}";
    Api.Reply invalid = api.post("/api/v1/runs", "{\"blueprint\": " + dangling + "}");
    assertError(invalid, 422, "invalid_blueprint");
    JsonNode detail = invalid.json().get("error").get("details").get(0);
    assertThat(detail.get("path").asText()).isEqualTo("$.edges[0].target");
    assertThat(detail.get("code").asText()).isNotBlank();
    assertThat(detail.get("message").asText()).contains("ghost");

    Api.Reply notABlueprint = api.post("/api/v1/runs", "{\"blueprint\": {\"nodes\": 3}}");
    assertError(notABlueprint, 422, "invalid_blueprint");
    assertThat(notABlueprint.json().get("error").get("details")).isNotEmpty();
  }

  @Test
  void aBodyOverTheLimitIs413WhetherDeclaredOrChunked() {
    String big = "{\"blueprintId\": \"approval\", \"input\": {\"x\": \"" + "a".repeat(5000) + "\"}}";
    Api.Reply declared = api.post("/api/v1/runs", big);
    assertError(declared, 413, "payload_too_large");
    assertThat(declared.json().get("error").get("message").asText()).contains("4096");

    // chunked: no Content-Length, the limit is found while reading
    HttpRequest chunked = HttpRequest.newBuilder(api.uri("/api/v1/runs")).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + InMemoryServer.WRITE).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))).build();
    assertError(Api.send(HttpRequest.newBuilder(chunked, (k, v) -> true)), 413, "payload_too_large");

    // webhooks: the same limit
    Api.Reply hook = api.withToken(null).post("/webhooks/" + "A".repeat(43), big);
    assertThat(hook.status()).as(hook.toString()).isEqualTo(413);
    assertThat(hook.errorCode()).isEqualTo("payload_too_large");
  }

  @Test
  void headersOverTheLimitAre431AsJson() {
    Api.Reply r = Api.send(HttpRequest.newBuilder(api.uri("/api/v1/runs")).timeout(Duration.ofSeconds(10))
        .header("X-Big", "a".repeat(4096)).GET());
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.errorCode()).isEqualTo("headers_too_large");
  }

  @Test
  void corsIsOff() {
    Api.Reply preflight = Api.send(HttpRequest.newBuilder(api.uri("/api/v1/runs")).timeout(Duration.ofSeconds(10))
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    Api.Reply get = Api.send(HttpRequest.newBuilder(api.uri("/api/v1/runs")).timeout(Duration.ofSeconds(10))
        .header("Origin", "https://evil.example").header("Authorization", "Bearer " + InMemoryServer.WRITE).GET());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void deadLettersWithoutKafkaAre501() {
    assertError(api.get("/api/v1/dead-letters"), 501, "not_configured");
  }

  @Test
  void aServerNeedsATokenAndTokensMustBeLongEnough() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlowcraftServer.builder().runtime(s.runtime)
        .runStates(s.backends.runs()).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiToken.write("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    assertThat(ApiToken.write(InMemoryServer.WRITE).toString()).doesNotContain(InMemoryServer.WRITE);
    assertThat(URI.create(s.server.baseUri().toString()).getPort()).isEqualTo(s.server.port());
  }
}
