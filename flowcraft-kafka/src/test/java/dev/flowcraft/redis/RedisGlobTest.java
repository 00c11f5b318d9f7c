package dev.flowcraft.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisGlobTest {

  @Test
  void escapesEveryGlobMetacharacter() {
    assertThat(RedisGlob.literal("run[1]*?\\x")).isEqualTo("run\\[1\\]\\*\\?\\\\x");
    assertThat(RedisGlob.prefix("flowcraft:join:r-1:")).isEqualTo("flowcraft:join:r-1:*");
    assertThat(RedisGlob.literal("a^b-c@d=e ✓")).as("only special outside brackets").isEqualTo("a^b-c@d=e ✓");
  }
}
