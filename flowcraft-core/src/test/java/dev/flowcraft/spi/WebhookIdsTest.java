package dev.flowcraft.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookIdsTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void sameRunAndInstanceGiveTheSameWellFormedId() {
    String id = WebhookIds.derive(SECRET, "run-1", "hook");
    assertThat(WebhookIds.derive(SECRET, "run-1", "hook")).isEqualTo(id);
    assertThat(WebhookIds.isWellFormed(id)).isTrue();
    assertThat(id).hasSize(43).doesNotContain("=", "+", "/");
  }

  @Test
  void anyDifferenceGivesAnotherId() {
    String id = WebhookIds.derive(SECRET, "run-1", "hook");
    assertThat(WebhookIds.derive(SECRET, "run-2", "hook")).isNotEqualTo(id);
    assertThat(WebhookIds.derive(SECRET, "run-1", "hook@loop:1")).isNotEqualTo(id);
    assertThat(WebhookIds.derive(WebhookIds.randomSecret(), "run-1", "hook")).isNotEqualTo(id);
    assertThat(WebhookIds.derive(SECRET, "a|b", "c")).isNotEqualTo(WebhookIds.derive(SECRET, "a", "b|c"));
  }

  @Test
  void rejectsShortSecretsAndJunkIds() {
    assertThatThrownBy(() -> WebhookIds.derive(new byte[8], "r", "n")).hasMessageContaining("at least 16 bytes");
    assertThat(WebhookIds.isWellFormed("../etc/passwd")).isFalse();
    assertThat(WebhookIds.isWellFormed(null)).isFalse();
  }

  @Test
  void urlJoinsWithOneSlash() {
    assertThat(WebhookIds.url("http://h/webhooks", "x")).isEqualTo("http://h/webhooks/x");
    assertThat(WebhookIds.url("http://h/webhooks/", "x")).isEqualTo("http://h/webhooks/x");
  }
}
