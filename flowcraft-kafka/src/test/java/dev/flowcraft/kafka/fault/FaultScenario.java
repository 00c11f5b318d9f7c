package dev.flowcraft.kafka.fault;

import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.stack.JvmProcess;
import dev.flowcraft.stack.JvmSpec;
import dev.flowcraft.stack.junit.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One scenario of the fault suite: its own topic and journal directory, worker JVMs (or in-process workers),
 * a client that starts the runs, and the check of the invariants against the in-memory reference results.
 * Not thread-safe: driven by one test.
 */
final class FaultScenario implements AutoCloseable {

  private final String name;
  private final TestStack stack;
  private final FaultWorkerMain.Args args;
  private final Path journalDir;
  private final FlowRuntime client;
  private final List<JvmProcess> workers = new ArrayList<>();
  private final List<String> runIds = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private long faults;
  private long startedAt;

  FaultScenario(String name, TestStack stack, String keyspace, Path root, Duration reconcileInterval,
      Duration stallThreshold) {
    this.name = name;
    this.stack = stack;
    this.journalDir = root.resolve(name);
    deleteJournals(journalDir);
    this.args = new FaultWorkerMain.Args(stack.uniqueName(name.replace('-', '_')), keyspace,
        journalDir.resolve("worker.journal"), 8, Duration.ofSeconds(5), reconcileInterval, stallThreshold,
        Duration.ofSeconds(6));
    this.client = KafkaAdapter.client(options(), FlowRuntime.builder().checkUsesKeys(false));
  }

  KafkaAdapterOptions options() {
    return FaultWorkerMain.options(KafkaAdapterOptions.builder().kafkaBootstrap(stack.kafkaBootstrap())
        .cassandraContact(stack.cassandraContact()).cassandraDc(stack.cassandraDc()).redisUri(stack.redisUri()), args);
  }

  FaultWorkerMain.Args args() {
    return args;
  }

  Path journalDir() {
    return journalDir;
  }

  /** Closed with the scenario (in-process workers and their connections). */
  void closeLater(AutoCloseable c) {
    closeables.add(c);
  }

  /** Starts a worker JVM with its own journal and waits until it consumes. */
  JvmProcess startWorker() {
    int n = workers.size() + 1;
    FaultWorkerMain.Args own = new FaultWorkerMain.Args(args.topic(), args.keyspace(),
        journalDir.resolve("worker-" + n + ".journal"), args.concurrency(), args.leaseTtl(), args.reconcileInterval(),
        args.stallThreshold(), args.sessionTimeout());
    JvmSpec spec = JvmSpec.builder(FaultWorkerMain.class.getName(), testClasspath())
        .name(name + "-worker")
        .jvmOption("-Xmx256m")
        .jvmOption("-XX:+UseSerialGC")
        .args(own.toList())
        .env(stack.connectionInfo().toEnv())
        .build();
    JvmProcess jvm = stack.localStack().startJvm(spec);
    workers.add(jvm);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!jvm.isAlive()) {
        throw new AssertionError("worker " + jvm + " exited before it was ready:\n" + jvm.logTail(40));
      }
      try {
        if (Files.exists(jvm.logFile()) && Files.readString(jvm.logFile()).contains(FaultWorkerMain.READY)) {
          return jvm;
        }
        Thread.sleep(200);
      } catch (IOException e) {
        // not written yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("worker " + jvm + " was not ready within 90 s:\n" + jvm.logTail(40));
  }

  List<JvmProcess> workers() {
    return workers;
  }

