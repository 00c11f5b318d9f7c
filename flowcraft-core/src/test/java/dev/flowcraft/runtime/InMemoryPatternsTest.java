package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pattern suite on the in-memory runtime, plus what only the in-memory runtime has yet: webhook
 * delivery through its local registrar (the distributed webhook endpoint is its own issue).
 */
class InMemoryPatternsTest extends PatternSuite {

  @Override
  protected FlowRuntime newRuntime(NodeRegistry registry, List<Blueprint> blueprints) {
    return FlowRuntime.builder().registry(registry).blueprints(blueprints).build();
  }

  @Test
  void webhookDeliveryResumesTheWaitWithTheBody() {
    Blueprint b = bp("hook-demo",
        List.of(node("webhook_1", "webhook"), node("wait_for_webhook_1", "wait", Map.of("eventName", "webhook:webhook_1")),
            node("handle", "echo")),
        List.of(edge("webhook_1", "wait_for_webhook_1"), edge("wait_for_webhook_1", "handle")));
    FlowRuntime rt = runtime(registry().build());
    RunResult waiting = rt.run(b);
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    @SuppressWarnings("unchecked")
    Map<String, Object> hook = (Map<String, Object>) waiting.output("webhook_1");
    assertThat(hook.get("url")).asString().startsWith("http://127.0.0.1:8080/webhooks/").endsWith((String) hook.get("id"));
    assertThat(rt.deliverWebhook("no-such-id", Map.of())).isFalse();
    assertThat(rt.deliverWebhook((String) hook.get("id"), Map.of("paid", true))).isTrue();
    RunResult r = rt.awaitFinal(waiting.runId(), settleTimeout());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("handle")).isEqualTo(Map.of("paid", true));
  }

}
