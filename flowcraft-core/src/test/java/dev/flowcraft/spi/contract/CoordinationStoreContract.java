package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JoinState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link CoordinationStore}. Extend it with {@link #createStore()} returning a fresh, empty
 * store. Keys are prefixed with a random namespace per test, so a shared backend also works.
 *
 * <p>Expiry tests use {@link #shortTtl()} and wait up to {@link #expiryWait()} for keys to disappear; they
 * never assert that a key disappears at an exact moment.
 */
public abstract class CoordinationStoreContract {

  protected static final Duration LONG = Duration.ofMinutes(5);

  /** A fresh, empty store; called once per test. */
  protected abstract CoordinationStore createStore();

  /** A TTL short enough to wait for in a test. */
  protected Duration shortTtl() {
    return Duration.ofMillis(200);
  }

  /** How long to wait at most for a key with {@link #shortTtl()} to expire. */
  protected Duration expiryWait() {
    return Duration.ofSeconds(10);
  }

  protected CoordinationStore store;
  protected String ns;

  @BeforeEach
  void setUpStore() {
    store = createStore();
    ns = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  protected String key(String k) {
    return ns + k;
  }

  // ---------------------------------------------------------------- plain keys

  @Test
  void setIfAbsentSetsOnlyOnce() {
    String k = key("lock");
    assertThat(store.get(k)).isEmpty();
    assertThat(store.setIfAbsent(k, "owner-1", LONG)).isTrue();
    assertThat(store.setIfAbsent(k, "owner-2", LONG)).isFalse();
    assertThat(store.get(k)).contains("owner-1");
    assertThat(store.get(key("other"))).isEmpty();
  }

  @Test
  void deleteRemovesAKeyAndReportsWhetherItExisted() {
    String k = key("lock");
    assertThat(store.delete(k)).isFalse();
    assertThat(store.setIfAbsent(k, "v", LONG)).isTrue();
    assertThat(store.delete(k)).isTrue();
    assertThat(store.get(k)).isEmpty();
    assertThat(store.delete(k)).isFalse();
    assertThat(store.setIfAbsent(k, "again", LONG)).isTrue();
    assertThat(store.get(k)).contains("again");
  }

  @Test
  void deleteIfValueDeletesOnlyTheGivenValue() {
    String k = key("lease");
    assertThat(store.deleteIfValue(k, "owner-1")).as("missing key").isFalse();
    assertThat(store.setIfAbsent(k, "owner-2", LONG)).isTrue();
    assertThat(store.deleteIfValue(k, "owner-1")).as("someone else's value").isFalse();
    assertThat(store.get(k)).contains("owner-2");
    assertThat(store.deleteIfValue(k, "owner-2")).isTrue();
    assertThat(store.get(k)).isEmpty();
    assertThat(store.deleteIfValue(k, "owner-2")).isFalse();
    assertThat(store.setIfAbsent(k, "owner-3", LONG)).as("free again").isTrue();
  }

  @Test
  @Timeout(60)
  void concurrentSetIfAbsentHasExactlyOneWinner() {
    for (int round = 0; round < 20; round++) {
      String k = key("lock-" + round);
      List<Boolean> results = Concurrently.run(8, t -> () -> store.setIfAbsent(k, "owner-" + t, LONG));
      assertThat(results).as("round %s", round).containsOnlyOnce(true);
      assertThat(store.get(k)).contains("owner-" + results.indexOf(true));
    }
  }

  @Test
  @Timeout(60)
  void aKeyExpiresAfterItsTtl() {
    String k = key("lease");
    assertThat(store.setIfAbsent(k, "v", shortTtl())).isTrue();
    await().atMost(expiryWait()).until(() -> store.get(k).isEmpty());
    assertThat(store.setIfAbsent(k, "w", LONG)).as("an expired key is absent").isTrue();
    assertThat(store.get(k)).contains("w");
  }

  @Test
  @Timeout(60)
  void anExpiredKeyCannotBeExtendedOrDeleted() {
    String k = key("lease");
    assertThat(store.setIfAbsent(k, "v", shortTtl())).isTrue();
    await().atMost(expiryWait()).until(() -> store.get(k).isEmpty());
    assertThat(store.extendTtl(k, LONG)).isFalse();
    assertThat(store.delete(k)).isFalse();
    assertThat(store.get(k)).isEmpty();
  }

  @Test
  void extendTtlOfAMissingKeyReturnsFalseAndCreatesNothing() {
    String k = key("missing");
    assertThat(store.extendTtl(k, LONG)).isFalse();
    assertThat(store.get(k)).isEmpty();
    assertThat(store.setIfAbsent(k, "v", LONG)).isTrue();
  }

  @Test
  @Timeout(60)
  void extendTtlKeepsAKeyAliveBeyondItsFirstTtl() {
    String extended = key("extended");
    assertThat(store.setIfAbsent(extended, "v", shortTtl())).isTrue();
    assertThat(store.extendTtl(extended, LONG)).isTrue();
    // a control key set after the extension, with the same short TTL, expires later than the original TTL
    String control = key("control");
    assertThat(store.setIfAbsent(control, "c", shortTtl())).isTrue();
    await().atMost(expiryWait()).until(() -> store.get(control).isEmpty());
    assertThat(store.get(extended)).as("value kept and not expired").contains("v");
  }

  @Test
  @Timeout(60)
  void extendTtlCanShortenTheTtl() {
    String k = key("shortened");
    assertThat(store.setIfAbsent(k, "v", LONG)).isTrue();
    assertThat(store.extendTtl(k, shortTtl())).isTrue();
    await().atMost(expiryWait()).until(() -> store.get(k).isEmpty());
  }

  // ---------------------------------------------------------------- joins

  @Test
  void arriveCountsFirstArrivalsAndNamesTheCompleterAndTheFirstTaken() {
    String j = key("join:D");
    assertThat(store.arrive(j, "A", true, 3, LONG)).isEqualTo(new JoinState(1, 1, null, "A"));
    assertThat(store.arrive(j, "B", false, 3, LONG)).isEqualTo(new JoinState(2, 1, null, "A"));
    // redelivered arrival of A changes nothing
    assertThat(store.arrive(j, "A", true, 3, LONG)).isEqualTo(new JoinState(2, 1, null, "A"));
    assertThat(store.arrive(j, "C", true, 3, LONG)).isEqualTo(new JoinState(3, 2, "C", "A"));
    // redeliveries after completion see the same answer, whatever their taken flag says
    assertThat(store.arrive(j, "B", false, 3, LONG)).isEqualTo(new JoinState(3, 2, "C", "A"));
    assertThat(store.arrive(j, "B", true, 3, LONG)).isEqualTo(new JoinState(3, 2, "C", "A"));
    assertThat(store.arrive(j, "C", true, 3, LONG)).isEqualTo(new JoinState(3, 2, "C", "A"));
    assertThat(store.arrive(j, "A", false, 3, LONG)).isEqualTo(new JoinState(3, 2, "C", "A"));
  }

  @Test
  void skippedArrivalsCountTowardsArrivedButNotTaken() {
    String j = key("join:E");
    assertThat(store.arrive(j, "A", false, 3, LONG)).isEqualTo(new JoinState(1, 0, null, null));
    assertThat(store.arrive(j, "B", true, 3, LONG)).isEqualTo(new JoinState(2, 1, null, "B"));
    assertThat(store.arrive(j, "C", false, 3, LONG)).isEqualTo(new JoinState(3, 1, "C", "B"));
  }

  @Test
  void allSkippedCompletesWithoutAFirstTaken() {
    String j = key("join:F");
    assertThat(store.arrive(j, "A", false, 2, LONG)).isEqualTo(new JoinState(1, 0, null, null));
    assertThat(store.arrive(j, "B", false, 2, LONG)).isEqualTo(new JoinState(2, 0, "B", null));
    assertThat(store.arrive(j, "A", true, 2, LONG)).isEqualTo(new JoinState(2, 0, "B", null));
  }

  @Test
  void aSinglePredecessorCompletesOnFirstArrival() {
    assertThat(store.arrive(key("join:G"), "A", true, 1, LONG)).isEqualTo(new JoinState(1, 1, "A", "A"));
    assertThat(store.arrive(key("join:H"), "A", false, 1, LONG)).isEqualTo(new JoinState(1, 0, "A", null));
  }

  @Test
  void arrivalsBeyondTheExpectedCountKeepTheCompleter() {
    String j = key("join:I");
    store.arrive(j, "A", true, 2, LONG);
    assertThat(store.arrive(j, "B", true, 2, LONG).completedBy()).isEqualTo("B");
    JoinState extra = store.arrive(j, "C", true, 2, LONG);
    assertThat(extra.completedBy()).isEqualTo("B");
    assertThat(extra.firstTakenBy()).isEqualTo("A");
    assertThat(extra.arrived()).isEqualTo(3);
    assertThat(extra.taken()).isEqualTo(3);
  }

  @Test
  void joinsAreIndependent() {
    String j1 = key("join:1");
    String j2 = key("join:2");
    store.arrive(j1, "A", true, 2, LONG);
    assertThat(store.arrive(j2, "B", false, 2, LONG)).isEqualTo(new JoinState(1, 0, null, null));
    assertThat(store.arrive(j1, "B", true, 2, LONG)).isEqualTo(new JoinState(2, 2, "B", "A"));
    assertThat(store.arrive(j2, "A", true, 2, LONG)).isEqualTo(new JoinState(2, 1, "A", "A"));
  }

  @Test
  void predecessorNamesAreOpaque() {
    String j = key("join:odd");
    String p1 = "A[0]@loop=1";
    String p2 = "B|x,y \"quoted\" ✓";
    assertThat(store.arrive(j, p1, true, 2, LONG)).isEqualTo(new JoinState(1, 1, null, p1));
    assertThat(store.arrive(j, p2, true, 2, LONG)).isEqualTo(new JoinState(2, 2, p2, p1));
  }

  @Test
  @Timeout(60)
  void concurrentArrivalsHaveExactlyOneCompleter() {
    int n = 8;
    for (int round = 0; round < 20; round++) {
      String j = key("join:c" + round);
      boolean[] taken = new boolean[n];
      for (int i = 0; i < n; i++) {
        taken[i] = (i + round) % 3 != 0;
      }
      List<JoinState> states = Concurrently.run(n, t -> () -> store.arrive(j, "P" + t, taken[t], n, LONG));
      List<Integer> completers = IntStream.range(0, n)
          .filter(t -> ("P" + t).equals(states.get(t).completedBy())).boxed().toList();
      assertThat(completers).as("round %s: %s", round, states).hasSize(1);
      assertThat(states.stream().map(JoinState::arrived).collect(Collectors.toSet()))
          .as("each arrival saw a distinct count").hasSize(n);
      Set<String> firstTaken = states.stream().map(JoinState::firstTakenBy).filter(s -> s != null)
          .collect(Collectors.toSet());
      assertThat(firstTaken).as("one first-taken answer").hasSize(1);
      String first = firstTaken.iterator().next();
      assertThat(taken[Integer.parseInt(first.substring(1))]).as("first taken was taken").isTrue();

      long takenCount = IntStream.range(0, n).filter(t -> taken[t]).count();
      JoinState after = store.arrive(j, "P0", taken[0], n, LONG);
      assertThat(after).isEqualTo(new JoinState(n, (int) takenCount, "P" + completers.get(0), first));
    }
  }

  @Test
  @Timeout(60)
  void concurrentRedeliveriesCountOnce() {
    int preds = 4;
    for (int round = 0; round < 20; round++) {
      String j = key("join:r" + round);
      List<JoinState> states = Concurrently.run(preds * 2, t -> () -> store.arrive(j, "P" + (t % preds), true, preds, LONG));
      Set<String> completedBy = states.stream().map(JoinState::completedBy).filter(s -> s != null)
          .collect(Collectors.toSet());
      assertThat(completedBy).as("round %s: %s", round, states).hasSize(1);
      assertThat(states).allSatisfy(s -> assertThat(s.arrived()).isBetween(1, preds));
      JoinState after = store.arrive(j, "P1", true, preds, LONG);
      assertThat(after.arrived()).isEqualTo(preds);
      assertThat(after.taken()).isEqualTo(preds);
      assertThat(after.completedBy()).isEqualTo(completedBy.iterator().next());
    }
  }

  @Test
  @Timeout(60)
  void aJoinExpiresAfterItsTtl() {
    String j = key("join:ttl");
    assertThat(store.arrive(j, "A", true, 1000, shortTtl()).arrived()).isEqualTo(1);
    AtomicInteger probe = new AtomicInteger();
    // once expired, an arrival starts a fresh join. Probes are spaced wider than the TTL so that a store that
    // refreshes the TTL on every arrival (also allowed) still lets the join expire between two probes.
    await().atMost(expiryWait()).pollDelay(shortTtl().multipliedBy(2)).pollInterval(shortTtl().multipliedBy(2))
        .until(() -> store.arrive(j, "probe-" + probe.incrementAndGet(), true, 1000, shortTtl()).arrived() == 1);
  }

  // ---------------------------------------------------------------- work sets

  @Test
  void workSetCounts() {
    String w = key("work");
    assertThat(store.workCount(w)).isEqualTo(-1);
    assertThat(store.openWork(w, LONG)).isZero();
    assertThat(store.workCount(w)).isZero();

    store.addWork(w, List.of("A", "B"));
    assertThat(store.workCount(w)).isEqualTo(2);
    store.addWork(w, List.of("B", "C[0]@loop=1"));
    assertThat(store.workCount(w)).as("a set: duplicates count once").isEqualTo(3);
    store.addWork(w, List.of());
    assertThat(store.workCount(w)).isEqualTo(3);

    assertThat(store.finishWork(w, "A")).isEqualTo(2);
    assertThat(store.finishWork(w, "A")).as("finishing an absent item").isEqualTo(2);
    assertThat(store.finishWork(w, "never-added")).isEqualTo(2);
    assertThat(store.workCount(w)).isEqualTo(2);

    assertThat(store.openWork(w, LONG)).as("reopening returns the current size").isEqualTo(2);
    assertThat(store.workCount(w)).isEqualTo(2);

    assertThat(store.finishWork(w, "B")).isEqualTo(1);
    assertThat(store.finishWork(w, "C[0]@loop=1")).isZero();
  }

  @Test
  void replaceWorkRetiresOneItemAndAddsOthersAtOnce() {
    String w = key("work");
    assertThat(store.replaceWork(w, "A", List.of("B"))).as("missing set").isEqualTo(-1);
    assertThat(store.workCount(w)).as("not created").isEqualTo(-1);
    store.openWork(w, LONG);
    store.addWork(w, List.of("A", "X"));
    assertThat(store.replaceWork(w, "A", List.of("B", "C[0]@loop=1"))).isEqualTo(3);
    assertThat(store.containsWork(w, "A")).contains(false);
    assertThat(store.containsWork(w, "B")).contains(true);
    assertThat(store.replaceWork(w, "B", List.of("B"))).as("finished and added again: stays").isEqualTo(3);
    assertThat(store.containsWork(w, "B")).contains(true);
    assertThat(store.replaceWork(w, "never-added", List.of())).isEqualTo(3);
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      many.add("item[" + i + "]");
    }
    assertThat(store.replaceWork(w, "X", many)).as("more items than one SADD chunk").isEqualTo(2 + 2_500);
  }

  @Test
  void containsWorkTellsPresentAbsentAndMissing() {
    String w = key("work");
    assertThat(store.containsWork(w, "A")).as("missing set").isEmpty();
    store.openWork(w, LONG);
    assertThat(store.containsWork(w, "A")).contains(false);
    store.addWork(w, List.of("A", "D[3]@loop=2"));
    assertThat(store.containsWork(w, "A")).contains(true);
    assertThat(store.containsWork(w, "D[3]@loop=2")).contains(true);
    store.finishWork(w, "A");
    assertThat(store.containsWork(w, "A")).contains(false);
  }

  @Test
  void anEmptiedWorkSetStillExists() {
    String w = key("work");
    assertThat(store.openWork(w, LONG)).isZero();
    store.addWork(w, List.of("A"));
    assertThat(store.finishWork(w, "A")).isZero();
    assertThat(store.workCount(w)).as("empty, not lost").isZero();
    assertThat(store.finishWork(w, "A")).isZero();
    store.addWork(w, List.of("B"));
    assertThat(store.workCount(w)).isEqualTo(1);
    assertThat(store.openWork(w, LONG)).isEqualTo(1);
  }

  @Test
  void aMissingWorkSetIsReportedAsMinusOne() {
    String w = key("work-missing");
    assertThat(store.finishWork(w, "A")).isEqualTo(-1);
    assertThat(store.workCount(w)).isEqualTo(-1);
    store.addWork(w, List.of("A", "B"));
    assertThat(store.workCount(w)).as("addWork does not create a set").isEqualTo(-1);
    assertThat(store.finishWork(w, "A")).isEqualTo(-1);
  }

  @Test
  void workSetsAreIndependent() {
    String w1 = key("work1");
    String w2 = key("work2");
    store.openWork(w1, LONG);
    store.openWork(w2, LONG);
    store.addWork(w1, List.of("A", "B"));
    store.addWork(w2, List.of("A"));
    assertThat(store.finishWork(w2, "A")).isZero();
    assertThat(store.workCount(w1)).isEqualTo(2);
  }

  @Test
  void aWorkSetMayBeOpenedWithoutTtl() {
    // the engine opens work sets with a null TTL: no expiry
    String w = key("work-forever");
    assertThat(store.openWork(w, null)).isZero();
    store.addWork(w, List.of("A"));
    assertThat(store.workCount(w)).isEqualTo(1);
    assertThat(store.finishWork(w, "A")).isZero();
    assertThat(store.workCount(w)).isZero();
  }

  @Test
  @Timeout(60)
  void aWorkSetExpiresAfterItsTtl() {
    String w = key("work-ttl");
    assertThat(store.openWork(w, shortTtl())).isZero();
    store.addWork(w, List.of("A"));
    await().atMost(expiryWait()).until(() -> store.workCount(w) == -1);
    assertThat(store.finishWork(w, "A")).isEqualTo(-1);
    assertThat(store.openWork(w, LONG)).as("reopened as new").isZero();
  }

  @Test
  @Timeout(60)
  void concurrentFinishesSeeEveryRemainingCountOnce() {
    // finishWork removes and counts atomically: n finishes of distinct items return n-1 ... 0, each once
    int n = 8;
    for (int round = 0; round < 20; round++) {
      String w = key("work-c" + round);
      store.openWork(w, LONG);
      store.addWork(w, IntStream.range(0, n).mapToObj(i -> "I" + i).toList());
      List<Long> remaining = Concurrently.run(n, t -> () -> store.finishWork(w, "I" + t));
      assertThat(remaining).as("round %s", round)
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).mapToObj(i -> (long) i).toList());
      assertThat(store.workCount(w)).isZero();
    }
  }

  @Test
  @Timeout(60)
  void concurrentAddsAndFinishesStayConsistent() {
    String w = key("work-mixed");
    store.openWork(w, LONG);
    store.addWork(w, List.of("guard"));
    int threads = 4;
    int perThread = 200;
    List<Boolean> sawNegative = Concurrently.run(threads, t -> () -> {
      boolean negative = false;
      for (int i = 0; i < perThread; i++) {
        String item = "T" + t + "-" + i;
        store.addWork(w, List.of(item, item + "-child"));
        negative |= store.finishWork(w, item) < 1;
        negative |= store.finishWork(w, item + "-child") < 1;
      }
      return negative;
    });
    assertThat(sawNegative).as("the guard item keeps the count >= 1").containsOnly(false);
    assertThat(store.workCount(w)).isEqualTo(1);
    assertThat(store.finishWork(w, "guard")).isZero();
  }

  // ---------------------------------------------------------------- deleteByPrefix

  @Test
  void deleteAllRemovesTheNamedKeysOfEveryKindAndIgnoresMissingOnes() {
    String flag = key("flag");
    String join = key("join");
    String work = key("work");
    String other = key("other");
    store.setIfAbsent(flag, "v", LONG);
    store.setIfAbsent(other, "v", LONG);
    store.arrive(join, "a", true, 2, LONG);
    store.openWork(work, LONG);
    store.addWork(work, List.of("A"));
    store.deleteAll(List.of(flag, join, work, key("never-existed")));
    assertThat(store.get(flag)).isEmpty();
    assertThat(store.workCount(work)).isEqualTo(-1);
    assertThat(store.arrive(join, "b", true, 2, LONG).arrived()).as("a fresh join").isEqualTo(1);
    assertThat(store.get(other)).contains("v");
    store.deleteAll(List.of());
  }

  @Test
  void deleteByPrefixRemovesMatchingKeysOnly() {
    String p = key("run1:");
    store.setIfAbsent(p + "lock", "x", LONG);
    store.arrive(p + "join:D", "A", true, 2, LONG);
    store.openWork(p + "work", LONG);
    store.addWork(p + "work", List.of("A"));

    store.setIfAbsent(key("run10:lock"), "keep", LONG);
    store.setIfAbsent(key("run1"), "keep", LONG);
    store.setIfAbsent(key("other:") + p + "lock", "keep", LONG);
    store.arrive(key("run2:join:D"), "A", true, 2, LONG);
    store.openWork(key("run2:work"), LONG);
    store.addWork(key("run2:work"), List.of("A", "B"));

    store.deleteByPrefix(p);

    assertThat(store.get(p + "lock")).isEmpty();
    assertThat(store.workCount(p + "work")).isEqualTo(-1);
    assertThat(store.arrive(p + "join:D", "B", true, 2, LONG)).as("join state was deleted")
        .isEqualTo(new JoinState(1, 1, null, "B"));

    assertThat(store.get(key("run10:lock"))).contains("keep");
    assertThat(store.get(key("run1"))).contains("keep");
    assertThat(store.get(key("other:") + p + "lock")).contains("keep");
    assertThat(store.arrive(key("run2:join:D"), "B", true, 2, LONG)).isEqualTo(new JoinState(2, 2, "B", "A"));
    assertThat(store.workCount(key("run2:work"))).isEqualTo(2);
  }

  @Test
  void deleteByPrefixTreatsThePrefixLiterally() {
    // backends with pattern matching (Redis SCAN MATCH, SQL LIKE) must escape the prefix
    List<String> keys = new ArrayList<>(List.of("a*:1", "ab:1", "a?:1", "aX:1", "a[b]:1", "ab]:1", "a%:1", "a_:1",
        "a\\:1", "a.:1"));
    for (String k : keys) {
      assertThat(store.setIfAbsent(key(k), "v", LONG)).isTrue();
    }
    Set<String> deleted = new HashSet<>();
    for (String prefix : List.of("a*", "a?", "a[b]", "a%", "a_", "a\\", "a.")) {
      store.deleteByPrefix(key(prefix));
      deleted.add(prefix + ":1");
      for (String k : keys) {
        Optional<String> v = store.get(key(k));
        if (deleted.contains(k)) {
          assertThat(v).as("%s deleted by prefix %s", k, prefix).isEmpty();
        } else {
          assertThat(v).as("%s kept after prefix %s", k, prefix).contains("v");
        }
      }
    }
  }

  @Test
  void deleteByPrefixWithNoMatchChangesNothing() {
    store.setIfAbsent(key("a"), "v", LONG);
    store.deleteByPrefix(key("zzz"));
    assertThat(store.get(key("a"))).contains("v");
  }
}
