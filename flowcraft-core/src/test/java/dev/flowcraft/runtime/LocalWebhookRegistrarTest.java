package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.spi.WebhookRegistrar;
import dev.flowcraft.spi.contract.WebhookRegistrarContract;
import org.junit.jupiter.api.Test;

class LocalWebhookRegistrarTest extends WebhookRegistrarContract {

  @Override
  protected WebhookRegistrar createRegistrar(String baseUrl) {
    return new LocalWebhookRegistrar(baseUrl);
  }

  @Test
  void forgetRunDropsItsEndpoints() {
    String id = registrar.register(runId, "hook", "webhook:hook").id();
    registrar.forgetRun(runId);
    assertThat(registrar.lookup(id)).isEmpty();
  }
}
