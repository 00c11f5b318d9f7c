package dev.flowcraft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.kafka.queue.DeadLetter;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.DeadLetters.Selection;
import dev.flowcraft.kafka.queue.JobCodec;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import dev.flowcraft.kafka.queue.QueueHeaders;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeadLetters} on the real servers: a malformed record dead-lettered by a running worker and jobs of real
 * runs on the dead-letter topic; list shows them, replay sends the jobs (the worker completes their runs) and
 * skips the malformed record, which stays listed; a second replay sends nothing.
 */
@FlowcraftStackTest
class DeadLettersIT {

  private static String keyspace;
  private final TestStack stack;
  private KafkaAdapterOptions options;
  private Cluster cluster;
  /** A client whose jobs go to a topic no worker reads: runs start in Cassandra, their first job is parked. */
  private FlowRuntime parkingClient;
  private String parkingTopic;
  private KafkaProducer<byte[], byte[]> producer;

  DeadLettersIT(TestStack stack) {
    this.stack = stack;
    if (keyspace == null) {
      keyspace = stack.uniqueName("dlq");
    }
  }

  private static NodeRegistry registry() {
    return NodeRegistry.builder().register("step", ctx -> NodeResult.of("done " + ctx.nodeId())).build();
  }

  private static Blueprint twoSteps() {
    return new Blueprint("two-steps", List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "b")));
  }

  @BeforeEach
  void start() {
    options = Cluster.options(stack, keyspace);
    cluster = Cluster.start(options, 1, registry(), List.of());
    parkingTopic = options.topic() + "-parking";
    parkingClient = KafkaAdapter.client(options.toBuilder().topic(parkingTopic).build(),
        FlowRuntime.builder().registry(registry()));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    producer.close();
    parkingClient.close();
    cluster.close();
  }

  private DeadLetters deadLetters() {
    return new DeadLetters(KafkaBackends.queueOptions(options));
  }

  /** Starts a run whose first job is parked, and writes that job to partition 0 of the DLQ as a worker would. */
  private String deadLetteredRun(List<ConsumerRecord<byte[], byte[]>> parked) throws Exception {
    String runId = parkingClient.start(twoSteps(), Map.of(), RunOptions.withRunId("dlq-run-" + UUID.randomUUID()));
    ConsumerRecord<byte[], byte[]> job = awaitJobOf(parkingTopic, runId);
    parked.add(job);
    RecordHeaders h = new RecordHeaders();
    h.add(QueueHeaders.DELIVERY, bytes("5"));
    h.add(QueueHeaders.ERROR, bytes("failed 5 deliveries, last: java.lang.IllegalStateException: Cassandra down"));
    h.add(QueueHeaders.ORIGINAL_TOPIC, bytes(options.topic()));
    h.add(QueueHeaders.ORIGINAL_PARTITION, bytes("2"));
    h.add(QueueHeaders.ORIGINAL_OFFSET, bytes("41"));
    h.add("trace-id", bytes("t-" + runId)); // a header of the original producer, kept by replay
    producer.send(new ProducerRecord<>(options.deadLetterTopic(), 0, job.key(), job.value(), h)).get();
    return runId;
  }

  @Test
  void listShowsTheDeadLettersAndReplaySendsTheJobsOnceAndSkipsWhatIsNoJob() throws Exception {
    // a malformed record on the job topic: the running worker dead-letters it
    producer.send(new ProducerRecord<>(options.topic(), bytes("bad-run"), bytes("{not json"))).get();
    DeadLetters dl = deadLetters();
    await().atMost(Duration.ofSeconds(30)).until(() -> dl.list(Selection.all(), 100).total() == 1);

    List<ConsumerRecord<byte[], byte[]>> parked = new ArrayList<>();
    String runA = deadLetteredRun(parked);
    assertThat(cluster.client().status(runA).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

    DeadLetters.Listing listing = dl.list(Selection.all(), 100);
    assertThat(listing.total()).isEqualTo(2);
    assertThat(listing.pending()).isEqualTo(1);
    assertThat(listing.unreplayable()).isEqualTo(1);
    DeadLetter bad = only(listing, DeadLetter.State.UNREPLAYABLE);
    assertThat(bad.key()).isEqualTo("bad-run");
    assertThat(bad.runId()).isEqualTo("bad-run");
    assertThat(bad.error()).startsWith("malformed job: not valid JSON");
    assertThat(bad.problem()).startsWith("not a job: not valid JSON");
    assertThat(bad.originalTopic()).isEqualTo(options.topic());
    assertThat(bad.valuePreview()).isEqualTo("{not json");
    assertThat(bad.job()).isNull();
    DeadLetter a = only(listing, DeadLetter.State.PENDING);
    assertThat(a.runId()).isEqualTo(runA);
    assertThat(a.job().kind()).isEqualTo(JobKind.EXECUTE);
    assertThat(a.job().nodeId()).isEqualTo("a");
    assertThat(a.delivery()).isEqualTo(5);
    assertThat(a.originalPartition()).isEqualTo(2);
    assertThat(a.originalOffset()).isEqualTo(41L);
    assertThat(a.error()).contains("Cassandra down");
    assertThat(dl.list(Selection.run(runA), 100).deadLetters()).containsExactly(a);
    assertThat(dl.list(Selection.all(), 1).deadLetters()).hasSize(1);

    // a dry run sends and records nothing
    DeadLetters.ReplayReport dry = dl.replay(Selection.all(), true, new DeadLetters.ReplayListener() {});
    assertThat(dry.replayed()).isEqualTo(1);
    assertThat(dry.unreplayable()).isEqualTo(1);
    assertThat(dl.list(Selection.all(), 100).pending()).isEqualTo(1);
    assertThat(replayedOnJobTopic()).isEmpty();

    List<String> heard = new ArrayList<>();
    DeadLetters.ReplayReport first = dl.replay(Selection.all(), false, listener(heard));
    assertThat(first.replayed()).isEqualTo(1);
    assertThat(first.unreplayable()).isEqualTo(1);
    assertThat(first.alreadyReplayed()).isZero();
    assertThat(heard).containsExactlyInAnyOrder("replayed " + a.position(), "unreplayable " + bad.position());

    // the worker completes the run from the replayed job
    RunResult done = cluster.client().await(runA, Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.output("b")).isEqualTo("done b");

    // what went to the job topic: the job, same key, without the dead-letter headers, with its origin
    List<ConsumerRecord<byte[], byte[]>> sent = replayedOnJobTopic();
    assertThat(sent).hasSize(1);
    ConsumerRecord<byte[], byte[]> replayed = sent.get(0);
    assertThat(replayed.key()).isEqualTo(parked.get(0).key());
    assertThat(replayed.value()).isEqualTo(parked.get(0).value());
    assertThat(QueueHeaders.text(replayed.headers(), DeadLetters.REPLAYED_FROM))
        .isEqualTo(options.deadLetterTopic() + "-0@" + a.offset());
    assertThat(QueueHeaders.text(replayed.headers(), "trace-id")).isEqualTo("t-" + runA);
    for (String gone : List.of(QueueHeaders.ERROR, QueueHeaders.DELIVERY, QueueHeaders.ORIGINAL_TOPIC,
        QueueHeaders.ORIGINAL_PARTITION, QueueHeaders.ORIGINAL_OFFSET)) {
      assertThat(replayed.headers().lastHeader(gone)).as(gone).isNull();
    }

    // the dead letters stay, the job marked replayed; a second replay sends nothing
    DeadLetters.Listing after = dl.list(Selection.all(), 100);
    assertThat(after.total()).isEqualTo(2);
    assertThat(only(after, DeadLetter.State.REPLAYED).position()).isEqualTo(a.position());
    assertThat(only(after, DeadLetter.State.UNREPLAYABLE).position()).isEqualTo(bad.position());
    heard.clear();
    DeadLetters.ReplayReport second = dl.replay(Selection.all(), false, listener(heard));
    assertThat(second.replayed()).isZero();
    assertThat(second.alreadyReplayed()).isEqualTo(1);
    assertThat(second.unreplayable()).isEqualTo(1);
    assertThat(heard).containsExactlyInAnyOrder("already " + a.position(), "unreplayable " + bad.position());
    Thread.sleep(500);
    assertThat(replayedOnJobTopic()).hasSize(1);
    assertThat(dl.replayGroup()).isEqualTo(options.groupId() + "-dlq-replay");
  }

  @Test
  void selectiveReplaysAreRememberedAboveTheFirstPendingDeadLetter() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> parked = new ArrayList<>();
    String runC = deadLetteredRun(parked); // partition 0, before B
    String runB = deadLetteredRun(parked);
    DeadLetters dl = deadLetters();
    DeadLetter c = dl.list(Selection.run(runC), 10).deadLetters().get(0);
    DeadLetter b = dl.list(Selection.run(runB), 10).deadLetters().get(0);
    assertThat(c.offset()).isLessThan(b.offset());

    DeadLetters.ReplayReport onlyB = dl.replay(Selection.run(runB), false, new DeadLetters.ReplayListener() {});
    assertThat(onlyB.replayed()).isEqualTo(1);
    assertThat(onlyB.matched()).isEqualTo(1);
    assertThat(cluster.client().await(runB, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.COMPLETED);
    DeadLetters.Listing listing = dl.list(Selection.all(), 10);
    assertThat(listing.deadLetters()).extracting(DeadLetter::runId, DeadLetter::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple(runC, DeadLetter.State.PENDING),
        org.assertj.core.groups.Tuple.tuple(runB, DeadLetter.State.REPLAYED));

    DeadLetters.ReplayReport onlyC = dl.replay(Selection.record(0, c.offset()), false, new DeadLetters.ReplayListener() {});
    assertThat(onlyC.replayed()).isEqualTo(1);
    assertThat(cluster.client().await(runC, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.COMPLETED);

    DeadLetters.ReplayReport rest = dl.replay(Selection.all(), false, new DeadLetters.ReplayListener() {});
    assertThat(rest.replayed()).isZero();
    assertThat(rest.alreadyReplayed()).isEqualTo(2);
    assertThat(replayedOnJobTopic()).hasSize(2);
    // a record that is not there matches nothing
    assertThat(dl.replay(Selection.record(0, 999), false, new DeadLetters.ReplayListener() {}).matched()).isZero();
  }

  @Test
  void aMissingTopicIsNamed() {
    KafkaQueueOptions missing = KafkaBackends.queueOptions(options).toBuilder().topic(options.topic() + "-none")
        .deadLetterTopic(options.topic() + "-none-dlq").build();
    assertThatThrownBy(() -> new DeadLetters(missing).list(Selection.all(), 10))
        .isInstanceOf(DeadLetters.MissingTopicException.class)
        .hasMessageContaining(options.topic() + "-none-dlq");
  }

  private static DeadLetter only(DeadLetters.Listing listing, DeadLetter.State state) {
    List<DeadLetter> in = listing.deadLetters().stream().filter(d -> d.state() == state).toList();
    assertThat(in).as("%s dead letters in %s", state, listing).hasSize(1);
    return in.get(0);
  }

  private static DeadLetters.ReplayListener listener(List<String> heard) {
    return new DeadLetters.ReplayListener() {
      @Override
      public void replayed(DeadLetter d) {
        heard.add("replayed " + d.position());
      }

      @Override
      public void unreplayable(DeadLetter d) {
        heard.add("unreplayable " + d.position());
      }

      @Override
      public void alreadyReplayed(DeadLetter d) {
        heard.add("already " + d.position());
      }
    };
  }

  /** The records of the job topic that replay wrote (those with a {@link DeadLetters#REPLAYED_FROM} header). */
  private List<ConsumerRecord<byte[], byte[]>> replayedOnJobTopic() {
    return readAll(options.topic()).stream()
        .filter(r -> r.headers().lastHeader(DeadLetters.REPLAYED_FROM) != null).toList();
  }

  /** Everything on the topic now (reads until a poll brings nothing new). */
  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (consumer.assignment().isEmpty() || emptyPolls < 3)) {
        var records = consumer.poll(Duration.ofMillis(300));
        records.forEach(out::add);
        emptyPolls = records.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return out;
  }

  private ConsumerRecord<byte[], byte[]> awaitJobOf(String topic, String runId) {
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      found.clear();
      readAll(topic).stream().filter(r -> JobCodec.decode(r.value()).runId().equals(runId)).forEach(found::add);
      return !found.isEmpty();
    });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-it-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
