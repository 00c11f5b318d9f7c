package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standard node library (transform, log, http, fail) in JSON-only blueprints. */
class StandardNodesTest {

  private HttpServer server;
  private final AtomicReference<String> lastBody = new AtomicReference<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private FlowRuntime runtime;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/echo", ex -> {
      lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] out = "{\"ok\":true,\"method\":\"POST\"}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.createContext("/flaky", ex -> {
      int n = flakyCalls.incrementAndGet();
      ex.sendResponseHeaders(n < 3 ? 503 : 200, -1);
      ex.close();
    });
    server.createContext("/missing", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
    runtime = FlowRuntime.builder().build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    runtime.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void transformComputesFromInputAndContextAndHttpPostsJson() {
    Map<String, Object> httpParams = new LinkedHashMap<>();
    httpParams.put("method", "POST");
    httpParams.put("url", url("/echo"));
    httpParams.put("body", Map.of("total", 30));
    Blueprint b = new Blueprint("std", List.of(
        NodeDefinition.of("total", "transform").withParams(Map.of("value", "order.price * order.qty")),
        NodeDefinition.of("post", "http").withParams(httpParams),
        NodeDefinition.of("check", "transform").withParams(Map.of("value", "input.body.ok && input.status == 200")),
        NodeDefinition.of("note", "log").withParams(Map.of("message", "done"))),
        List.of(EdgeDefinition.of("total", "post"), EdgeDefinition.of("post", "check"), EdgeDefinition.of("check", "note")));
    RunResult r = runtime.run(b, Map.of("order", Map.of("price", 10, "qty", 3)));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("total")).isEqualTo(30);
    assertThat(lastBody.get()).isEqualTo("{\"total\":30}");
    assertThat(r.output("check")).isEqualTo(true);
    assertThat(r.output("note")).isEqualTo(true);
  }

  @Test
  void http5xxIsRetriedAnd404IsFatal() {
    Blueprint flaky = new Blueprint("flaky", List.of(NodeDefinition.of("get", "http")
        .withParams(Map.of("url", url("/flaky"))).withConfig(NodeConfig.DEFAULT.withMaxRetries(3))), List.of());
    assertThat(runtime.run(flaky).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(flakyCalls.get()).isEqualTo(3);

    Blueprint missing = new Blueprint("missing", List.of(NodeDefinition.of("get", "http")
        .withParams(Map.of("url", url("/missing"))).withConfig(NodeConfig.DEFAULT.withMaxRetries(3))), List.of());
    RunResult r = runtime.run(missing);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).contains("returned 404");
    assertThat(r.errors().get(0).fatal()).isTrue();
  }

  @Test
  void failNodeFailsWithItsMessage() {
    RunResult r = runtime.run(new Blueprint("f", List.of(NodeDefinition.of("x", "fail")
        .withParams(Map.of("message", "card declined"))), List.of()));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.errors().get(0).message()).isEqualTo("card declined");
  }
}
