package dev.flowcraft.kafka.fault;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.cassandra.CassandraOptions;
import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.runtime.FlowRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process of the fault suite: a {@link KafkaAdapter} serving {@link FaultBlueprint}'s node types, with
 * every body execution, recorded completion and final status appended to its {@link FaultJournal}. Servers
 * come from the {@code FLOWCRAFT_*} environment; the rest from {@code key=value} arguments (see {@link Args}).
 * It prints {@value #READY} once it consumes, and stops gracefully on SIGTERM.
 */
public final class FaultWorkerMain {

  static final String READY = "fault worker ready";

  private FaultWorkerMain() {}

  /** The worker's settings, as {@code key=value} program arguments. */
  record Args(String topic, String keyspace, Path journal, int concurrency, Duration leaseTtl, Duration reconcileInterval,
      Duration stallThreshold, Duration sessionTimeout) {

    static Args parse(String[] argv) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String a : argv) {
        int eq = a.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("expected key=value, got " + a);
        }
        m.put(a.substring(0, eq), a.substring(eq + 1));
      }
      return new Args(required(m, "topic"), required(m, "keyspace"), Path.of(required(m, "journal")),
          Integer.parseInt(m.getOrDefault("concurrency", "8")),
          Duration.ofMillis(Long.parseLong(m.getOrDefault("leaseTtlMs", "5000"))),
          Duration.ofMillis(Long.parseLong(m.getOrDefault("reconcileMs", "5000"))),
          Duration.ofMillis(Long.parseLong(m.getOrDefault("stallMs", "15000"))),
          Duration.ofMillis(Long.parseLong(m.getOrDefault("sessionTimeoutMs", "6000"))));
    }

    private static String required(Map<String, String> m, String key) {
      String v = m.get(key);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("missing argument " + key + "=...");
      }
      return v;
    }

    java.util.List<String> toList() {
      return java.util.List.of("topic=" + topic, "keyspace=" + keyspace, "journal=" + journal,
          "concurrency=" + concurrency, "leaseTtlMs=" + leaseTtl.toMillis(), "reconcileMs=" + reconcileInterval.toMillis(),
          "stallMs=" + stallThreshold.toMillis(), "sessionTimeoutMs=" + sessionTimeout.toMillis());
    }
  }

  /** The adapter options of the suite's workers (and of its client): one topic per scenario, short sessions. */
  static KafkaAdapterOptions options(KafkaAdapterOptions.Builder servers, Args a) {
    return servers
        .cassandra(CassandraOptions.builder().keyspace(a.keyspace()).build())
        .topic(a.topic())
        .groupId(a.topic() + "-workers")
        .partitions(4)
        .concurrency(a.concurrency())
        .timerPollInterval(Duration.ofMillis(50))
        .reconcileInterval(a.reconcileInterval())
        .stallThreshold(a.stallThreshold())
        // a dead or frozen worker loses its partitions after the session timeout
        .kafkaProperty("session.timeout.ms", (int) a.sessionTimeout().toMillis())
        .kafkaProperty("heartbeat.interval.ms", 500)
        .kafkaProperty("max.poll.interval.ms", 10_000)
        .build();
  }

  /** The runtime of a suite worker: the suite's nodes, the journal on the event bus, a short lease. */
  static FlowRuntime.Builder runtime(FaultJournal journal, Duration leaseTtl) {
    return FlowRuntime.builder()
        .registry(FaultBlueprint.registry(journal))
        .leaseTtl(leaseTtl)
        .eventBus(e -> {
          if (e instanceof FlowcraftEvent.NodeFinish f) {
            journal.completed(f.runId(), f.instanceKey());
          } else if (e instanceof FlowcraftEvent.WorkflowFinish f) {
            journal.finalStatus(f.runId(), f.status());
          }
        });
  }

  public static void main(String[] argv) throws InterruptedException {
    Args a = Args.parse(argv);
    FaultJournal journal = FaultJournal.open(a.journal());
    KafkaAdapter worker = KafkaAdapter.create(options(KafkaAdapterOptions.fromEnvironment(System.getenv()), a),
        runtime(journal, a.leaseTtl()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.stop();
      journal.close();
      stopped.countDown();
    }, "fault-worker-stop"));
    worker.start();
    System.out.println(READY + " (pid " + ProcessHandle.current().pid() + ", topic " + a.topic() + ")");
    System.out.flush();
    stopped.await();
  }
}
