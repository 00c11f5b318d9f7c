package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.UnprocessableJobException;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the contract does not cover: dead-lettering, parallelism within a partition, commit ordering, close. */
@FlowcraftStackTest
class KafkaJobQueueBehaviourIT {
  private final TestStack stack;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  KafkaJobQueueBehaviourIT(TestStack stack) {
    this.stack = stack;
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private KafkaJobQueue open(KafkaQueueOptions options) {
    KafkaJobQueue q = KafkaJobQueue.open(options);
    closeables.add(q);
    return q;
  }

  private AutoCloseable subscribe(KafkaJobQueue q, dev.flowcraft.spi.JobHandler h) {
    AutoCloseable s = q.subscribe(h);
    closeables.add(s);
    return s;
  }

  @Test
  @Timeout(60)
  void undecodableRecordsAreDeadLetteredWithAReasonAndTheWorkerGoesOn() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "malformed").maxJobBytes(200).build();
    KafkaJobQueue q = open(o);
    Set<Job> seen = ConcurrentHashMap.newKeySet();
    subscribe(q, seen::add);
    try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      raw.send(new ProducerRecord<>(o.topic(), bytes("r1"), bytes("{\"v\":1,\"kind\":\"EXECUTE\"}"))).get();
      raw.send(new ProducerRecord<>(o.topic(), bytes("r1"), bytes("x".repeat(300)))).get();
    }
    Job good = Job.execute("r1", "after", "");
    q.enqueue(good);
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains(good));
    assertThat(seen).containsExactly(good);

    List<ConsumerRecord<byte[], byte[]>> dead = readAll(o.deadLetterTopic(), 2);
    assertThat(dead).extracting(r -> header(r, QueueHeaders.ERROR)).containsExactlyInAnyOrder(
        "malformed job: missing field runId", "record of 300 bytes exceeds maxJobBytes 200");
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(header(r, QueueHeaders.ORIGINAL_TOPIC)).isEqualTo(o.topic());
      assertThat(header(r, QueueHeaders.ORIGINAL_PARTITION)).matches("\\d+");
      assertThat(header(r, QueueHeaders.ORIGINAL_OFFSET)).matches("\\d+");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("r1");
    }
  }

  @Test
  @Timeout(60)
  void aJobThatAlwaysFailsIsRedeliveredWithBackoffThenDeadLettered() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "poison").maxRedeliveries(3)
        .redeliveryBackoff(Duration.ofMillis(300)).build();
    KafkaJobQueue q = open(o);
    Job poison = Job.execute("r-poison", "n", "");
    AtomicInteger calls = new AtomicInteger();
    List<Long> callTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    subscribe(q, job -> {
      callTimes.add(System.nanoTime());
      calls.incrementAndGet();
      throw new IllegalStateException("boom " + calls.get());
    });
    q.enqueue(poison);

    List<ConsumerRecord<byte[], byte[]>> dead = readAll(o.deadLetterTopic(), 1);
    assertThat(JobCodec.decode(dead.get(0).value())).isEqualTo(poison);
    assertThat(header(dead.get(0), QueueHeaders.ERROR))
        .startsWith("failed 3 deliveries, last: java.lang.IllegalStateException: boom");
    assertThat(header(dead.get(0), QueueHeaders.DELIVERY)).isEqualTo("3");
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> calls.get() == 3);
    assertThat(Duration.ofNanos(callTimes.get(1) - callTimes.get(0))).as("first back-off")
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(callTimes.get(2) - callTimes.get(1))).as("doubled")
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  @Timeout(60)
  void anUnprocessableJobIsDeadLetteredWithItsMessageAtOnce() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "unprocessable").build();
    KafkaJobQueue q = open(o);
    Job hopeless = Job.execute("r-gone", "n", "");
    AtomicInteger calls = new AtomicInteger();
    subscribe(q, job -> {
      calls.incrementAndGet();
      throw new UnprocessableJobException("no such run r-gone");
    });
    q.enqueue(hopeless);

    List<ConsumerRecord<byte[], byte[]>> dead = readAll(o.deadLetterTopic(), 1);
    assertThat(JobCodec.decode(dead.get(0).value())).isEqualTo(hopeless);
    assertThat(header(dead.get(0), QueueHeaders.ERROR)).isEqualTo("no such run r-gone");
    assertThat(calls).hasValue(1);
  }

  @Test
  @Timeout(60)
  void aSlowJobDoesNotDelayTheOtherJobsOfItsPartition() {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "slow").partitions(1).concurrency(4).build();
    KafkaJobQueue q = open(o);
    CountDownLatch release = new CountDownLatch(1);
    Set<Job> fast = ConcurrentHashMap.newKeySet();
    subscribe(q, job -> {
      if (job.nodeId().equals("slow")) {
        release.await(20, TimeUnit.SECONDS);
      } else {
        fast.add(job);
      }
    });
    q.enqueue(Job.execute("same-run", "slow", ""));
    List<Job> others = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      others.add(Job.execute("run-" + i, "fast-" + i, ""));
    }
    others.forEach(q::enqueue);
    // the slow job blocks until released, so every fast one finished while it ran
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(fast).containsExactlyInAnyOrderElementsOf(others));
    release.countDown();
  }

  @Test
  @Timeout(60)
  void aPollThreadStoppedByAnErrorIsRestartedAndConsumesAgain() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "pollerror").partitions(1)
        .consumerProperty("interceptor.classes", ThrowingConsumerInterceptor.class.getName()).build();
    KafkaJobQueue q = open(o);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    List<Throwable> gaveUp = new java.util.concurrent.CopyOnWriteArrayList<>();
    q.onSubscriptionFailure(gaveUp::add);
    subscribe(q, job -> handled.add(job.nodeId()));
    q.enqueue(Job.execute("r", "before", ""));
    await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("before"));
    ThrowingConsumerInterceptor.THROWS.set(1);
    q.enqueue(Job.execute("r", "after", ""));
    await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("after"));
    assertThat(q.pollRestarts()).isEqualTo(1);
    assertThat(gaveUp).isEmpty();
  }

  @Test
  @Timeout(60)
  void aPollThreadThatKeepsFailingGivesUpAndSaysSo() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "pollgiveup").partitions(1).maxPollRestarts(2)
        .consumerProperty("interceptor.classes", ThrowingConsumerInterceptor.class.getName()).build();
    KafkaJobQueue q = open(o);
    List<Throwable> gaveUp = new java.util.concurrent.CopyOnWriteArrayList<>();
    q.onSubscriptionFailure(gaveUp::add);
    ThrowingConsumerInterceptor.THROWS.set(1000);
    try {
      subscribe(q, job -> { });
      q.enqueue(Job.execute("r", "poison", ""));
      await().atMost(Duration.ofSeconds(30)).until(() -> !gaveUp.isEmpty());
      assertThat(gaveUp.get(0)).isInstanceOf(AssertionError.class).hasMessageContaining("injected");
      assertThat(q.pollRestarts()).as("restarted twice (0.5 s, 1 s), then gave up").isEqualTo(2);
    } finally {
      ThrowingConsumerInterceptor.THROWS.set(0);
    }
  }

  @Test
  @Timeout(90)
  void aStuckJobDoesNotHoldBackTheCommitOfTheOtherJobsOfItsPartition() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "stuck").partitions(1).concurrency(4)
        .detachAfter(Duration.ofSeconds(2)).build();
    KafkaJobQueue q = open(o);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger stuckCalls = new AtomicInteger();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    AutoCloseable sub = subscribe(q, job -> {
      if (job.nodeId().equals("stuck")) {
        if (stuckCalls.incrementAndGet() == 1) {
          release.await(60, TimeUnit.SECONDS); // stuck; a copy is a duplicate to this handler, as to the engine
        }
      } else {
        handled.add(job.nodeId());
      }
    });
    q.enqueue(Job.execute("run-stuck", "stuck", ""));
    for (int i = 0; i < 20; i++) {
      q.enqueue(Job.execute("run-" + i, "fast-" + i, ""));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 20);
    // offsets 0 (stuck) and 1..20 (fast); the stuck one's copy lands at 21 and is handled at once
    await().atMost(Duration.ofSeconds(20)).until(() -> committed(o) >= 22);
    assertThat(stuckCalls).as("the original still runs; its copy was handed over as a duplicate").hasValue(2);
    release.countDown();
    sub.close();

    // a restart (a new member of the group) gets nothing of it again
    Set<String> second = ConcurrentHashMap.newKeySet();
    subscribe(q, job -> second.add(job.nodeId()));
    q.enqueue(Job.execute("r", "marker", ""));
    await().atMost(Duration.ofSeconds(20)).until(() -> second.contains("marker"));
    Thread.sleep(500);
    assertThat(second).containsExactly("marker");
  }

  @Test
  @Timeout(90)
  void aHandlerRunningLongerThanMaxPollIntervalCausesNoRebalance() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "long").partitions(1)
        .consumerProperty("max.poll.interval.ms", 3000).build();
    KafkaJobQueue q = open(o);
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    AutoCloseable sub = subscribe(q, job -> {
      calls.computeIfAbsent(job.nodeId(), k -> new AtomicInteger()).incrementAndGet();
      if (job.nodeId().equals("long")) {
        Thread.sleep(8000);
      }
    });
    q.enqueue(Job.execute("r", "long", ""));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.containsKey("long"));
    Thread.sleep(9000);
    q.enqueue(Job.execute("r", "after", ""));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.containsKey("after"));
    assertThat(calls.get("long")).hasValue(1);

    // and it was committed: a new member of the group does not get it again
    sub.close();
    Set<String> second = ConcurrentHashMap.newKeySet();
    subscribe(q, job -> second.add(job.nodeId()));
    q.enqueue(Job.execute("r", "marker", ""));
    await().atMost(Duration.ofSeconds(20)).until(() -> second.contains("marker"));
    assertThat(second).containsExactly("marker");
  }

  @Test
  @Timeout(60)
  void jobsEnqueuedByAHandlerAreDurableBeforeItsOffsetIsCommitted() throws Exception {
    // a long linger keeps the handler's sends unacknowledged for a while, to look at the commit meanwhile
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "durable").partitions(1)
        .producerProperty("linger.ms", 1500).build();
    KafkaJobQueue q = open(o);
    AtomicLong handlerMillis = new AtomicLong(-1);
    CountDownLatch parentReturned = new CountDownLatch(1);
    AtomicInteger parents = new AtomicInteger();
    AutoCloseable sub = subscribe(q, job -> {
      if (job.nodeId().equals("parent")) {
        parents.incrementAndGet();
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
          q.enqueue(Job.execute("child-run-" + i, "child", ""));
        }
        handlerMillis.set((System.nanoTime() - t0) / 1_000_000);
        parentReturned.countDown();
      }
    });
    q.enqueue(Job.execute("parent-run", "parent", ""));
    assertThat(parentReturned.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(handlerMillis.get()).as("enqueue inside a handler does not wait for Kafka").isLessThan(1000);
    Thread.sleep(500); // several commit intervals, all within the linger
    assertThat(committed(o)).as("parent not committed before its children are acknowledged").isEqualTo(0L);

    sub.close(); // waits for the children, then commits the parent
    assertThat(committed(o)).isGreaterThanOrEqualTo(1L);
    Set<Job> second = ConcurrentHashMap.newKeySet();
    subscribe(q, second::add);
    await().atMost(Duration.ofSeconds(20)).until(() -> second.size() >= 5);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> second.size() == 5);
    assertThat(second).extracting(Job::nodeId).containsOnly("child");
    assertThat(parents).hasValue(1);
  }

  @Test
  @Timeout(60)
  void closingWithJobsInFlightLosesNothing() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "inflight").partitions(2).concurrency(3).build();
    KafkaJobQueue q = open(o);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      jobs.add(Job.execute("run-" + i, "n" + i, ""));
    }
    jobs.forEach(q::enqueue);
    Set<Job> started = ConcurrentHashMap.newKeySet();
    Set<Job> finished = ConcurrentHashMap.newKeySet();
    AutoCloseable first = subscribe(q, job -> {
      started.add(job);
      Thread.sleep(300);
      finished.add(job);
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> finished.size() >= 6);
    first.close();
    assertThat(finished).as("running handlers finish before close returns").isEqualTo(started);
    assertThat(finished.size()).isLessThan(jobs.size());

    Set<Job> second = ConcurrentHashMap.newKeySet();
    subscribe(q, second::add);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Set<Job> all = ConcurrentHashMap.newKeySet();
      all.addAll(finished);
      all.addAll(second);
      assertThat(all).containsExactlyInAnyOrderElementsOf(jobs);
    });
  }

  @Test
  @Timeout(60)
  void aRebalanceWaitsForRunningJobsAndCommitsThem() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "rebalance").partitions(2).concurrency(2).build();
    KafkaJobQueue q = open(o);
    Map<Job, AtomicInteger> calls = new ConcurrentHashMap<>();
    Set<Job> byFirst = ConcurrentHashMap.newKeySet();
    Set<Job> bySecond = ConcurrentHashMap.newKeySet();
    CountDownLatch longStarted = new CountDownLatch(1);
    CountDownLatch longDone = new CountDownLatch(1);
    subscribe(q, job -> {
      calls.computeIfAbsent(job, k -> new AtomicInteger()).incrementAndGet();
      byFirst.add(job);
      if (job.nodeId().equals("long")) {
        longStarted.countDown();
        Thread.sleep(2500);
        longDone.countDown();
      }
    });
    Job longJob = Job.execute("r-long", "long", "");
    q.enqueue(longJob);
    assertThat(longStarted.await(20, TimeUnit.SECONDS)).isTrue();
    // a second member: the first gives up its partitions while the long job runs, waiting for it
    subscribe(q, job -> {
      calls.computeIfAbsent(job, k -> new AtomicInteger()).incrementAndGet();
      bySecond.add(job);
    });
    assertThat(longDone.await(20, TimeUnit.SECONDS)).isTrue();
    List<Job> quick = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      quick.add(Job.execute("r-" + i, "quick", ""));
    }
    quick.forEach(q::enqueue);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(calls.keySet()).containsAll(quick);
      assertThat(bySecond).as("the second member got partitions").isNotEmpty();
      assertThat(byFirst).as("the first kept some").containsAnyElementsOf(quick);
    });
    // the long job finished during the revocation and was committed then: nobody gets it again
    assertThat(calls.get(longJob)).hasValue(1);
    assertThat(bySecond).doesNotContain(longJob);
  }

  @Test
  @Timeout(60)
  void aSubscriptionClosedByItsOwnHandlerStops() throws Exception {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "selfclose").build();
    KafkaJobQueue q = open(o);
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable[] self = new AutoCloseable[1];
    CountDownLatch closed = new CountDownLatch(1);
    self[0] = subscribe(q, job -> {
      calls.incrementAndGet();
      self[0].close(); // must not wait for itself
      closed.countDown();
    });
    q.enqueue(Job.execute("r", "stop", ""));
    assertThat(closed.await(20, TimeUnit.SECONDS)).isTrue();
    q.enqueue(Job.execute("r", "after", ""));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> calls.get() == 1);
  }

  @Test
  void anOversizedJobIsRefusedClearly() {
    KafkaQueueOptions o = KafkaQueueTesting.options(stack, "oversized").maxJobBytes(100).build();
    KafkaJobQueue q = new KafkaJobQueue(o);
    closeables.add(q);
    assertThatThrownBy(() -> q.enqueue(Job.execute("r".repeat(100), "n", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than maxJobBytes 100");
  }

  // ---------------------------------------------------------------- helpers

  private long committed(KafkaQueueOptions o) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> m =
          admin.listConsumerGroupOffsets(o.groupId()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      OffsetAndMetadata om = m.get(new TopicPartition(o.topic(), 0));
      return om == null ? 0 : om.offset();
    }
  }

  private KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafkaBootstrap()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads a topic from the start until {@code n} records arrived (at most 20 s). */
  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int n) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.kafkaBootstrap()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (out.size() < n && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).as("records on " + topic).hasSize(n);
    return out;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return QueueHeaders.text(r.headers(), name);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
