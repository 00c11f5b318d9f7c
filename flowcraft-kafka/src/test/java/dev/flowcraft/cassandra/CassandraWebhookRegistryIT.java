package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.spi.WebhookRegistrar;
import dev.flowcraft.spi.WebhookRegistrar.Endpoint;
import dev.flowcraft.spi.WebhookRegistrar.Target;
import dev.flowcraft.spi.contract.WebhookRegistrarContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link WebhookRegistrarContract} against a real Cassandra, plus what only a shared, durable registry has:
 * another process (a new instance) finds and re-derives the endpoints, the stored secret is shared, and
 * endpoints expire. Run ids are unique per test, so the shared keyspace needs no cleanup.
 */
@FlowcraftStackTest
class CassandraWebhookRegistryIT extends WebhookRegistrarContract {

  private static CqlSession session;
  private static CassandraOptions options;

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack);
    options = CassandraTestSession.sharedKeyspace(stack);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  @Override
  protected WebhookRegistrar createRegistrar(String baseUrl) {
    return new CassandraWebhookRegistry(session, options, baseUrl, null);
  }

  @Test
  void anotherProcessSharesTheStoredSecretAndFindsTheEndpoint() {
    Endpoint ep = registrar.register(runId, "hook", "webhook:hook");
    CassandraWebhookRegistry other = new CassandraWebhookRegistry(session, options, BASE, null);
    assertThat(other.lookup(ep.id())).contains(new Target(runId, "webhook:hook"));
    // a redelivery on another worker hands out the same URL
    assertThat(other.register(runId, "hook", "webhook:hook")).isEqualTo(ep);
  }

  @Test
  void aConfiguredSecretIsUsedInsteadOfTheStoredOne() {
    byte[] secret = "a-secret-of-32-bytes-for-testing".getBytes(StandardCharsets.UTF_8);
    CassandraWebhookRegistry a = new CassandraWebhookRegistry(session, options, BASE, secret);
    CassandraWebhookRegistry b = new CassandraWebhookRegistry(session, options, BASE, secret);
    Endpoint ep = a.register(runId, "hook", "webhook:hook");
    assertThat(b.register(runId, "hook", "webhook:hook")).isEqualTo(ep);
    assertThat(registrar.register(runId, "hook", "webhook:hook").id()).isNotEqualTo(ep.id());
    assertThatThrownBy(() -> new CassandraWebhookRegistry(session, options, BASE, new byte[4]))
        .hasMessageContaining("at least 16");
  }

  @Test
  void aRedeliveryKeepsTheFirstRegistrationTimes() throws InterruptedException {
    CassandraWebhookRegistry r = (CassandraWebhookRegistry) registrar;
    Endpoint ep = r.register(runId, "hook", "webhook:hook");
    CassandraWebhookRegistry.Registration first = r.find(ep.id()).orElseThrow();
    assertThat(Duration.between(first.createdAt(), first.expiresAt())).isEqualTo(options.webhookTtl());
    Thread.sleep(20);
    r.register(runId, "hook", "webhook:hook");
    assertThat(r.find(ep.id())).contains(first);
  }

  @Test
  void endpointsExpireAfterTheirTtl() throws InterruptedException {
    CassandraOptions shortLived = options.toBuilder().webhookTtl(Duration.ofSeconds(1)).build();
    CassandraWebhookRegistry r = new CassandraWebhookRegistry(session, shortLived, BASE, null);
    Endpoint ep = r.register(runId, "hook", "webhook:hook");
    CassandraWebhookRegistry.Registration reg = r.find(ep.id()).orElseThrow();
    assertThat(reg.expiresAt()).isBefore(Instant.now().plusSeconds(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (r.lookup(ep.id()).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(r.lookup(ep.id())).isEmpty();
    // gone from the table too (TTL), not only filtered by expires_at
    assertThat(new CassandraWebhookRegistry(session, shortLived, BASE, null,
        java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC)).find(ep.id())).isEmpty();
  }
}
