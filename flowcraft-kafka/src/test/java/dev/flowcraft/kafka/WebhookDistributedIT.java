package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.kafka.webhook.WebhookServer;
import dev.flowcraft.kafka.webhook.WebhookServerOptions;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.Backends;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.WebhookRegistrar;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks distributed: workers register the endpoints of webhook nodes in Cassandra, a {@link WebhookServer} on
 * a client (another process in production) looks them up, and a real HTTP POST resumes the run.
 */
@FlowcraftStackTest
class WebhookDistributedIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private static TestStack stack;
  private static String keyspace;

  @BeforeAll
  static void servers(TestStack s) {
    stack = s;
    keyspace = s.uniqueName("hooks");
  }

  private static NodeRegistry registry() {
    return NodeRegistry.builder().register("handle", ctx -> NodeResult.of(ctx.input())).build();
  }

  private static Blueprint hookDemo(NodeConfig webhookConfig) {
    return new Blueprint("hook-demo",
        List.of(NodeDefinition.of("webhook_1", "webhook").withConfig(webhookConfig),
            NodeDefinition.of("wait_for_webhook_1", "wait").withParams(Map.of("eventName", "webhook:webhook_1")),
            NodeDefinition.of("handle", "handle")),
        List.of(EdgeDefinition.of("webhook_1", "wait_for_webhook_1"), EdgeDefinition.of("wait_for_webhook_1", "handle")));
  }

  /** Workers must hand out the server's URL, so the port is chosen before they start. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static KafkaAdapterOptions options(int port) {
    return Cluster.options(stack, keyspace).toBuilder().webhookBaseUrl("http://127.0.0.1:" + port + "/webhooks/").build();
  }

  @SuppressWarnings("unchecked")
  private static String urlOf(RunResult awaiting) {
    return (String) ((Map<String, Object>) awaiting.context().get("_outputs.webhook_1")).get("url");
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRealPostToTheUrlInTheRunContextResumesTheRunOnTheWorkers() throws Exception {
    int port = freePort();
    try (Cluster cluster = Cluster.start(options(port), 2, registry(), List.of());
        WebhookServer server = WebhookServer.start(cluster.client(),
            WebhookServerOptions.builder().port(port).token("tok").build())) {
      FlowRuntime client = cluster.client();
      String runId = client.start(hookDemo(NodeConfig.DEFAULT), Map.of(), RunOptions.DEFAULT);
      RunResult awaiting = client.await(runId, SETTLE);
      assertThat(awaiting.status()).isEqualTo(RunStatus.AWAITING);
      String url = urlOf(awaiting);
      assertThat(url).startsWith(server.baseUri().toString());

      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer tok")
          .POST(HttpRequest.BodyPublishers.ofString("{\"order\": 7, \"paid\": true, \"items\": [\"a\", \"b\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(JSON.readValue(r.body(), Map.class)).isEqualTo(Map.of("runId", runId, "resumed", 1));

      RunResult done = client.awaitFinal(runId, SETTLE);
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(done.output("handle")).isEqualTo(Map.of("order", 7, "paid", true, "items", List.of("a", "b")));
      // a second delivery finds nothing waiting any more
      HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer tok")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(202);
      assertThat(JSON.readValue(again.body(), Map.class)).containsEntry("resumed", 0);
      assertThat(post(server.baseUri() + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "{}").statusCode()).isEqualTo(401);
    }
  }

  /**
   * Every job is enqueued twice, and the first registration "crashes" after writing its row (the node fails
   * and is retried): however often the webhook node runs, on whichever worker, it hands out one URL.
   */
  @Test
  void aWebhookJobDeliveredTwiceAndRetriedHandsOutOneUrl() throws Exception {
    int port = freePort();
    KafkaAdapterOptions options = options(port);
    List<String> handedOut = new CopyOnWriteArrayList<>();
    AtomicBoolean crashed = new AtomicBoolean();
    List<KafkaBackends> connections = new ArrayList<>();
    List<FlowRuntime> runtimes = new ArrayList<>();
    try {
      for (int w = 0; w < 2; w++) {
        KafkaBackends kb = KafkaBackends.connect(options);
        connections.add(kb);
        Backends b = kb.backends();
        WebhookRegistrar durable = kb.webhooks();
        WebhookRegistrar crashingOnce = new WebhookRegistrar() {
          @Override
          public Endpoint register(String runId, String nodeInstance, String event) {
            Endpoint ep = durable.register(runId, nodeInstance, event);
            handedOut.add(ep.url());
            if (crashed.compareAndSet(false, true)) {
              throw new IllegalStateException("crash after registering");
            }
            return ep;
          }

          @Override
          public Optional<Target> lookup(String id) {
            return durable.lookup(id);
          }
        };
        runtimes.add(FlowRuntime.builder()
            .backends(new Backends(b.runs(), b.coordination(), new DuplicatingJobQueue(b.queue()), b.timers(), b.blueprints()))
            .webhookRegistrar(crashingOnce).registry(registry()).concurrency(4)
            .timerPollInterval(Duration.ofMillis(50)).leaseTtl(Duration.ofSeconds(5)).build());
      }
      FlowRuntime client = KafkaAdapter.client(options, FlowRuntime.builder().registry(registry()));
      runtimes.add(client);
      try (WebhookServer server = WebhookServer.start(client, WebhookServerOptions.builder().port(port).build())) {
        String runId = client.start(hookDemo(NodeConfig.DEFAULT.withMaxRetries(3).withRetryDelay(Duration.ZERO)),
            Map.of(), RunOptions.DEFAULT);
        RunResult awaiting = client.await(runId, SETTLE);
        assertThat(awaiting.status()).as("%s", awaiting).isEqualTo(RunStatus.AWAITING);
        String url = urlOf(awaiting);
        assertThat(crashed).isTrue();
        assertThat(handedOut).hasSizeGreaterThanOrEqualTo(2).containsOnly(url);

        assertThat(post(url, "{\"n\": 1}").statusCode()).isEqualTo(202);
        RunResult done = client.awaitFinal(runId, SETTLE);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output("handle")).isEqualTo(Map.of("n", 1));
      }
    } finally {
      runtimes.forEach(FlowRuntime::close);
      connections.forEach(KafkaBackends::close);
    }
  }
}
