package dev.flowcraft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connection set-up: clear errors, and close() releasing the connection. */
@FlowcraftStackTest
class RedisConnectIT {

  @Test
  void anUnreachableServerNamesTheUriAndWhatToCheck() {
    assertThatThrownBy(() -> RedisCoordinationStore.connect("redis://user:s3cret@127.0.0.1:1/0?timeout=2s"))
        .isInstanceOf(RedisStoreException.class)
        .hasMessageContaining("Cannot connect to Redis at redis://***@127.0.0.1:1/0")
        .hasMessageContaining("Check that the server is running")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aMalformedUriIsReported() {
    assertThatThrownBy(() -> RedisCoordinationStore.connect("localhost:6379"))
        .isInstanceOf(RedisStoreException.class)
        .hasMessageContaining("Invalid Redis URI 'localhost:6379'");
  }

  @Test
  void closeReleasesTheConnectionAndIsIdempotent(TestStack stack) {
    String k = stack.uniqueName("connect") + ":k";
    RedisCoordinationStore store = RedisCoordinationStore.connect(stack.redisUri());
    assertThat(store.setIfAbsent(k, "v", Duration.ofSeconds(30))).isTrue();
    assertThat(store.delete(k)).isTrue();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get(k)).isInstanceOf(RuntimeException.class);
  }
}