  /** The test JVM's classpath as the child needs it (failsafe may hide it behind a manifest-only jar). */
  private static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** Starts runs 0..n-1 of the mixed blueprint, from a few threads. */
  void startRuns(int n) {
    startedAt = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int run = i;
        ids.add(pool.submit(() -> client.start(FaultBlueprint.blueprint(), FaultBlueprint.input(run), RunOptions.DEFAULT)));
      }
      for (Future<String> f : ids) {
        runIds.add(f.get());
      }
    } catch (Exception e) {
      throw new AssertionError("starting the runs failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until at least {@code fraction} of the runs reached a final status (as the journals tell). */
  void awaitProgress(double fraction, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int want = (int) Math.ceil(runIds.size() * fraction);
    while (System.nanoTime() < deadline) {
      if (FaultJournal.read(journalDir).finals().size() >= want) {
        return;
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError(name + ": fewer than " + want + " runs finished within " + timeout + " before the fault");
  }

  void faultInjected() {
    faults++;
  }

  void faultsInjected(long n) {
    faults += n;
  }

  /**
   * Waits for every run to settle, waits a little more, then checks the invariants against the in-memory
   * results. Returns the figures; the caller asserts them.
   */
  Figures verify(Map<Integer, RunResult> reference, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, RunResult> settled = new LinkedHashMap<>();
    for (String id : runIds) {
      while (true) {
        Optional<RunResult> r = status(id);
        if (r.isPresent() && r.get().status().isFinal()) {
          settled.put(id, r.get());
          break;
        }
        if (System.nanoTime() > deadline) {
          break;
        }
        sleep(Duration.ofMillis(100));
      }
    }
    long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
    // stragglers (redeliveries, reconciliation passes) get time to misbehave before the final look
    sleep(Duration.ofSeconds(3));
    FaultJournal.Tally tally = FaultJournal.read(journalDir);
    int lost = 0;
    int dupFinals = 0;
    int dupRecords = 0;
    int changed = 0;
    int wrongContexts = 0;
    int wrongNodes = 0;
    int untaken = 0;
    long reExecuted = 0;
    int unjournaled = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < runIds.size(); i++) {
      String id = runIds.get(i);
      RunResult first = settled.get(id);
      RunResult now = status(id).orElse(null);
      if (first == null || first.status() != RunStatus.COMPLETED) {
        lost++;
        note(problems, "run " + i + " (" + id + ") not completed: " + (now == null ? "missing" : now.status() + " "
            + now.reason() + " nodes " + now.nodes()));
        continue;
      }
      if (now == null || now.status() != first.status() || !now.updatedAt().equals(first.updatedAt())) {
        changed++;
        note(problems, "run " + i + " final status changed from " + first.status() + " to " + (now == null ? null : now.status()));
      }
      int finals = tally.finals(id);
      if (finals > 1) {
        dupFinals++;
        note(problems, "run " + i + " reached a final status " + finals + " times");
      } else if (finals == 0) {
        unjournaled++;
      }
      RunResult mem = reference.get(i);
      Map<String, Object> want = new LinkedHashMap<>(mem.context());
      Map<String, Object> got = new LinkedHashMap<>(now.context());
      want.remove("_inputs.join");
      got.remove("_inputs.join");
      if (!got.equals(want)) {
        wrongContexts++;
        note(problems, "run " + i + " context " + got + " differs from the in-memory " + want);
      }
      if (!now.nodes().equals(mem.nodes())) {
        wrongNodes++;
        note(problems, "run " + i + " node records " + now.nodes() + " differ from the in-memory " + mem.nodes());
      }
      for (Map.Entry<String, NodeStatus> e : mem.nodes().entrySet()) {
        if (e.getValue() == NodeStatus.COMPLETED && tally.completions(id, e.getKey()) > 1) {
          dupRecords++;
          note(problems, "run " + i + " instance " + e.getKey() + " completion recorded "
              + tally.completions(id, e.getKey()) + " times");
        }
      }
      String skip = FaultBlueprint.untaken(i);
      for (int attempt = 1; attempt <= 3; attempt++) {
        if (tally.bodies(id, skip, attempt) > 0) {
          untaken++;
          note(problems, "run " + i + " ran the untaken branch " + skip);
        }
      }
      for (Map.Entry<String, Integer> e : FaultBlueprint.expectedBodies(i).entrySet()) {
        int ran = tally.bodies().getOrDefault(id + " " + e.getKey(), 0);
        reExecuted += Math.max(0, ran - e.getValue());
      }
    }
    if (!problems.isEmpty()) {
      System.out.println("[fault-suite] " + name + " problems (first " + problems.size() + "):\n  "
          + String.join("\n  ", problems));
    }
    Figures f = new Figures(name, runIds.size(), faults, lost, dupFinals, dupRecords, changed, wrongContexts, wrongNodes,
        untaken, reExecuted, unjournaled, seconds);
    System.out.println("[fault-suite] " + f.row());
    return f;
  }

  /** The run's status; empty while the servers cannot answer (the client reconnects after a restart). */
  private Optional<RunResult> status(String id) {
    for (int tries = 0; ; tries++) {
      try {
        return client.status(id);
      } catch (RuntimeException e) {
        if (tries >= 100) {
          throw e;
        }
        sleep(Duration.ofMillis(500));
      }
    }
  }

  private static void note(List<String> problems, String p) {
    if (problems.size() < 20) {
      problems.add(p);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void deleteJournals(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AssertionError("cannot prepare " + dir, e);
    }
  }

  @Override
  public void close() {
    for (JvmProcess w : workers) {
      if (w.isAlive()) {
        try {
          Signals.send("CONT", w.pid()); // a frozen worker cannot stop gracefully
        } catch (AssertionError e) {
          // it exited meanwhile
        }
        w.destroy();
      }
    }
    for (JvmProcess w : workers) {
      if (w.waitFor(Duration.ofSeconds(15)).isEmpty()) {
        w.kill();
      }
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        System.out.println("[fault-suite] closing " + closeables.get(i) + " failed: " + e);
      }
    }
    client.close();
  }
}
