package dev.flowcraft.kafka.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.kafka.metrics.MetricsServer;
import dev.flowcraft.runtime.FlowRuntime;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hardening: slow or hostile clients cannot take the webhook or metrics endpoint down. Before, eight idle
 * connections (headers never finished, or a body never sent) took every handler thread of the JDK server and a
 * legitimate request timed out, with no token needed; one idle client blocked metrics scrapes.
 */
class SlowClientsTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();

  private final List<Socket> sockets = new ArrayList<>();
  private FlowRuntime runtime;
  private WebhookServer webhooks;
  private MetricsServer metrics;

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (webhooks != null) {
      webhooks.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /** 100 connections: half stop inside their headers, half declare a body they never send. */
  private void holdIdleConnections(int port, String path) throws Exception {
    for (int i = 0; i < 100; i++) {
      Socket s = new Socket("127.0.0.1", port);
      sockets.add(s);
      OutputStream out = s.getOutputStream();
      String partial = i % 2 == 0
          ? "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
          : "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
      out.write(partial.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  @Test
  void aValidWebhookRequestAnswersWithinASecondWhileAHundredIdleConnectionsAreOpen() throws Exception {
    runtime = FlowRuntime.builder().registry(NodeRegistry.builder().register("echo", ctx -> NodeResult.of(1)).build())
        .build();
    webhooks = WebhookServer.start(runtime, WebhookServerOptions.builder().port(0).build());
    holdIdleConnections(webhooks.port(), "/webhooks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    URI unknown = webhooks.baseUri().resolve("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(unknown).timeout(Duration.ofSeconds(1))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404); // answered: unknown id, after the body was read and parsed
    assertThat(r.body()).contains("unknown or expired");
  }

  @Test
  void aScrapeAnswersWithinASecondWhileAHundredIdleConnectionsAreOpen() throws Exception {
    metrics = MetricsServer.start("127.0.0.1", 0, () -> "flowcraft_up 1\n");
    holdIdleConnections(metrics.port(), "/metrics");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port()
        + "/metrics")).timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("flowcraft_up 1\n");
  }

  @Test
  void aStalledConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    runtime = FlowRuntime.builder().build();
    webhooks = WebhookServer.start(runtime, WebhookServerOptions.builder().port(0)
        .idleTimeout(Duration.ofMillis(300)).build());
    try (Socket s = new Socket("127.0.0.1", webhooks.port())) {
      s.getOutputStream().write("POST /webhooks/x HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      // the server closes it (end of stream, possibly after an error answer) well before our read timeout
      byte[] answer = in.readAllBytes();
      assertThat(answer.length).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void headersOverTheLimitAre431() throws Exception {
    runtime = FlowRuntime.builder().build();
    webhooks = WebhookServer.start(runtime, WebhookServerOptions.builder().port(0).maxHeaderBytes(2048).build());
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(webhooks.baseUri().resolve("x"))
        .timeout(Duration.ofSeconds(5)).header("X-Big", "a".repeat(4096))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(431);
  }
}
