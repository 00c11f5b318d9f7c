package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link JobQueue}: at-least-once delivery. Extend it with {@link #createQueue()} returning a
 * fresh, empty queue. Subscriptions opened through {@link #subscribe(JobHandler)} are closed after each test.
 */
public abstract class JobQueueContract {

  /** A fresh, empty queue; called once per test. */
  protected abstract JobQueue createQueue();

  /** How long to wait at most for deliveries. */
  protected Duration deliveryWait() {
    return Duration.ofSeconds(20);
  }

  /**
   * How long a closed subscription is watched for stray deliveries. A closed subscription must not deliver
   * at all, so this only bounds how hard the test looks.
   */
  protected Duration quietPeriod() {
    return Duration.ofMillis(500);
  }

  protected JobQueue queue;
  private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();
  private String runPrefix;

  @BeforeEach
  void setUpQueue() {
    queue = createQueue();
    runPrefix = "run-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  @AfterEach
  void closeSubscriptions() throws Exception {
    for (AutoCloseable s : subscriptions) {
      s.close();
    }
    subscriptions.clear();
  }

  protected AutoCloseable subscribe(JobHandler handler) {
    AutoCloseable s = queue.subscribe(handler);
    subscriptions.add(s);
    return s;
  }

  /** Distinct jobs exercising every field of {@link Job}. */
  protected List<Job> jobs(String tag, int n) {
    List<Job> out = new ArrayList<>();
    JobKind[] kinds = JobKind.values();
    for (int i = 0; i < n; i++) {
      String scope = i % 3 == 0 ? "" : "loop=" + i;
      out.add(new Job(kinds[i % kinds.length], runPrefix + tag + "-" + (i % 7), "node-" + i, scope,
          i % 4 == 0 ? -1 : i, 1 + i % 3));
    }
    return out;
  }

  /** A handler recording what it got; jobs from other tests (shared backends) are ignored by run prefix. */
  protected class Recorder implements JobHandler {
    final Set<Job> seen = ConcurrentHashMap.newKeySet();
    final Map<Job, AtomicInteger> counts = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();

    @Override
    public void handle(Job job) throws Exception {
      if (!job.runId().startsWith(runPrefix)) {
        return;
      }
      counts.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      before(job);
      seen.add(job);
    }

    void before(Job job) throws Exception {}
  }

  // ---------------------------------------------------------------- delivery

  @Test
  @Timeout(60)
  void everyEnqueuedJobIsDelivered() {
    Recorder r = new Recorder();
    subscribe(r);
    List<Job> jobs = jobs("a", 60);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsExactlyInAnyOrderElementsOf(jobs));
  }

  @Test
  @Timeout(60)
  void jobsEnqueuedBeforeSubscribingAreDelivered() {
    List<Job> jobs = jobs("early", 20);
    jobs.forEach(queue::enqueue);
    Recorder r = new Recorder();
    subscribe(r);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsExactlyInAnyOrderElementsOf(jobs));
  }

  @Test
  @Timeout(60)
  void equalJobsEnqueuedTwiceAreBothDelivered() {
    // the queue does not deduplicate: that is the engine's job
    Job job = jobs("twice", 1).get(0);
    Recorder r = new Recorder();
    subscribe(r);
    queue.enqueue(job);
    queue.enqueue(job);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.total.get()).isGreaterThanOrEqualTo(2));
  }

  @Test
  @Timeout(60)
  void aHandlerExceptionRedeliversTheJob() {
    List<Job> jobs = jobs("fail", 10);
    Job flaky = jobs.get(3);
    Job checked = jobs.get(7);
    Recorder r = new Recorder() {
      @Override
      void before(Job job) throws Exception {
        if (job.equals(flaky) && counts.get(job).get() == 1) {
          throw new IllegalStateException("first delivery fails");
        }
        if (job.equals(checked) && counts.get(job).get() <= 2) {
          throw new java.io.IOException("checked failure");
        }
      }
    };
    subscribe(r);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsExactlyInAnyOrderElementsOf(jobs));
    assertThat(r.counts.get(flaky).get()).isGreaterThanOrEqualTo(2);
    assertThat(r.counts.get(checked).get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  @Timeout(60)
  void aHandlerErrorRedeliversTheJobAndDoesNotStopTheSubscription() {
    // "acknowledged when the handler returns normally": an Error is not a normal return either
    List<Job> jobs = jobs("error", 20);
    Set<Job> poisoned = new HashSet<>(jobs.subList(0, 8));
    Recorder r = new Recorder() {
      @Override
      void before(Job job) {
        if (poisoned.contains(job) && counts.get(job).get() == 1) {
          throw new AssertionError("handler blew up");
        }
      }
    };
    subscribe(r);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsExactlyInAnyOrderElementsOf(jobs));
    // and the subscription still works afterwards
    List<Job> more = jobs("after-error", 20);
    more.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsAll(more));
  }

  @Test
  void anUnprocessableJobIsNotRedeliveredAndTheSubscriptionGoesOn() {
    List<Job> jobs = jobs("unprocessable", 10);
    Job hopeless = jobs.get(0);
    Recorder r = new Recorder() {
      @Override
      void before(Job job) {
        if (job.equals(hopeless)) {
          throw new dev.flowcraft.spi.UnprocessableJobException("no such run");
        }
      }
    };
    subscribe(r);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsAll(jobs.subList(1, jobs.size())));
    List<Job> more = jobs("after-unprocessable", 5);
    more.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(r.seen).containsAll(more));
    assertThat(r.counts.get(hopeless).get()).as("delivered once, then dead-lettered, not retried").isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void aClosedSubscriptionDeliversNothingMoreAndLosesNothing() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger afterClose = new AtomicInteger();
    Recorder first = new Recorder() {
      @Override
      void before(Job job) {
        if (closed.get()) {
          afterClose.incrementAndGet();
        }
      }
    };
    AutoCloseable sub = subscribe(first);
    List<Job> early = jobs("before-close", 5);
    early.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(first.seen).containsAll(early));

    sub.close();
    closed.set(true);
    int totalAtClose = first.total.get();
    List<Job> late = jobs("after-close", 10);
    late.forEach(queue::enqueue);
    await().during(quietPeriod()).atMost(quietPeriod().plusSeconds(5))
        .until(() -> first.total.get() == totalAtClose && afterClose.get() == 0);

    // jobs enqueued while nobody listens are delivered to the next subscriber
    Recorder second = new Recorder();
    subscribe(second);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(second.seen).containsAll(late));
    assertThat(afterClose.get()).isZero();
  }

  @Test
  @Timeout(60)
  void closingIsIdempotent() throws Exception {
    Recorder r = new Recorder();
    AutoCloseable sub = subscribe(r);
    sub.close();
    sub.close();
    // the queue still works for a new subscriber
    Recorder next = new Recorder();
    subscribe(next);
    List<Job> jobs = jobs("reopen", 3);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> assertThat(next.seen).containsExactlyInAnyOrderElementsOf(jobs));
  }

  @Test
  @Timeout(120)
  void aThousandJobsFromFourProducersAreAllDelivered() {
    Recorder r = new Recorder();
    subscribe(r);
    int producers = 4;
    int perProducer = 250;
    List<List<Job>> batches = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      batches.add(jobs("p" + p, perProducer));
    }
    Concurrently.run(producers, p -> () -> {
      batches.get(p).forEach(queue::enqueue);
      return null;
    });
    Set<Job> all = new HashSet<>();
    batches.forEach(all::addAll);
    assertThat(all).hasSize(producers * perProducer);
    await().atMost(deliveryWait().multipliedBy(2))
        .untilAsserted(() -> assertThat(r.seen).containsExactlyInAnyOrderElementsOf(all));
  }

  @Test
  @Timeout(60)
  void competingSubscribersShareTheJobs() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    subscribe(a);
    subscribe(b);
    List<Job> jobs = jobs("shared", 200);
    jobs.forEach(queue::enqueue);
    await().atMost(deliveryWait()).untilAsserted(() -> {
      Set<Job> union = new HashSet<>(a.seen);
      union.addAll(b.seen);
      assertThat(union).containsExactlyInAnyOrderElementsOf(jobs);
    });
  }
}
