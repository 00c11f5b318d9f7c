package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.Timer;
import dev.flowcraft.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link TimerStore}. Extend it with {@link #createStore()} returning a fresh, empty store.
 * Times are explicit instants with millisecond precision; nothing here depends on the wall clock.
 */
public abstract class TimerStoreContract {

  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** A fresh, empty store; called once per test. */
  protected abstract TimerStore createStore();

  protected TimerStore store;
  protected String runA;
  protected String runB;

  @BeforeEach
  void setUpStore() {
    store = createStore();
    String ns = UUID.randomUUID().toString().substring(0, 8);
    runA = "runA-" + ns;
    runB = "runB-" + ns;
  }

  protected static Timer timer(String runId, String nodeId, Instant dueAt) {
    return Timer.forJob(new Job(JobKind.WAKE, runId, nodeId, "", -1, 1), dueAt);
  }

  private static List<String> ids(List<Timer> timers) {
    return timers.stream().map(Timer::id).toList();
  }

  @Test
  void dueReturnsOnlyDueTimersEarliestFirst() {
    Timer t3 = timer(runA, "n3", T0.plusSeconds(3));
    Timer t1 = timer(runA, "n1", T0.plusSeconds(1));
    Timer t5 = timer(runB, "n5", T0.plusSeconds(5));
    Timer t2 = timer(runB, "n2", T0.plusSeconds(2));
    Timer future = timer(runA, "future", T0.plusSeconds(60));
    for (Timer t : List.of(t3, t1, t5, t2, future)) {
      store.schedule(t);
    }
    assertThat(store.due(T0, 10)).isEmpty();
    assertThat(store.due(T0.plusSeconds(2).minusMillis(1), 10)).containsExactly(t1);
    assertThat(store.due(T0.plusSeconds(10), 10)).containsExactly(t1, t2, t3, t5);
    assertThat(store.due(T0.plusSeconds(3).plusMillis(1), 10)).containsExactly(t1, t2, t3);
  }

  @Test
  void aTimerIsDueAtItsDueInstant() {
    Timer t = timer(runA, "n", T0.plusSeconds(1));
    store.schedule(t);
    assertThat(store.due(T0.plusSeconds(1).minusMillis(1), 10)).isEmpty();
    assertThat(store.due(T0.plusSeconds(1), 10)).containsExactly(t);
  }

  @Test
  void dueIsLimitedToTheEarliest() {
    List<Timer> timers = new ArrayList<>();
    for (int i = 10; i >= 1; i--) {
      Timer t = timer(i % 2 == 0 ? runA : runB, "n" + i, T0.plusMillis(i * 10L));
      timers.add(0, t);
      store.schedule(t);
    }
    assertThat(store.due(T0.plusSeconds(1), 3)).containsExactlyElementsOf(timers.subList(0, 3));
    assertThat(store.due(T0.plusSeconds(1), 1)).containsExactly(timers.get(0));
    assertThat(store.due(T0.plusSeconds(1), 100)).containsExactlyElementsOf(timers);
  }

  @Test
  void dueTimersStayScheduledUntilClaimed() {
    Timer t = timer(runA, "n", T0);
    store.schedule(t);
    assertThat(store.due(T0, 10)).containsExactly(t);
    assertThat(store.due(T0, 10)).as("due() does not remove").containsExactly(t);
    assertThat(store.claim(t.id())).isTrue();
    assertThat(store.due(T0.plusSeconds(3600), 10)).isEmpty();
  }

  @Test
  void claimReturnsTrueOnceAndFalseForUnknownTimers() {
    Timer t = timer(runA, "n", T0);
    store.schedule(t);
    assertThat(store.claim("no-such-timer")).isFalse();
    assertThat(store.claim(t.id())).isTrue();
    assertThat(store.claim(t.id())).isFalse();
  }

  @Test
  void aTimerMayBeClaimedBeforeItIsDue() {
    // the engine claims a wake timer when a run is resumed early
    Timer t = timer(runA, "n", T0.plusSeconds(3600));
    store.schedule(t);
    assertThat(store.claim(t.id())).isTrue();
    assertThat(store.due(T0.plusSeconds(7200), 10)).isEmpty();
  }

  @Test
  void aClaimedTimerCanBeScheduledAgain() {
    Timer t = timer(runA, "n", T0);
    store.schedule(t);
    assertThat(store.claim(t.id())).isTrue();
    store.schedule(t);
    assertThat(store.due(T0, 10)).containsExactly(t);
    assertThat(store.claim(t.id())).isTrue();
  }

  @Test
  @Timeout(60)
  void concurrentClaimersHaveExactlyOneWinner() {
    for (int round = 0; round < 20; round++) {
      Timer t = timer(runA, "n" + round, T0);
      store.schedule(t);
      List<Boolean> results = Concurrently.run(8, i -> () -> store.claim(t.id()));
      assertThat(results).as("round %s", round).containsOnlyOnce(true);
    }
    assertThat(store.due(T0, 100)).isEmpty();
  }

  @Test
  void schedulingTheSameIdReplacesTheTimer() {
    Job first = new Job(JobKind.WAKE, runA, "n", "", -1, 1);
    Job second = new Job(JobKind.EXECUTE, runA, "n", "loop=1", 2, 3);
    store.schedule(new Timer("same-id", T0.plusSeconds(1), first));
    Timer replacement = new Timer("same-id", T0.plusSeconds(5), second);
    store.schedule(replacement);

    assertThat(store.due(T0.plusSeconds(2), 10)).as("the old due time is gone").isEmpty();
    assertThat(store.due(T0.plusSeconds(5), 10)).containsExactly(replacement);
    assertThat(store.claim("same-id")).isTrue();
    assertThat(store.claim("same-id")).isFalse();
  }

  @Test
  void schedulingTheSameIdEarlierReplacesToo() {
    Timer late = new Timer("id", T0.plusSeconds(60), new Job(JobKind.WAKE, runA, "n", "", -1, 1));
    Timer early = new Timer("id", T0.plusSeconds(1), new Job(JobKind.WAKE, runA, "n", "", -1, 2));
    store.schedule(late);
    store.schedule(early);
    assertThat(store.due(T0.plusSeconds(120), 10)).containsExactly(early);
  }

  @Test
  void timersRoundTripTheirJob() {
    Timer t = new Timer("t|x", T0.plusMillis(123), new Job(JobKind.EXECUTE, runA, "node-1", "loop=1,inner=2", 7, 4));
    store.schedule(t);
    Timer got = store.due(T0.plusSeconds(1), 10).get(0);
    assertThat(got).isEqualTo(t);
    assertThat(got.job()).isEqualTo(t.job());
  }

  @Test
  void cancelRunRemovesOnlyThatRunsTimers() {
    Timer a1 = timer(runA, "a1", T0.plusSeconds(1));
    Timer a2 = timer(runA, "a2", T0.plusSeconds(2));
    Timer aFuture = timer(runA, "a3", T0.plusSeconds(3600));
    Timer b1 = timer(runB, "b1", T0.plusSeconds(1));
    Timer b2 = timer(runB, "b2", T0.plusSeconds(3));
    // a run whose id starts with runA's id is a different run
    Timer prefixed = timer(runA + "0", "p", T0.plusSeconds(2));
    for (Timer t : List.of(a1, a2, aFuture, b1, b2, prefixed)) {
      store.schedule(t);
    }
    assertThat(store.cancelRun(runA)).as("the removed timers, with their jobs")
        .containsExactlyInAnyOrder(a1, a2, aFuture);
    assertThat(ids(store.due(T0.plusSeconds(7200), 100))).containsExactlyInAnyOrder(b1.id(), b2.id(), prefixed.id());
    assertThat(store.claim(a1.id())).isFalse();
    assertThat(store.claim(aFuture.id())).isFalse();
    assertThat(store.claim(b1.id())).isTrue();
    assertThat(store.cancelRun("no-such-run")).isEmpty();
    assertThat(ids(store.due(T0.plusSeconds(7200), 100))).containsExactly(prefixed.id(), b2.id());
  }
}
