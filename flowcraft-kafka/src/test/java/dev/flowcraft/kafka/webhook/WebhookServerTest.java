package dev.flowcraft.kafka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answers of the {@link WebhookServer} over real HTTP, on an in-memory runtime: the server only needs a
 * runtime that looks ids up and signals, so the status codes do not need the servers.
 */
class WebhookServerTest {

  private static final String TOKEN = "s3cret-token";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private FlowRuntime runtime;
  private WebhookServer server;

  @BeforeEach
  void start() {
    runtime = FlowRuntime.builder()
        .registry(NodeRegistry.builder().register("echo", ctx -> NodeResult.of(ctx.input())).build())
        .build();
    server = WebhookServer.start(runtime, WebhookServerOptions.builder().port(0).maxBodyBytes(1024).build());
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  private static Blueprint hookDemo() {
    return new Blueprint("hook-demo",
        List.of(NodeDefinition.of("webhook_1", "webhook"),
            NodeDefinition.of("wait_for_webhook_1", "wait").withParams(Map.of("eventName", "webhook:webhook_1")),
            NodeDefinition.of("handle", "echo")),
        List.of(EdgeDefinition.of("webhook_1", "wait_for_webhook_1"), EdgeDefinition.of("wait_for_webhook_1", "handle")));
  }

  /** Starts a run up to its wait and returns the webhook id. */
  private String awaitingHook(RunResult[] run) {
    RunResult waiting = runtime.run(hookDemo());
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    run[0] = waiting;
    @SuppressWarnings("unchecked")
    Map<String, Object> hook = (Map<String, Object>) waiting.output("webhook_1");
    return (String) hook.get("id");
  }

  /** The endpoint on this server (the runtime's base URL names the default port; the id is what matters). */
  private URI url(String id) {
    return server.baseUri().resolve(id);
  }

  private static HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
    return HTTP.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder post(URI uri, String body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return JSON.readValue(r.body(), Map.class);
  }

  @Test
  void postResumesTheWaitWithTheBodyAsItsOutput() throws Exception {
    RunResult[] run = new RunResult[1];
    String id = awaitingHook(run);
    HttpResponse<String> r = send(post(url(id), "{\"paid\": true, \"amount\": 42}"));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r)).isEqualTo(Map.of("runId", run[0].runId(), "resumed", 1));
    RunResult done = runtime.awaitFinal(run[0].runId(), Duration.ofSeconds(5));
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.output("wait_for_webhook_1")).isEqualTo(Map.of("paid", true, "amount", 42));
    assertThat(done.output("handle")).isEqualTo(Map.of("paid", true, "amount", 42));
  }

  @Test
  void unknownIdIs404() throws Exception {
    HttpResponse<String> r = send(post(url("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "{}"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error")).asString().contains("unknown or expired");
    assertThat(send(post(server.baseUri().resolve("/elsewhere"), "{}")).statusCode()).isEqualTo(404);
    assertThat(send(post(server.baseUri().resolve("a/b"), "{}")).statusCode()).isEqualTo(404);
  }

  @Test
  void oversizedBodyIs413ByLengthAndByCounting() throws Exception {
    String id = awaitingHook(new RunResult[1]);
    String big = "{\"x\": \"" + "a".repeat(2000) + "\"}";
    HttpResponse<String> declared = send(post(url(id), big));
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(json(declared).get("error")).asString().contains("larger than 1024 bytes");
    // no Content-Length (chunked): counted while reading
    HttpResponse<String> chunked = send(HttpRequest.newBuilder(url(id))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    // and the run still waits
    assertThat(send(post(url(id), "{\"ok\": 1}")).statusCode()).isEqualTo(202);
  }

  @Test
  void invalidJsonIs400() throws Exception {
    String id = awaitingHook(new RunResult[1]);
    for (String bad : List.of("{not json", "", "{} {}")) {
      HttpResponse<String> r = send(post(url(id), bad));
      assertThat(r.statusCode()).as("body '%s'", bad).isEqualTo(400);
      assertThat(json(r).get("error")).asString().startsWith("The body is not JSON");
    }
  }

  @Test
  void getIs405() throws Exception {
    String id = awaitingHook(new RunResult[1]);
    HttpResponse<String> r = send(HttpRequest.newBuilder(url(id)).GET());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).contains("POST");
    assertThat(send(HttpRequest.newBuilder(url(id)).PUT(HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
        .isEqualTo(405);
  }

  @Test
  void withATokenRequestsWithoutTheRightBearerAre401() throws Exception {
    server.close();
    server = WebhookServer.start(runtime, WebhookServerOptions.builder().port(0).token(TOKEN).build());
    RunResult[] run = new RunResult[1];
    String id = awaitingHook(run);
    HttpResponse<String> missing = send(post(url(id), "{}"));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(json(missing).get("error")).asString().contains("Authorization: Bearer");
    assertThat(send(post(url(id), "{}").header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
    assertThat(send(post(url(id), "{}").header("Authorization", TOKEN)).statusCode()).isEqualTo(401);
    assertThat(runtime.status(run[0].runId()).orElseThrow().status()).isEqualTo(RunStatus.AWAITING);
    HttpResponse<String> ok = send(post(url(id), "{\"a\": 1}").header("Authorization", "Bearer " + TOKEN));
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(runtime.awaitFinal(run[0].runId(), Duration.ofSeconds(5)).output("handle")).isEqualTo(Map.of("a", 1));
  }

  @Test
  void closeIsIdempotentAndFreesThePort() throws Exception {
    int port = server.port();
    server.close();
    server.close();
    server = WebhookServer.start(runtime, WebhookServerOptions.builder().port(port).build());
    assertThat(server.port()).isEqualTo(port);
  }
}
