package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link RunStateStore}. Extend it with {@link #createStore()} returning a fresh, empty store.
 *
 * <p>Timestamps used here have millisecond precision, and context values are JSON-like (Map with String
 * keys, List, String, Boolean, null, Integer within int range, Long outside int range, Double), so that an
 * implementation that stores JSON and millisecond timestamps can pass with plain equality.
 */
public abstract class RunStateStoreContract {

  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** A fresh, empty store; called once per test. */
  protected abstract RunStateStore createStore();

  /** Operations per thread in the concurrency hammer tests; lower it for slow backends. */
  protected int hammerIterations() {
    return 500;
  }

  protected RunStateStore store;

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  // ---------------------------------------------------------------- helpers

  protected static String newRunId() {
    return "run-" + UUID.randomUUID();
  }

  protected static RunRecord header(String runId, RunStatus status, Instant updatedAt) {
    return new RunRecord(runId, "bp", "bp@1#0123456789abcdef", null, null, status, false, null, T0, updatedAt);
  }

  protected String createRunning(Map<String, Object> ctx) {
    String id = newRunId();
    assertThat(store.createRun(header(id, RunStatus.RUNNING, T0), ctx)).isTrue();
    return id;
  }

  protected static NodeRecord record(String nodeId, int item, String scope, NodeStatus status, Object output) {
    Map<String, Object> details = status == NodeStatus.AWAITING ? Map.of("reason", "sleep") : Map.of();
    ErrorInfo error = status == NodeStatus.FAILED || status == NodeStatus.FELL_BACK
        ? new ErrorInfo(nodeId, "java.lang.IllegalStateException", "boom", false, T0) : null;
    return new NodeRecord(nodeId, item, scope, status, output, null, List.of(), error, 1, details, T0);
  }

  protected static NodeRecord record(String nodeId, NodeStatus status, Object output) {
    return record(nodeId, -1, "", status, output);
  }

  protected RunSnapshot load(String runId) {
    return store.load(runId).orElseThrow(() -> new AssertionError("run " + runId + " not found"));
  }

  protected RunRecord getRun(String runId) {
    return store.getRun(runId).orElseThrow(() -> new AssertionError("run " + runId + " not found"));
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---------------------------------------------------------------- createRun / getRun / load

  @Test
  void createRunIsIdempotentAndDoesNotOverwrite() {
    String id = newRunId();
    RunRecord first = header(id, RunStatus.RUNNING, T0);
    assertThat(store.createRun(first, mapOf("a", 1, "b", "x"))).isTrue();

    RunRecord second = new RunRecord(id, "other", "other@2#ffffffffffffffff", null, null, RunStatus.AWAITING, true,
        "why", T0.plusSeconds(5), T0.plusSeconds(5));
    assertThat(store.createRun(second, mapOf("a", 2, "c", true))).isFalse();

    RunSnapshot snap = load(id);
    assertThat(snap.run()).isEqualTo(first);
    assertThat(snap.context()).isEqualTo(mapOf("a", 1, "b", "x"));
    assertThat(getRun(id)).isEqualTo(first);
  }

  @Test
  void createRunAcceptsNullAndEmptyInitialContext() {
    String a = newRunId();
    String b = newRunId();
    assertThat(store.createRun(header(a, RunStatus.RUNNING, T0), null)).isTrue();
    assertThat(store.createRun(header(b, RunStatus.RUNNING, T0), Map.of())).isTrue();
    assertThat(load(a).context()).isEmpty();
    assertThat(load(b).context()).isEmpty();
    assertThat(load(a).nodes()).isEmpty();
  }

  @Test
  void unknownRunIsEmpty() {
    assertThat(store.getRun("no-such-run")).isEmpty();
    assertThat(store.load("no-such-run")).isEmpty();
  }

  @Test
  void runsAreIndependent() {
    String a = createRunning(mapOf("k", "a"));
    String b = createRunning(mapOf("k", "b"));
    store.patchContext(a, List.of(ContextOp.set("k", "a2")));
    store.commitNode(a, record("n", NodeStatus.COMPLETED, 1), List.of());
    store.commitNode(b, record("n", NodeStatus.COMPLETED, 2), List.of());
    assertThat(store.updateStatus(a, RunStatus.COMPLETED, null, T0.plusSeconds(1))).isTrue();

    assertThat(load(b).context()).containsExactlyEntriesOf(mapOf("k", "b"));
    assertThat(load(b).nodes().get("n").output()).isEqualTo(2);
    assertThat(getRun(b).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void loadReturnsHeaderContextAndNodes() {
    String id = newRunId();
    RunRecord run = new RunRecord(id, "orders", "orders@3#00112233aabbccdd", "parent-1", "sub[2]@loop=1",
        RunStatus.RUNNING, false, null, T0, T0.plusMillis(250));
    assertThat(store.createRun(run, mapOf("input", mapOf("orderId", 42)))).isTrue();

    NodeRecord a = new NodeRecord("A", -1, "", NodeStatus.COMPLETED, mapOf("total", 12.5), "ok", List.of("B", "C"),
        null, 2, Map.of(), T0.plusMillis(1));
    NodeRecord b = new NodeRecord("B", 3, "loop=1", NodeStatus.AWAITING, null, null, List.of(), null, 1,
        mapOf("reason", "sleep", "wakeUpAt", "2024-05-01T10:05:00Z"), T0.plusMillis(2));
    NodeRecord c = new NodeRecord("C", -1, "", NodeStatus.FELL_BACK, null, null, List.of("D"),
        new ErrorInfo("C", "java.io.IOException", "disk on fire", true, T0.plusMillis(3)), 3, Map.of(), T0.plusMillis(3));
    store.commitNode(id, a, List.of(ContextOp.set("A", mapOf("total", 12.5))));
    store.commitNode(id, b, List.of());
    store.commitNode(id, c, List.of());

    RunSnapshot snap = load(id);
    assertThat(snap.run()).isEqualTo(run);
    assertThat(snap.context()).isEqualTo(mapOf("input", mapOf("orderId", 42), "A", mapOf("total", 12.5)));
    assertThat(snap.nodes()).containsOnlyKeys("A", "B[3]@loop=1", "C");
    assertThat(snap.nodes().get("A")).isEqualTo(a);
    assertThat(snap.nodes().get("B[3]@loop=1")).isEqualTo(b);
    assertThat(snap.nodes().get("C")).isEqualTo(c);
  }

  @Test
  void aLoadedSnapshotDoesNotChangeAfterLaterWrites() {
    String id = createRunning(mapOf("a", 1));
    RunSnapshot before = load(id);
    store.patchContext(id, List.of(ContextOp.set("a", 2), ContextOp.set("b", 3)));
    store.commitNode(id, record("n", NodeStatus.COMPLETED, 1), List.of());
    assertThat(store.updateStatus(id, RunStatus.AWAITING, null, T0.plusSeconds(1))).isTrue();

    assertThat(before.context()).isEqualTo(mapOf("a", 1));
    assertThat(before.nodes()).isEmpty();
    assertThat(before.run().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void storedValuesAreIsolatedFromCallersMutableObjects() {
    List<Object> list = new ArrayList<>(List.of(1, 2));
    Map<String, Object> nested = new HashMap<>(Map.of("x", 1));
    Map<String, Object> initial = new HashMap<>();
    initial.put("list", list);
    initial.put("nested", nested);
    String id = createRunning(initial);

    List<Object> output = new ArrayList<>(List.of("o"));
    List<Object> patched = new ArrayList<>(List.of("p"));
    store.commitNode(id, record("n", NodeStatus.COMPLETED, output), List.of(ContextOp.set("out", output)));
    store.patchContext(id, List.of(ContextOp.set("patched", patched)));

    // the caller mutates its objects after handing them over
    initial.put("late", true);
    list.add(3);
    nested.put("y", 2);
    output.add("changed");
    patched.add("changed");

    RunSnapshot snap = load(id);
    assertThat(snap.context()).isEqualTo(mapOf("list", List.of(1, 2), "nested", Map.of("x", 1), "out", List.of("o"),
        "patched", List.of("p")));
    assertThat(snap.nodes().get("n").output()).isEqualTo(List.of("o"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void valuesReturnedByLoadCannotCorruptTheStore() {
    Map<String, Object> initial = mapOf("list", new ArrayList<>(List.of(1)), "map", mapOf("x", 1));
    String id = createRunning(initial);
    store.commitNode(id, record("n", NodeStatus.COMPLETED, new ArrayList<>(List.of("o"))), List.of());

    RunSnapshot snap = load(id);
    tryMutate(() -> ((List<Object>) snap.context().get("list")).add(2));
    tryMutate(() -> ((Map<String, Object>) snap.context().get("map")).put("y", 2));
    tryMutate(() -> ((List<Object>) snap.nodes().get("n").output()).add("changed"));

    RunSnapshot again = load(id);
    assertThat(again.context()).isEqualTo(mapOf("list", List.of(1), "map", mapOf("x", 1)));
    assertThat(again.nodes().get("n").output()).isEqualTo(List.of("o"));
  }

  private static void tryMutate(Runnable r) {
    try {
      r.run();
    } catch (UnsupportedOperationException ignored) {
      // an unmodifiable view is a fine way to honour the contract
    }
  }

  // ---------------------------------------------------------------- JSON-like values

  @Test
  void jsonLikeValuesRoundTrip() {
    Map<String, Object> deep = mapOf(
        "string", "héllo \"wörld\" \n ✓",
        "empty", "",
        "int", 42,
        "negInt", -7,
        "long", 5_000_000_000L,
        "negLong", -9_000_000_000_000L,
        "double", 3.25,
        "negDouble", -0.5,
        "true", true,
        "false", false,
        "null", null,
        "emptyList", List.of(),
        "emptyMap", Map.of(),
        "list", Arrays.asList(1, "two", 3.5, null, false, List.of(List.of()), mapOf("k", null)),
        "map", mapOf("a", mapOf("b", mapOf("c", List.of(1, 2, 3)))));
    Map<String, Object> initial = new LinkedHashMap<>(deep);
    initial.put("nested", deep);
    String id = createRunning(initial);

    store.patchContext(id, List.of(ContextOp.set("patched", deep), ContextOp.set("patchedNull", null)));
    NodeRecord rec = new NodeRecord("n", -1, "", NodeStatus.COMPLETED, deep, "act", List.of("x"), null, 1,
        Map.of(), T0);
    store.commitNode(id, rec, List.of(ContextOp.set("committed", deep)));
    NodeRecord awaiting = new NodeRecord("w", -1, "", NodeStatus.AWAITING, null, null, List.of(), null, 1,
        deep, T0.plusMillis(7));
    store.commitNode(id, awaiting, List.of());

    RunSnapshot snap = load(id);
    Map<String, Object> expected = new LinkedHashMap<>(initial);
    expected.put("patched", deep);
    expected.put("patchedNull", null);
    expected.put("committed", deep);
    assertThat(snap.context()).isEqualTo(expected);
    assertThat(snap.nodes().get("n")).isEqualTo(rec);
    assertThat(snap.nodes().get("w")).isEqualTo(awaiting);
  }

  @Test
  void nullOutputAndScalarOutputsRoundTrip() {
    String id = createRunning(Map.of());
    Object[] outputs = {null, "s", 1, 6_000_000_000L, 1.5, true, List.of(), Map.of()};
    for (int i = 0; i < outputs.length; i++) {
      store.commitNode(id, record("n", i, "", NodeStatus.COMPLETED, outputs[i]), List.of());
    }
    RunSnapshot snap = load(id);
    for (int i = 0; i < outputs.length; i++) {
      assertThat(snap.nodes().get("n[" + i + "]").output()).as("output %s", i).isEqualTo(outputs[i]);
    }
  }

  // ---------------------------------------------------------------- commitNode

  @Test
  void aCommitRecordsTheNodeAndAppliesItsOps() {
    String id = createRunning(mapOf("x", 0));
    NodeRecord first = record("A", NodeStatus.COMPLETED, "first");
    store.commitNode(id, first, List.of(ContextOp.set("x", 1), ContextOp.set("y", 2), ContextOp.delete("y")));
    RunSnapshot snap = load(id);
    assertThat(snap.nodes()).containsOnlyKeys("A");
    assertThat(snap.nodes().get("A")).isEqualTo(first);
    assertThat(snap.context()).isEqualTo(mapOf("x", 1));
  }

  @Test
  void awaitingCanBeWrittenAndThenReplacedByAFinalRecord() {
    String id = createRunning(Map.of());
    NodeRecord awaiting = record("A", NodeStatus.AWAITING, null);
    store.commitNode(id, awaiting, List.of(ContextOp.set("waiting", true)));
    assertThat(load(id).nodes().get("A")).isEqualTo(awaiting);

    NodeRecord done = record("A", NodeStatus.COMPLETED, "resumed");
    store.commitNode(id, done, List.of(ContextOp.delete("waiting"), ContextOp.set("A", "resumed")));
    RunSnapshot snap = load(id);
    assertThat(snap.nodes().get("A")).isEqualTo(done);
    assertThat(snap.context()).isEqualTo(mapOf("A", "resumed"));
  }

  @Test
  void aLaterCommitOfTheSameInstanceReplacesTheRecord() {
    String id = createRunning(Map.of());
    store.commitNode(id, record("A", NodeStatus.SKIPPED, null), List.of(ContextOp.set("k", 1)));
    NodeRecord second = record("A", NodeStatus.COMPLETED, "again");
    store.commitNode(id, second, List.of(ContextOp.set("k", 2)));
    RunSnapshot snap = load(id);
    assertThat(snap.nodes()).containsOnlyKeys("A");
    assertThat(snap.nodes().get("A")).isEqualTo(second);
    assertThat(snap.context()).isEqualTo(mapOf("k", 2));
  }

  @Test
  void differentInstanceKeysAreIndependent() {
    String id = createRunning(Map.of());
    List<NodeRecord> records = List.of(
        record("A", -1, "", NodeStatus.COMPLETED, "plain"),
        record("A", 0, "", NodeStatus.COMPLETED, "item0"),
        record("A", 1, "", NodeStatus.FAILED, "item1"),
        record("A", -1, "loop=1", NodeStatus.COMPLETED, "loop1"),
        record("A", -1, "loop=2", NodeStatus.AWAITING, null),
        record("A", 0, "loop=1", NodeStatus.SKIPPED, "item0loop1"),
        record("B", -1, "", NodeStatus.COMPLETED, "other node"));
    for (NodeRecord r : records) {
      store.commitNode(id, r, List.of());
    }
    RunSnapshot snap = load(id);
    assertThat(snap.nodes()).hasSize(records.size());
    for (NodeRecord r : records) {
      assertThat(snap.nodes().get(r.instanceKey())).as(r.instanceKey()).isEqualTo(r);
    }
    // a record for one instance does not replace the others
    store.commitNode(id, record("A", -1, "loop=2", NodeStatus.COMPLETED, "woke"), List.of());
    assertThat(load(id).nodes()).hasSize(records.size());
    assertThat(load(id).nodes().get("B").output()).isEqualTo("other node");
  }

  // ---------------------------------------------------------------- context operations

  @Test
  void contextOpsAreAppliedInOrderAndTheLaterOpOnAKeyWins() {
    Map<String, Object> initial = mapOf("keep", "k", "gone", 1, "reborn", 1, "nulled", 1);
    String id = createRunning(initial);
    store.patchContext(id, List.of(
        ContextOp.set("a", 1),
        ContextOp.set("a", 2),
        ContextOp.delete("gone"),
        ContextOp.delete("reborn"),
        ContextOp.set("reborn", 2),
        ContextOp.set("nulled", null),
        ContextOp.set("tmp", 1),
        ContextOp.delete("tmp"),
        ContextOp.delete("never-existed")));
    assertThat(load(id).context()).isEqualTo(mapOf("keep", "k", "reborn", 2, "nulled", null, "a", 2));
    assertThat(load(id).context()).containsKey("nulled").doesNotContainKeys("gone", "tmp", "never-existed");
  }

  @Test
  void commitNodeAppliesItsContextOpsInOrder() {
    String id = createRunning(mapOf("old", 1));
    store.commitNode(id, record("A", NodeStatus.COMPLETED, 1), List.of(
        ContextOp.set("x", "first"),
        ContextOp.set("x", "second"),
        ContextOp.delete("old"),
        ContextOp.set("n", null),
        ContextOp.set("y", 1),
        ContextOp.delete("y")));
    assertThat(load(id).context()).isEqualTo(mapOf("x", "second", "n", null));
  }

  @Test
  void emptyAndNullOpListsChangeNothing() {
    String id = createRunning(mapOf("a", 1));
    store.patchContext(id, List.of());
    store.commitNode(id, record("A", NodeStatus.COMPLETED, 1), List.of());
    assertThat(load(id).context()).isEqualTo(mapOf("a", 1));
  }

  @Test
  @Timeout(60)
  void aPatchIsNeverSeenHalfApplied() {
    String id = createRunning(mapOf("x", 0, "y", 0));
    int writers = 2;
    int iterations = hammerIterations();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> violation = new AtomicReference<>();
    Concurrently.run(writers + 2, t -> () -> {
      if (t < writers) {
        for (int i = 1; i <= iterations; i++) {
          int v = t * 1_000_000 + i;
          if (i % 2 == 0) {
            store.patchContext(id, List.of(ContextOp.set("x", v), ContextOp.set("y", v)));
          } else {
            // commitNode's context ops must be just as atomic
            store.commitNode(id, record("w" + t, i, "", NodeStatus.COMPLETED, v),
                List.of(ContextOp.set("x", v), ContextOp.set("y", v)));
          }
        }
        finished.incrementAndGet();
      } else {
        while (finished.get() < writers || reads.get() < 10) {
          Map<String, Object> ctx = load(id).context();
          reads.incrementAndGet();
          if (!java.util.Objects.equals(ctx.get("x"), ctx.get("y"))) {
            violation.compareAndSet(null, "x=" + ctx.get("x") + " y=" + ctx.get("y"));
          }
        }
      }
      return null;
    });
    assertThat(violation.get()).as("a load saw half of a patch").isNull();
    Map<String, Object> end = load(id).context();
    assertThat(end.get("x")).isEqualTo(end.get("y"));
    assertThat(load(id).nodes()).hasSize(writers * ((iterations + 1) / 2));
  }

  // ---------------------------------------------------------------- updateStatus / requestCancel

  @Test
  void nonFinalTransitionsAreAllowed() {
    String id = createRunning(Map.of());
    assertThat(store.updateStatus(id, RunStatus.AWAITING, "waiting for approval", T0.plusSeconds(1))).isTrue();
    RunRecord awaiting = getRun(id);
    assertThat(awaiting.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(awaiting.reason()).isEqualTo("waiting for approval");
    assertThat(awaiting.updatedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(awaiting.createdAt()).isEqualTo(T0);

    assertThat(store.updateStatus(id, RunStatus.RUNNING, null, T0.plusSeconds(2))).isTrue();
    assertThat(getRun(id).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(getRun(id).updatedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(store.updateStatus(id, RunStatus.RUNNING, null, T0.plusSeconds(3))).isTrue();
    assertThat(load(id).run()).isEqualTo(getRun(id));
  }

  @ParameterizedTest
  @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void aFinalStatusNeverChanges(RunStatus finalStatus) {
    String id = createRunning(Map.of());
    assertThat(store.updateStatus(id, finalStatus, "the end", T0.plusSeconds(1))).isTrue();
    RunRecord after = getRun(id);
    assertThat(after.status()).isEqualTo(finalStatus);
    assertThat(after.reason()).isEqualTo("the end");

    for (RunStatus s : RunStatus.values()) {
      assertThat(store.updateStatus(id, s, "again", T0.plusSeconds(2))).as("%s -> %s", finalStatus, s).isFalse();
    }
    assertThat(store.requestCancel(id, T0.plusSeconds(3))).isFalse();
    assertThat(getRun(id)).isEqualTo(after);
  }

  @Test
  void aRunCreatedFinalIsFinal() {
    String id = newRunId();
    assertThat(store.createRun(header(id, RunStatus.COMPLETED, T0), Map.of())).isTrue();
    assertThat(store.updateStatus(id, RunStatus.RUNNING, null, T0.plusSeconds(1))).isFalse();
    assertThat(store.requestCancel(id, T0.plusSeconds(1))).isFalse();
    assertThat(getRun(id).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  @Timeout(60)
  void aFinalStatusIsSetExactlyOnceUnderContention() {
    for (int round = 0; round < 20; round++) {
      String id = createRunning(Map.of());
      List<Boolean> results = Concurrently.run(8, t -> () -> store.updateStatus(id,
          t % 2 == 0 ? RunStatus.COMPLETED : RunStatus.FAILED, "thread-" + t, T0.plusSeconds(t + 1)));
      assertThat(results).as("round %s: %s", round, results).containsOnlyOnce(true);
      int winner = results.indexOf(true);
      RunRecord run = getRun(id);
      assertThat(run.status()).isEqualTo(winner % 2 == 0 ? RunStatus.COMPLETED : RunStatus.FAILED);
      assertThat(run.reason()).isEqualTo("thread-" + winner);
      assertThat(run.updatedAt()).isEqualTo(T0.plusSeconds(winner + 1));
    }
  }

  @Test
  void updateStatusAndRequestCancelOnAMissingRunReturnFalse() {
    assertThat(store.updateStatus("no-such-run", RunStatus.COMPLETED, null, T0)).isFalse();
    assertThat(store.requestCancel("no-such-run", T0)).isFalse();
    assertThat(store.getRun("no-such-run")).isEmpty();
  }

  @Test
  void requestCancelMarksALiveRunAndKeepsItsStatus() {
    String id = createRunning(mapOf("a", 1));
    assertThat(store.requestCancel(id, T0.plusSeconds(1))).isTrue();
    RunRecord run = getRun(id);
    assertThat(run.cancelRequested()).isTrue();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(load(id).context()).isEqualTo(mapOf("a", 1));

    // the flag survives the status change that follows
    assertThat(store.updateStatus(id, RunStatus.CANCELLED, "Workflow cancelled", T0.plusSeconds(2))).isTrue();
    assertThat(getRun(id).cancelRequested()).isTrue();
    assertThat(getRun(id).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void requestCancelWorksOnAwaitingRuns() {
    String id = createRunning(Map.of());
    assertThat(store.updateStatus(id, RunStatus.AWAITING, null, T0.plusSeconds(1))).isTrue();
    assertThat(store.requestCancel(id, T0.plusSeconds(2))).isTrue();
    assertThat(getRun(id).cancelRequested()).isTrue();
    assertThat(getRun(id).status()).isEqualTo(RunStatus.AWAITING);
  }

  @ParameterizedTest
  @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void requestCancelOnAFinalRunReturnsFalse(RunStatus finalStatus) {
    String id = createRunning(Map.of());
    assertThat(store.updateStatus(id, finalStatus, null, T0.plusSeconds(1))).isTrue();
    assertThat(store.requestCancel(id, T0.plusSeconds(2))).isFalse();
    assertThat(getRun(id).cancelRequested()).isFalse();
  }

  // ---------------------------------------------------------------- findByStatus

  @Test
  void findByStatusReturnsRunsInThatStatusOldestUpdateFirstAndLimited() {
    // created out of order on purpose
    int[] offsets = {30, 10, 50, 20, 40};
    Map<Integer, String> running = new HashMap<>();
    for (int off : offsets) {
      String id = newRunId();
      assertThat(store.createRun(header(id, RunStatus.RUNNING, T0.plusSeconds(off)), Map.of())).isTrue();
      running.put(off, id);
    }
    String aw1 = newRunId();
    String aw2 = newRunId();
    assertThat(store.createRun(header(aw1, RunStatus.AWAITING, T0.plusSeconds(5)), Map.of())).isTrue();
    assertThat(store.createRun(header(aw2, RunStatus.AWAITING, T0.plusSeconds(1)), Map.of())).isTrue();
    String done = newRunId();
    assertThat(store.createRun(header(done, RunStatus.COMPLETED, T0), Map.of())).isTrue();

    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 10)))
        .containsExactly(running.get(10), running.get(20), running.get(30), running.get(40), running.get(50));
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 3)))
        .containsExactly(running.get(10), running.get(20), running.get(30));
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 1))).containsExactly(running.get(10));
    assertThat(ids(store.findByStatus(RunStatus.AWAITING, 10))).containsExactly(aw2, aw1);
    assertThat(ids(store.findByStatus(RunStatus.COMPLETED, 10))).containsExactly(done);
    assertThat(store.findByStatus(RunStatus.FAILED, 10)).isEmpty();
    assertThat(store.findByStatus(RunStatus.CANCELLED, 10)).isEmpty();
    assertThat(store.findByStatus(RunStatus.RUNNING, 10)).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING));
  }

  @Test
  void findByStatusPagesThroughEveryRunOnceIncludingRunsUpdatedAtTheSameInstant() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // three runs updated at each instant: ties are ordered by run id
      List<String> tied = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        String id = newRunId();
        assertThat(store.createRun(header(id, RunStatus.RUNNING, T0.plusSeconds(10 + i)), Map.of())).isTrue();
        tied.add(id);
      }
      tied.sort(null);
      expected.addAll(tied);
    }
    assertThat(store.createRun(header(newRunId(), RunStatus.AWAITING, T0.plusSeconds(12)), Map.of())).isTrue();
    for (int pageSize : new int[] {1, 2, 4, 100}) {
      List<String> seen = new ArrayList<>();
      RunRecord after = null;
      for (int pages = 0; pages < 100; pages++) {
        List<RunRecord> page = store.findByStatus(RunStatus.RUNNING, after, pageSize);
        assertThat(page.size()).isLessThanOrEqualTo(pageSize);
        if (page.isEmpty()) {
          break;
        }
        seen.addAll(ids(page));
        after = page.get(page.size() - 1);
      }
      assertThat(seen).as("pages of " + pageSize).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void findByStatusFollowsStatusChanges() {
    String a = newRunId();
    String b = newRunId();
    String c = newRunId();
    assertThat(store.createRun(header(a, RunStatus.RUNNING, T0.plusSeconds(1)), Map.of())).isTrue();
    assertThat(store.createRun(header(b, RunStatus.RUNNING, T0.plusSeconds(2)), Map.of())).isTrue();
    assertThat(store.createRun(header(c, RunStatus.RUNNING, T0.plusSeconds(3)), Map.of())).isTrue();

    assertThat(store.updateStatus(a, RunStatus.AWAITING, null, T0.plusSeconds(10))).isTrue();
    assertThat(store.updateStatus(b, RunStatus.COMPLETED, null, T0.plusSeconds(11))).isTrue();
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 10))).containsExactly(c);
    assertThat(ids(store.findByStatus(RunStatus.AWAITING, 10))).containsExactly(a);
    assertThat(ids(store.findByStatus(RunStatus.COMPLETED, 10))).containsExactly(b);

    // a moves back to RUNNING with a later update than c: it now sorts after c
    assertThat(store.updateStatus(a, RunStatus.RUNNING, null, T0.plusSeconds(12))).isTrue();
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 10))).containsExactly(c, a);
    assertThat(store.findByStatus(RunStatus.AWAITING, 10)).isEmpty();
    assertThat(store.findByStatus(RunStatus.RUNNING, 10).get(1).updatedAt()).isEqualTo(T0.plusSeconds(12));
  }

  // ---------------------------------------------------------------- retention: findFinished / deleteRun

  /** Creates a running run updated at {@code createdAt} and moves it to {@code status} at {@code at}. */
  private String runEndingAt(RunStatus status, Instant at) {
    String id = newRunId();
    assertThat(store.createRun(header(id, RunStatus.RUNNING, T0), Map.of("k", id))).isTrue();
    store.commitNode(id, record("n", NodeStatus.COMPLETED, 1), List.of(ContextOp.set("n", 1)));
    assertThat(store.updateStatus(id, status, null, at)).isTrue();
    return id;
  }

  @Test
  void findFinishedReturnsOnlyFinalRunsFinishedBeforeTheCutoffOldestFirst() {
    Instant cutoff = T0.plusSeconds(100);
    String completed = runEndingAt(RunStatus.COMPLETED, T0.plusSeconds(30));
    String failed = runEndingAt(RunStatus.FAILED, T0.plusSeconds(10));
    String cancelled = runEndingAt(RunStatus.CANCELLED, T0.plusSeconds(20));
    String atCutoff = runEndingAt(RunStatus.COMPLETED, cutoff); // not before the cutoff
    String recent = runEndingAt(RunStatus.FAILED, T0.plusSeconds(500));
    // live runs, however old, are never returned
    String oldRunning = newRunId();
    assertThat(store.createRun(header(oldRunning, RunStatus.RUNNING, T0.minusSeconds(86_400 * 365)), Map.of())).isTrue();
    String oldAwaiting = newRunId();
    assertThat(store.createRun(header(oldAwaiting, RunStatus.AWAITING, T0.minusSeconds(86_400 * 365)), Map.of())).isTrue();
    String movedBack = runEndingAt(RunStatus.AWAITING, T0.plusSeconds(1));
    assertThat(store.updateStatus(movedBack, RunStatus.RUNNING, null, T0.plusSeconds(2))).isTrue();

    assertThat(ids(store.findFinished(cutoff, null, 10))).containsExactly(failed, cancelled, completed);
    assertThat(ids(store.findFinished(cutoff, null, 2))).containsExactly(failed, cancelled);
    assertThat(ids(store.findFinished(cutoff.plusMillis(1), null, 10))).containsExactly(failed, cancelled, completed, atCutoff);
    assertThat(ids(store.findFinished(T0.plusSeconds(10), null, 10))).isEmpty();
    assertThat(store.findFinished(cutoff, null, 0)).isEmpty();
    assertThat(ids(store.findFinished(T0.plusSeconds(1000), null, 100)))
        .containsExactly(failed, cancelled, completed, atCutoff, recent)
        .doesNotContain(oldRunning, oldAwaiting, movedBack);

    RunRecord first = store.findFinished(cutoff, null, 1).get(0);
    assertThat(first).isEqualTo(getRun(failed));
    assertThat(first.status()).isEqualTo(RunStatus.FAILED);
    assertThat(first.updatedAt()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void findFinishedPagesThroughEveryRunOnceIncludingRunsFinishedAtTheSameInstant() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // three runs finish at each instant: ties are ordered by run id
      List<String> tied = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        tied.add(runEndingAt(RunStatus.values()[2 + j], T0.plusSeconds(10 + i)));
      }
      tied.sort(null);
      expected.addAll(tied);
    }
    for (int pageSize : new int[] {1, 2, 3, 4, 100}) {
      List<String> seen = new ArrayList<>();
      RunRecord after = null;
      for (int pages = 0; pages < 100; pages++) {
        List<RunRecord> page = store.findFinished(T0.plusSeconds(1000), after, pageSize);
        assertThat(page.size()).isLessThanOrEqualTo(pageSize);
        if (page.isEmpty()) {
          break;
        }
        seen.addAll(ids(page));
        after = page.get(page.size() - 1);
      }
      assertThat(seen).as("page size %s", pageSize).containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(value = RunStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
  void deleteRunDeletesAFinishedRunForGood(RunStatus finalStatus) {
    String gone = runEndingAt(finalStatus, T0.plusSeconds(10));
    String kept = runEndingAt(finalStatus, T0.plusSeconds(11));
    store.patchContext(gone, List.of(ContextOp.set("more", List.of(1, 2))));

    assertThat(store.deleteRun(gone)).isTrue();
    assertThat(store.getRun(gone)).isEmpty();
    assertThat(store.load(gone)).isEmpty();
    assertThat(ids(store.findFinished(T0.plusSeconds(1000), null, 10))).containsExactly(kept);
    assertThat(ids(store.findByStatus(finalStatus, 10))).containsExactly(kept);
    assertThat(store.updateStatus(gone, RunStatus.RUNNING, null, T0.plusSeconds(20))).isFalse();
    assertThat(store.requestCancel(gone, T0.plusSeconds(20))).isFalse();
    assertThat(store.deleteRun(gone)).as("idempotent").isFalse();

    RunSnapshot other = load(kept);
    assertThat(other.context()).isEqualTo(mapOf("k", kept, "n", 1));
    assertThat(other.nodes()).containsOnlyKeys("n");
    assertThat(other.run().status()).isEqualTo(finalStatus);
  }

  @Test
  void deleteRunNeverDeletesALiveRun() {
    String running = createRunning(mapOf("a", 1));
    store.commitNode(running, record("n", NodeStatus.COMPLETED, 1), List.of());
    String awaiting = createRunning(mapOf("a", 2));
    store.commitNode(awaiting, record("w", NodeStatus.AWAITING, null), List.of());
    assertThat(store.updateStatus(awaiting, RunStatus.AWAITING, null, T0.plusSeconds(1))).isTrue();
    String cancelRequested = createRunning(Map.of());
    assertThat(store.requestCancel(cancelRequested, T0.plusSeconds(1))).isTrue();
    RunSnapshot runningBefore = load(running);
    RunSnapshot awaitingBefore = load(awaiting);

    assertThat(store.deleteRun(running)).isFalse();
    assertThat(store.deleteRun(awaiting)).isFalse();
    assertThat(store.deleteRun(cancelRequested)).isFalse();
    assertThat(store.deleteRun("no-such-run")).isFalse();

    assertThat(load(running)).isEqualTo(runningBefore);
    assertThat(load(awaiting)).isEqualTo(awaitingBefore);
    assertThat(getRun(cancelRequested).cancelRequested()).isTrue();
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 10))).containsExactlyInAnyOrder(running, cancelRequested);
    assertThat(ids(store.findByStatus(RunStatus.AWAITING, 10))).containsExactly(awaiting);
  }

  @Test
  void aDeletedRunsIdCanBeUsedAgainForAFreshRun() {
    String id = runEndingAt(RunStatus.COMPLETED, T0.plusSeconds(10));
    assertThat(store.deleteRun(id)).isTrue();

    RunRecord again = header(id, RunStatus.RUNNING, T0.plusSeconds(20));
    assertThat(store.createRun(again, mapOf("fresh", true))).isTrue();
    RunSnapshot snap = load(id);
    assertThat(snap.run()).isEqualTo(again);
    assertThat(snap.context()).isEqualTo(mapOf("fresh", true));
    assertThat(snap.nodes()).isEmpty();
    assertThat(store.findFinished(T0.plusSeconds(1000), null, 10)).isEmpty();
    assertThat(ids(store.findByStatus(RunStatus.RUNNING, 10))).containsExactly(id);
    assertThat(store.deleteRun(id)).as("running again").isFalse();
  }

  private static List<String> ids(List<RunRecord> runs) {
    return runs.stream().map(RunRecord::runId).toList();
  }

  // ---------------------------------------------------------------- concurrent commits

  @Test
  @Timeout(60)
  void concurrentCommitsOfOneInstanceAreEachAtomic() {
    for (int round = 0; round < 20; round++) {
      String id = createRunning(Map.of());
      Concurrently.run(8, t -> () -> {
        store.commitNode(id, record("A", 0, "loop=1", NodeStatus.COMPLETED, "out-" + t),
            List.of(ContextOp.set("winner", t), ContextOp.set("by-" + t, true)));
        return null;
      });
      RunSnapshot snap = load(id);
      // the surviving record and the surviving "winner" key come from the same commit
      assertThat(snap.nodes().get("A[0]@loop=1").output()).as("round %s", round)
          .isEqualTo("out-" + snap.context().get("winner"));
      for (int t = 0; t < 8; t++) {
        assertThat(snap.context()).as("round %s: every commit applied its ops", round).containsEntry("by-" + t, true);
      }
    }
  }
}
