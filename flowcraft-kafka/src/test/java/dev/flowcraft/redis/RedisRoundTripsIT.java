package dev.flowcraft.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the performance contract: each operation is ONE command on the wire (a script counts once, as
 * EVALSHA). Counted client-side with a Lettuce {@link CommandListener} on a client of this test only, since
 * the server's INFO commandstats is shared with other users of the Redis.
 */
@FlowcraftStackTest
class RedisRoundTripsIT {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  private static RedisClient client;
  private static RedisCoordinationStore store;
  private static String ns;

  @BeforeAll
  static void connect(TestStack stack) {
    client = RedisClient.create(stack.redisUri());
    client.addListener(new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        sent.add(event.getCommand().getType().toString());
      }
    });
    store = RedisCoordinationStore.connect(client);
    ns = stack.uniqueName("trips") + ":";
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.deleteByPrefix(ns);
      store.close();
    }
    if (client != null) {
      client.shutdown();
    }
  }

  @BeforeEach
  void clear() {
    sent.clear();
  }

  @Test
  void everyOperationIsOneCommand() {
    String w = ns + "work:run[1]";
    String j = ns + "join:run[1]:D@loop=1";
    String lease = ns + "lease:run[1]:A";

    assertThat(sent(() -> store.openWork(w, null))).containsExactly("EVALSHA");
    assertThat(sent(() -> store.addWork(w, List.of("A", "B[0]", "C")))).containsExactly("EVALSHA");
    assertThat(sent(() -> store.containsWork(w, "A"))).containsExactly("SMISMEMBER");
    assertThat(sent(() -> store.workCount(w))).containsExactly("SCARD");
    assertThat(sent(() -> store.finishWork(w, "A"))).containsExactly("EVALSHA");

    assertThat(sent(() -> store.arrive(j, "A", true, 2, TTL))).containsExactly("EVALSHA");
    assertThat(sent(() -> store.arrive(j, "B", false, 2, TTL))).containsExactly("EVALSHA");
    assertThat(sent(() -> store.arrive(j, "B", false, 2, TTL))).as("redelivery").containsExactly("EVALSHA");

    assertThat(sent(() -> store.setIfAbsent(lease, "me", TTL))).containsExactly("SET");
    assertThat(sent(() -> store.setIfAbsent(lease, "you", TTL))).containsExactly("SET");
    assertThat(sent(() -> store.setIfAbsent(ns + "flag", "x", null))).containsExactly("SET");
    assertThat(sent(() -> store.get(lease))).containsExactly("GET");
    assertThat(sent(() -> store.extendTtl(lease, TTL))).containsExactly("PEXPIRE");
    assertThat(sent(() -> store.extendTtl(lease, null))).containsExactly("EVALSHA");
    assertThat(sent(() -> store.delete(lease))).containsExactly("UNLINK");
  }

  @Test
  void aStepWithoutJoinsTakesThreeCommandsAndEachJoinArrivalOneMore() {
    // what the engine does per node: take the attempt's lease, add the successors, retire the instance
    String w = ns + "work:step";
    store.openWork(w, null);
    store.addWork(w, List.of("A"));
    assertThat(sent(() -> {
      store.setIfAbsent(ns + "lease:step:A", "worker-1", TTL);
      store.addWork(w, List.of("B", "C"));
      store.finishWork(w, "A");
    })).containsExactly("SET", "EVALSHA", "EVALSHA");
    assertThat(sent(() -> store.arrive(ns + "join:step:D", "B", true, 2, TTL))).hasSize(1);
  }

  @Test
  void anUnknownScriptFallsBackToEvalOnceThenUsesEvalsha() {
    // a fresh script (unique source) is unknown to the server, like after a restart or SCRIPT FLUSH
    LuaScript script = new LuaScript("echo", "return ARGV[1] -- " + UUID.randomUUID());
    assertThat(sent(() -> assertThat((String) script.run(store.commands(), ScriptOutputType.VALUE,
        new String[] {ns + "k"}, "hi")).isEqualTo("hi"))).containsExactly("EVALSHA", "EVAL");
    assertThat(sent(() -> assertThat((String) script.run(store.commands(), ScriptOutputType.VALUE,
        new String[] {ns + "k"}, "ho")).isEqualTo("ho"))).containsExactly("EVALSHA");
  }

  @Test
  void theLocalShaMatchesTheServers() {
    for (LuaScript s : RedisCoordinationStore.SCRIPTS) {
      assertThat(store.commands().scriptExists(s.sha())).as(s.name()).containsExactly(true);
    }
  }

  private static List<String> sent(Runnable op) {
    sent.clear();
    op.run();
    List<String> copy = List.copyOf(sent);
    sent.clear();
    return copy;
  }
}
