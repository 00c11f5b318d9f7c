package dev.flowcraft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JoinState;
import dev.flowcraft.spi.contract.CoordinationStoreContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CoordinationStoreContract} against a real Redis, plus the Redis key layout. The Redis is shared:
 * every test's keys live under a unique prefix and are deleted afterwards (work sets have no TTL).
 */
@FlowcraftStackTest
class RedisCoordinationStoreIT extends CoordinationStoreContract {

  private static RedisCoordinationStore shared;
  private static TestStack stack;

  @BeforeAll
  static void connect(TestStack testStack) {
    stack = testStack;
    shared = RedisCoordinationStore.connect(stack.redisUri());
  }

  @AfterAll
  static void disconnect() {
    if (shared != null) {
      shared.close();
    }
  }

  @Override
  protected CoordinationStore createStore() {
    return shared;
  }

  @BeforeEach
  void uniqueNamespace() {
    // runs after the contract's set-up: keep its random namespace, under this run's unique prefix
    ns = stack.uniqueName("coord") + ":" + ns;
  }

  @AfterEach
  void deleteNamespace() {
    shared.deleteByPrefix(ns);
  }

  @Test
  void keysMayContainAnyCharacter() {
    String odd = key("run[1]*?\\ @x=y:node[0]@loop=2 ✓\n\t\"'");
    assertThat(store.setIfAbsent(odd, "v", LONG)).isTrue();
    assertThat(store.get(odd)).contains("v");
    assertThat(store.extendTtl(odd, LONG)).isTrue();
    assertThat(store.arrive(odd + ":join", "A[0]", true, 1, LONG)).isEqualTo(new JoinState(1, 1, "A[0]", "A[0]"));
    assertThat(store.openWork(odd + ":work", null)).isZero();
    store.addWork(odd + ":work", List.of("x[1]@y=2", "*"));
    assertThat(store.containsWork(odd + ":work", "*")).contains(true);
    assertThat(store.finishWork(odd + ":work", "*")).isEqualTo(1);

    store.deleteByPrefix(odd);
    assertThat(store.get(odd)).isEmpty();
    assertThat(store.workCount(odd + ":work")).isEqualTo(-1);
    assertThat(store.arrive(odd + ":join", "B", false, 2, LONG)).isEqualTo(new JoinState(1, 0, null, null));
  }

  @Test
  void joinLayoutIsOneHashWithTtlSetOnCreation() {
    String j = key("join:layout");
    store.arrive(j, "A", true, 2, Duration.ofSeconds(100));
    store.arrive(j, "#arrived", false, 2, Duration.ofSeconds(1)); // predecessor names cannot clash with counters
    RedisCommands<String, String> redis = shared.commands();
    assertThat(redis.type(j)).isEqualTo("hash");
    assertThat(redis.hgetall(j)).isEqualTo(Map.of("p:A", "1", "p:#arrived", "0", "#arrived", "2", "#taken", "1",
        "#firstTakenBy", "A", "#completedBy", "#arrived"));
    assertThat(redis.pttl(j)).as("TTL of the first arrival kept").isBetween(90_000L, 100_000L);
  }

  @Test
  void aJoinWithoutTtlDoesNotExpire() {
    String j = key("join:forever");
    store.arrive(j, "A", true, 2, null);
    assertThat(shared.commands().pttl(j)).isEqualTo(-1);
  }

  @Test
  void workSetLayoutHoldsTheMarker() {
    String w = key("work:layout");
    store.openWork(w, Duration.ofSeconds(100));
    store.addWork(w, List.of("A"));
    RedisCommands<String, String> redis = shared.commands();
    assertThat(redis.smembers(w)).containsExactlyInAnyOrder(RedisCoordinationStore.WORK_MARKER, "A");
    assertThat(redis.pttl(w)).isBetween(90_000L, 100_000L);
    assertThat(store.openWork(w, null)).as("reopening keeps the TTL").isEqualTo(1);
    assertThat(redis.pttl(w)).isPositive();
  }

  @Test
  void theMarkerIsNotAValidItem() {
    String w = key("work");
    store.openWork(w, LONG);
    String marker = RedisCoordinationStore.WORK_MARKER;
    assertThatThrownBy(() -> store.addWork(w, List.of("A", marker))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.finishWork(w, marker)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.workCount(w)).isZero();
  }

  @Test
  void addWorkTakesLargeBatches() {
    // more arguments than Lua's unpack() takes at once
    String w = key("work:big");
    store.openWork(w, LONG);
    store.addWork(w, IntStream.range(0, 20_000).mapToObj(i -> "item-" + i).toList());
    assertThat(store.workCount(w)).isEqualTo(20_000);
    assertThat(store.finishWork(w, "item-0")).isEqualTo(19_999);
  }

  @Test
  void deleteByPrefixSpansManyScanPages() {
    String p = key("many:");
    for (int i = 0; i < 2_500; i++) {
      store.setIfAbsent(p + i, "v", LONG);
    }
    store.setIfAbsent(key("many"), "keep", LONG);
    store.deleteByPrefix(p);
    assertThat(shared.commands().exists(p + "0", p + "1234", p + "2499")).isZero();
    assertThat(store.get(key("many"))).contains("keep");
  }

  @Test
  void deleteByPrefixRefusesAnEmptyPrefix() {
    assertThatThrownBy(() -> store.deleteByPrefix("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subMillisecondTtlsRoundUp() {
    assertThat(RedisCoordinationStore.millis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(RedisCoordinationStore.millis(Duration.ofMillis(1500))).isEqualTo(1500);
    assertThat(RedisCoordinationStore.millis(null)).isZero();
    assertThat(RedisCoordinationStore.millis(Duration.ZERO)).isZero();
    assertThat(RedisCoordinationStore.millis(Duration.ofSeconds(-1))).isZero();
  }

  @Test
  void extendTtlWithoutTtlPersistsAnExistingKey() {
    String k = key("persist");
    assertThat(store.extendTtl(k, null)).isFalse();
    store.setIfAbsent(k, "v", LONG);
    assertThat(store.extendTtl(k, null)).isTrue();
    assertThat(shared.commands().pttl(k)).isEqualTo(-1);
    assertThat(store.extendTtl(k, null)).as("exists, even without a TTL").isTrue();
  }
}
