package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the request budget of the engine's hot path with a driver {@link RequestTracker}: a load is one
 * request, a node commit with several context operations is one request, and neither is a lightweight
 * transaction.
 */
@FlowcraftStackTest
class CassandraHotPathIT {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static CqlSession session;
  private static CassandraOptions options;
  private static final List<String> requests = new CopyOnWriteArrayList<>();
  private CassandraRunStateStore store;

  /** Records the CQL text of every request that completed, successfully or not. */
  public static final class Recorder implements RequestTracker {
    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
        String prefix) {
      requests.add(cql(request));
    }

    @Override
    public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile,
        Node node, String prefix) {
      requests.add(cql(request));
    }

    @Override
    public void close() {}
  }

  static String cql(Request request) {
    if (request instanceof BoundStatement b) {
      return b.getPreparedStatement().getQuery();
    }
    if (request instanceof SimpleStatement s) {
      return s.getQuery();
    }
    if (request instanceof BatchStatement batch) {
      List<String> parts = new ArrayList<>();
      for (BatchableStatement<?> child : batch) {
        parts.add(cql(child));
      }
      return "BATCH " + batch.getBatchType() + " [" + String.join("; ", parts) + "]";
    }
    return request.toString();
  }

  @BeforeAll
  static void connect(TestStack stack) {
    session = CassandraTestSession.open(stack, b -> b.withRequestTracker(new Recorder()));
    options = CassandraTestSession.sharedKeyspace(stack);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  @BeforeEach
  void newStore() {
    store = new CassandraRunStateStore(session, options);
  }

  /**
   * The tracker is told after the caller's future completed, on a driver thread: wait until no more
   * notifications arrive (quiet for 300 ms) before counting.
   */
  private static List<String> settled() {
    int last = -1;
    while (requests.size() != last) {
      last = requests.size();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return List.copyOf(requests);
  }

  private static void reset() {
    settled();
    requests.clear();
  }

  private String createRun() {
    String id = "run-" + UUID.randomUUID();
    RunRecord run = new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false, null,
        T0, T0);
    assertThat(store.createRun(run, Map.of("input", Map.of("n", 1)))).isTrue();
    return id;
  }

  @Test
  void aLoadIsOneSelectOfOnePartition() {
    String id = createRun();
    for (int i = 0; i < 20; i++) {
      store.commitNode(id, node("N", i, "out-" + i), List.of(ContextOp.set("k" + i, i)));
    }
    reset();
    RunSnapshot snap = store.load(id).orElseThrow();
    assertThat(snap.nodes()).hasSize(20);
    assertThat(snap.context()).hasSize(21);
    assertThat(snap.run().status()).isEqualTo(RunStatus.RUNNING);
    List<String> sent = settled();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)).startsWith("SELECT").contains("WHERE run_id = ?").doesNotContain("ALLOW FILTERING");
  }

  @Test
  void aCommitWithSeveralOpsIsOneBatchWithoutLightweightTransaction() {
    String id = createRun();
    reset();
    store.commitNode(id, node("A", -1, Map.of("total", 3)), List.of(ContextOp.set("a", 1), ContextOp.set("b", 2),
        ContextOp.delete("input"), ContextOp.set("a", 3)));
    List<String> sent = settled();
    assertThat(sent).hasSize(1);
    String batch = sent.get(0);
    assertThat(batch).startsWith("BATCH UNLOGGED").doesNotContain(" IF ").doesNotContain("IF NOT EXISTS");
    // the two ops on "a" collapsed to the last
    assertThat(batch.split("; ")).hasSize(4);
    assertThat(store.load(id).orElseThrow().context()).isEqualTo(Map.of("a", 3, "b", 2));
  }

  @Test
  void aCommitWithoutOpsAndAPatchAreOneRequestEach() {
    String id = createRun();
    reset();
    store.commitNode(id, node("A", -1, "x"), List.of());
    List<String> commit = settled();
    assertThat(commit).hasSize(1);
    assertThat(commit.get(0)).startsWith("INSERT").doesNotContain(" IF ");
    reset();
    store.patchContext(id, List.of(ContextOp.set("p", 1), ContextOp.set("q", 2)));
    List<String> patch = settled();
    assertThat(patch).hasSize(1);
    assertThat(patch.get(0)).startsWith("BATCH UNLOGGED").doesNotContain(" IF ");
    reset();
    store.patchContext(id, List.of());
    assertThat(settled()).isEmpty();
  }

  @Test
  void largeCommitsAndInitialContextsAreNotRejectedAsOversizedBatches() {
    // Cassandra fails multi-partition batches above batch_size_fail_threshold (50 KiB by default); the
    // single-partition batches used here are exempt
    String big = "x".repeat(200_000);
    String id = "run-" + UUID.randomUUID();
    RunRecord run = new RunRecord(id, "bp", "bp@1#0123456789abcdef", null, null, RunStatus.RUNNING, false, null,
        T0, T0);
    assertThat(store.createRun(run, Map.of("a", big, "b", big))).isTrue();
    store.commitNode(id, node("A", -1, big), List.of(ContextOp.set("c", big), ContextOp.set("d", big)));
    store.patchContext(id, List.of(ContextOp.set("e", big), ContextOp.set("f", big)));
    RunSnapshot snap = store.load(id).orElseThrow();
    assertThat(snap.context()).containsOnlyKeys("a", "b", "c", "d", "e", "f");
    assertThat(snap.nodes().get("A").output()).isEqualTo(big);
  }

  @Test
  void statusChangesKeepTheHeaderCopyAndTheIndexInStep() {
    String id = createRun();
    assertThat(store.updateStatus(id, RunStatus.AWAITING, "wait", T0.plusSeconds(1))).isTrue();
    assertThat(store.requestCancel(id, T0.plusSeconds(2))).isTrue();
    assertThat(store.updateStatus(id, RunStatus.CANCELLED, "cancelled", T0.plusSeconds(3))).isTrue();
    RunRecord expected = store.getRun(id).orElseThrow();
    assertThat(expected.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(expected.cancelRequested()).isTrue();
    assertThat(store.load(id).orElseThrow().run()).isEqualTo(expected);
    assertThat(store.findByStatus(RunStatus.CANCELLED, 1000)).extracting(RunRecord::runId).contains(id);
    assertThat(store.findByStatus(RunStatus.AWAITING, 1000)).extracting(RunRecord::runId).doesNotContain(id);
    assertThat(store.findByStatus(RunStatus.RUNNING, 1000)).extracting(RunRecord::runId).doesNotContain(id);
  }

  private static NodeRecord node(String nodeId, int item, Object output) {
    return new NodeRecord(nodeId, item, "", NodeStatus.COMPLETED, output, null, List.of(), null, 1, Map.of(), T0);
  }
}
