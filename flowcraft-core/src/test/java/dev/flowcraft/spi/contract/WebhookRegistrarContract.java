package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.spi.WebhookIds;
import dev.flowcraft.spi.WebhookRegistrar;
import dev.flowcraft.spi.WebhookRegistrar.Endpoint;
import dev.flowcraft.spi.WebhookRegistrar.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link WebhookRegistrar}. Extend it with {@link #createRegistrar(String)} returning a registrar
 * whose endpoints are under the given base URL; run ids are unique per test, so a shared store needs no cleanup.
 */
public abstract class WebhookRegistrarContract {

  protected static final String BASE = "http://hooks.test:8080/webhooks/";

  protected abstract WebhookRegistrar createRegistrar(String baseUrl);

  protected WebhookRegistrar registrar;
  protected String runId;

  @BeforeEach
  void setUpRegistrar() {
    registrar = createRegistrar(BASE);
    runId = "run-" + UUID.randomUUID();
  }

  @Test
  void registeredEndpointIsLookedUpByItsId() {
    Endpoint ep = registrar.register(runId, "hook", "webhook:hook");
    assertThat(ep.event()).isEqualTo("webhook:hook");
    assertThat(WebhookIds.isWellFormed(ep.id())).as("id %s", ep.id()).isTrue();
    assertThat(ep.url()).isEqualTo(BASE + ep.id());
    assertThat(registrar.lookup(ep.id())).contains(new Target(runId, "webhook:hook"));
  }

  @Test
  void sameRunAndInstanceGiveTheSameEndpoint() {
    Endpoint first = registrar.register(runId, "hook", "webhook:hook");
    assertThat(registrar.register(runId, "hook", "webhook:hook")).isEqualTo(first);
    assertThat(registrar.lookup(first.id())).contains(new Target(runId, "webhook:hook"));
  }

  @Test
  void otherInstancesAndRunsGetOtherEndpoints() {
    Set<String> ids = new HashSet<>();
    ids.add(registrar.register(runId, "hook", "webhook:hook").id());
    ids.add(registrar.register(runId, "hook@loop:1", "webhook:hook").id());
    ids.add(registrar.register(runId, "other", "webhook:other").id());
    ids.add(registrar.register(runId + "-2", "hook", "webhook:hook").id());
    assertThat(ids).hasSize(4);
  }

  @Test
  void unknownAndMalformedIdsAreNotFound() {
    assertThat(registrar.lookup(WebhookIds.derive(WebhookIds.randomSecret(), runId, "hook"))).isEmpty();
    assertThat(registrar.lookup("no-such-id")).isEmpty();
    assertThat(registrar.lookup("")).isEmpty();
    assertThat(registrar.lookup("~secret")).isEmpty();
  }

  @Test
  void concurrentRegistrationsOfOneInstanceAgree() throws Exception {
    ConcurrentLinkedQueue<Endpoint> seen = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> seen.add(registrar.register(runId, "hook", "webhook:hook")));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(new HashSet<>(seen)).hasSize(1);
  }
}
