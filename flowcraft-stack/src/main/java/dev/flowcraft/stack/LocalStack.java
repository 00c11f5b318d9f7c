package dev.flowcraft.stack;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A local Kafka + Cassandra + Redis stack on 127.0.0.1, one data directory per stack.
 *
 * <p>Each server is a child process whose PID is stored in {@code <dataDir>/<server>/<server>.pid};
 * other JVMs (e.g. {@code flowcraft stack down}) find and verify it there, so a stack started by one
 * process can be stopped by another. Stopping keeps the data; {@link StackOptions#fresh()} wipes it.
 *
 * <p>Thread-safe: lifecycle methods are {@code synchronized}; {@link #startAll()} starts the servers in
 * parallel on worker threads while holding the lock.
 */
public final class LocalStack implements AutoCloseable {
    private static final String STATE_FILE = "stack.properties";
    private static final String PROFILE_KEY = "profile";

    private final StackOptions options;
    private final Map<Server, ManagedServer> servers = new EnumMap<>(Server.class);
    private final ClasspathResolver resolver;
    private final Set<Server> startedHere = ConcurrentHashMap.newKeySet();
    private final List<JvmProcess> jvms = new CopyOnWriteArrayList<>();
    private final AtomicInteger jvmSeq = new AtomicInteger();
    private Thread shutdownHook;

    private LocalStack(StackOptions options) {
        this.options = options;
        servers.put(Server.KAFKA, new KafkaServer(options));
        servers.put(Server.CASSANDRA, new CassandraServer(options));
        servers.put(Server.REDIS, new RedisServer(options));
        this.resolver = new ClasspathResolver(options.dataDir().resolve("classpath"), options.cacheDir(),
                options.mavenCommand(), options.progress());
    }

    /** Starts (or reuses, if already running in this data dir) all three servers and waits until ready. */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        stack.startAll();
        return stack;
    }

    /** A handle on the stack in {@code options.dataDir()} without starting anything (for status/stop). */
    public static LocalStack open(StackOptions options) {
        return new LocalStack(options);
    }

    /** The ports recorded by the last start in {@code dataDir}, if any. */
    public static Optional<StackPorts> recordedPorts(Path dataDir) {
        return readState(dataDir).map(p -> StackPorts.fromProperties(p, StackPorts.DEV_DEFAULTS));
    }

    /**
     * The profile recorded by the last start in {@code dataDir}, if any; {@link StackProfile#TEST} for a state
     * file written before profiles existed, empty for a profile this version does not know.
     */
    public static Optional<StackProfile> recordedProfile(Path dataDir) {
        return readState(dataDir).flatMap(p -> {
            try {
                return Optional.of(StackProfile.fromId(p.getProperty(PROFILE_KEY, StackProfile.TEST.id())));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The heap of a JVM server recorded by the last start in {@code dataDir}, if any. */
    public static Optional<String> recordedHeap(Path dataDir, Server server) {
        return readState(dataDir).map(p -> p.getProperty(heapKey(server)));
    }

    private static Optional<Properties> readState(Path dataDir) {
        Path f = dataDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(p);
    }

    private static String heapKey(Server server) {
        return "heap." + server.id();
    }

    public StackOptions options() {
        return options;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public StackPorts ports() {
        return options.ports();
    }

    public ConnectionInfo connectionInfo() {
        return ConnectionInfo.local(options.ports());
    }

    /** Starts every server that is not running yet; on failure stops what this call started. */
    public synchronized void startAll() {
        long t0 = System.nanoTime();
        if (options.fresh()) {
            wipe();
        }
        createDirs();
        Set<Server> toStart = EnumSet.noneOf(Server.class);
        Map<Server, Long> running = new EnumMap<>(Server.class);
        for (Server s : Server.values()) {
            OptionalLong pid = servers.get(s).runningPid();
            if (pid.isPresent()) {
                requireSamePorts(s);
                running.put(s, pid.getAsLong());
            } else {
                toStart.add(s);
            }
        }
        // A running JVM keeps its flags: reusing it with another profile or heap would silently ignore them.
        requireSameJvmSettings(running, true);
        running.forEach((s, pid) -> progress("%s already running (pid %d)", s.id(), pid));
        if (!toStart.isEmpty()) {
            progress("profile %s", describeJvmSettings());
        }
        // Check all ports before launching anything, so a conflict leaves nothing half-started.
        toStart.forEach(s -> Ports.requireFree(s, options.ports(), options.dataDir().toString()));
        writeState();
        registerShutdownHookIfWanted();

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, toStart.size()), r -> {
            Thread t = new Thread(r, "flowcraft-stack-start");
            t.setDaemon(true);
            return t;
        });
        Map<Server, Future<?>> futures = new EnumMap<>(Server.class);
        // Cassandra is slowest, so it goes first; Kafka's format JVM overlaps its boot.
        for (Server s : List.of(Server.CASSANDRA, Server.KAFKA, Server.REDIS)) {
            if (toStart.contains(s)) {
                futures.put(s, pool.submit(() -> startOne(s)));
            }
        }
        pool.shutdown();
        StackException failure = null;
        for (Map.Entry<Server, Future<?>> e : futures.entrySet()) {
            try {
                e.getValue().get();
            } catch (ExecutionException ex) {
                StackException se = ex.getCause() instanceof StackException st ? st
                        : new StackException(e.getKey().id() + " failed to start: " + ex.getCause(), ex.getCause());
                if (failure == null) failure = se; else failure.addSuppressed(se);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = new StackException("Interrupted while starting the stack", ex);
            }
        }
        if (failure != null) {
            for (Server s : toStart) {
                servers.get(s).stop(Duration.ZERO);
                startedHere.remove(s);
            }
            throw failure;
        }
        progress("stack ready in %.1f s (data dir %s)", secondsSince(t0), options.dataDir());
    }

    /** Starts one server if it is not running, keeping its data; waits until it is ready. */
    public synchronized void start(Server server) {
        if (servers.get(server).runningPid().isPresent()) {
            return;
        }
        Map<Server, Long> others = new EnumMap<>(Server.class);
        for (Server s : Server.values()) {
            servers.get(s).runningPid().ifPresent(pid -> others.put(s, pid));
        }
        // Its neighbours' profile must be this handle's, so a stack never mixes profiles.
        requireSameJvmSettings(others, false);
        createDirs();
        Ports.requireFree(server, options.ports(), options.dataDir().toString());
        if (others.isEmpty()) {
            writeState();
        }
        registerShutdownHookIfWanted();
        startOne(server);
    }

    /** Graceful stop (SIGTERM, SIGKILL after {@link StackOptions#stopTimeout()}); data is kept. */
    public synchronized void stop(Server server) {
        servers.get(server).stop(options.stopTimeout());
        startedHere.remove(server);
    }

    /** SIGKILL, as in a crash; data is kept (Kafka and Cassandra recover their logs on restart). */
    public synchronized void kill(Server server) {
        servers.get(server).stop(Duration.ZERO);
        startedHere.remove(server);
    }

    /** Graceful stop then start, keeping the data. */
    public synchronized void restart(Server server) {
        stop(server);
        start(server);
    }

    /** PID of the verified running process, empty when not running. */
    public synchronized OptionalLong pid(Server server) {
        return servers.get(server).runningPid();
    }

    public Path logFile(Server server) {
        return servers.get(server).logFile();
    }

    public synchronized List<ServerStatus> status() {
        List<ServerStatus> out = new ArrayList<>();
        for (Server s : Server.values()) {
            ManagedServer m = servers.get(s);
            OptionalLong pid = m.runningPid();
            int clientPort = switch (s) {
                case KAFKA -> options.ports().kafka();
                case CASSANDRA -> options.ports().cassandraCql();
                case REDIS -> options.ports().redis();
            };
            Optional<String> cmdline = s == Server.REDIS || pid.isEmpty() ? Optional.empty()
                    : Processes.commandLine(pid.getAsLong());
            out.add(new ServerStatus(s, pid, pid.isPresent() && Ports.isListening(clientPort),
                    options.ports().portsOf(s), m.logFile(), cmdline.flatMap(StackProfile::ofCommandLine),
                    cmdline.flatMap(StackProfile::heapOfCommandLine)));
        }
        return out;
    }

    /**
     * The profile of the running JVM servers (Kafka, Cassandra), read from their command lines; empty if
     * none runs or they disagree.
     */
    public Optional<StackProfile> runningProfile() {
        List<ServerStatus> jvms = status().stream().filter(st -> st.server() != Server.REDIS && st.running()).toList();
        if (jvms.isEmpty()) {
            return Optional.empty();
        }
        Optional<StackProfile> first = jvms.get(0).profile();
        return jvms.stream().allMatch(st -> st.profile().equals(first)) ? first : Optional.empty();
    }

    /** True if all three servers are running. */
    public boolean isRunning() {
        return status().stream().allMatch(ServerStatus::running);
    }

    /** Gracefully stops the started JVMs and all servers (found via PID files, verified). */
    public synchronized void stopAll() {
        stopEverything(options.stopTimeout());
    }

    /** SIGKILLs the started JVMs and all servers: fast teardown for throwaway data. */
    public synchronized void killAll() {
        stopEverything(Duration.ZERO);
    }

    /** Same as {@link #stopAll()}. */
    @Override
    public void close() {
        stopAll();
    }

    /**
     * Starts a JVM child process (e.g. a worker of the project) with this JVM's java, output in
     * {@code <dataDir>/jvm/<name>-<n>.log}. It is stopped by {@link #stopAll()}/{@link #killAll()}.
     */
    public JvmProcess startJvm(JvmSpec spec) {
        int n = jvmSeq.incrementAndGet();
        Path dir = options.dataDir().resolve("jvm");
        Path workDir = dir.resolve(spec.name() + "-" + n);
        Path log = dir.resolve(spec.name() + "-" + n + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(ManagedServer.javaOfThisJvm());
        cmd.addAll(spec.jvmOptions());
        cmd.addAll(List.of("-cp", spec.classpath(), spec.mainClass()));
        cmd.addAll(spec.args());
        try {
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(spec.env());
            JvmProcess jvm = new JvmProcess(spec.name() + "-" + n, pb.start(), log);
            jvms.add(jvm);
            registerShutdownHookIfWanted();
            return jvm;
        } catch (IOException e) {
            throw new StackException("Cannot start JVM " + spec.mainClass() + ": " + e.getMessage(), e);
        }
    }

    /** Convenience for {@link #startJvm(JvmSpec)}. */
    public JvmProcess startJvm(String mainClass, String classpath, List<String> args, Map<String, String> env) {
        return startJvm(JvmSpec.builder(mainClass, classpath).args(args).env(env).build());
    }

    /** Kills the JVMs started through this handle (the servers keep running). */
    public void killJvms() {
        jvms.forEach(JvmProcess::kill);
        jvms.clear();
    }

    /** The JVMs started by this handle that are still alive. */
    public List<JvmProcess> jvms() {
        return jvms.stream().filter(JvmProcess::isAlive).toList();
    }

    // ---- internals

    private void startOne(Server s) {
        ManagedServer m = servers.get(s);
        long t0 = System.nanoTime();
        m.prepare(resolver);
        m.beforeLaunch();
        long offset = m.logSize();
        progress("starting %s on 127.0.0.1:%s ...", s.id(), options.ports().portsOf(s).values().iterator().next());
        Process p = m.launch();
        startedHere.add(s);
        try {
            m.awaitReady(p, offset);
        } catch (RuntimeException e) {
            m.stop(Duration.ZERO);
            throw e;
        }
        progress("%s ready in %.1f s (pid %d, log %s)", s.id(), secondsSince(t0), p.pid(), m.logFile());
    }

    private void stopEverything(Duration grace) {
        for (JvmProcess j : jvms) {
            if (j.isAlive()) {
                if (grace.isZero()) j.kill(); else Processes.stop(j.pid(), grace);
            }
        }
        jvms.clear();
        // Stop in parallel: Cassandra's graceful stop alone takes ~6 s.
        List<Thread> threads = new ArrayList<>();
        for (Server s : Server.values()) {
            Thread t = new Thread(() -> servers.get(s).stop(grace), "flowcraft-stack-stop-" + s.id());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        startedHere.clear();
    }

    private void requireSamePorts(Server s) {
        Optional<StackPorts> recorded = recordedPorts(options.dataDir());
        if (recorded.isPresent() && !recorded.get().portsOf(s).equals(options.ports().portsOf(s))) {
            throw new StackException(s.id() + " is already running in " + options.dataDir() + " with ports "
                    + recorded.get().portsOf(s).values() + ", not " + options.ports().portsOf(s).values()
                    + ". Run `flowcraft stack down --dir " + options.dataDir() + "` first to change ports.");
        }
    }

    /**
     * Fails if a running JVM server was started with another profile than {@link StackOptions#profile()}
     * (and, if {@code heaps}, with another heap), saying how to restart the stack with the wanted settings.
     */
    void requireSameJvmSettings(Map<Server, Long> running, boolean heaps) {
        List<String> problems = new ArrayList<>();
        running.forEach((s, pid) -> {
            if (s == Server.REDIS) {
                return; // not a JVM: the same in every profile
            }
            String cmdline = Processes.commandLine(pid).orElse("");
            Optional<StackProfile> profile = StackProfile.ofCommandLine(cmdline);
            Optional<String> heap = StackProfile.heapOfCommandLine(cmdline);
            String wantedHeap = options.heapOf(s).orElseThrow();
            String actual = s.id() + " (pid " + pid + ") runs with profile " + profile.map(StackProfile::id)
                    .orElse("unknown") + heap.map(h -> " and heap " + h).orElse("");
            if (profile.isEmpty() || profile.get() != options.profile()) {
                problems.add(actual);
            } else if (heaps && heap.isPresent() && !StackProfile.sameHeap(heap.get(), wantedHeap)) {
                problems.add(actual + ", not heap " + wantedHeap + " (--" + s.id() + "-heap)");
            }
        });
        if (problems.isEmpty()) {
            return;
        }
        String dir = options.dataDir().toString();
        StringBuilder up = new StringBuilder("flowcraft stack up --dir " + dir + " --profile " + options.profile().id());
        if (!options.kafkaHeap().equals(options.profile().defaultKafkaHeap())) {
            up.append(" --kafka-heap ").append(options.kafkaHeap());
        }
        if (!options.cassandraHeap().equals(options.profile().defaultCassandraHeap())) {
            up.append(" --cassandra-heap ").append(options.cassandraHeap());
        }
        throw new StackException("The stack in " + dir + " already runs with other JVM settings than requested "
                + "(profile " + options.profile().id() + ": " + options.profile().summary() + "; kafka heap "
                + options.kafkaHeap() + ", cassandra heap " + options.cassandraHeap() + "): "
                + String.join("; ", problems) + ". "
                + "A running server keeps the flags it was started with, so restart the stack to change them: `"
                + "flowcraft stack down --dir " + dir + "`, then `" + up + "`.");
    }

    /** E.g. {@code throughput (G1 GC, C2; kafka heap 1g, cassandra heap 2g)}. */
    private String describeJvmSettings() {
        return options.profile().id() + " (" + options.profile().summary() + "; kafka heap " + options.kafkaHeap()
                + ", cassandra heap " + options.cassandraHeap() + ")";
    }

    /** Kills leftovers of this data dir (verified PIDs only) and deletes what the stack wrote there. */
    private void wipe() {
        for (ManagedServer m : servers.values()) {
            m.stop(Duration.ZERO);
        }
        for (String sub : List.of("kafka", "cassandra", "redis", "jvm", "classpath", STATE_FILE)) {
            deleteRecursively(options.dataDir().resolve(sub));
        }
    }

    private static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + p, e);
        }
    }

    private void createDirs() {
        try {
            Files.createDirectories(options.dataDir());
            for (ManagedServer m : servers.values()) {
                Files.createDirectories(m.dir());
            }
        } catch (IOException e) {
            throw new StackException("Cannot create the data dir " + options.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private void writeState() {
        Properties p = options.ports().toProperties();
        p.setProperty(PROFILE_KEY, options.profile().id());
        p.setProperty(heapKey(Server.KAFKA), options.kafkaHeap());
        p.setProperty(heapKey(Server.CASSANDRA), options.cassandraHeap());
        try (Writer w = Files.newBufferedWriter(options.dataDir().resolve(STATE_FILE))) {
            p.store(w, "flowcraft stack: ports, JVM profile and heaps of the last start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void registerShutdownHookIfWanted() {
        if (!options.killOnExit() || shutdownHook != null) {
            return;
        }
        // Kills only what this JVM started, so a test run never leaves servers behind.
        shutdownHook = new Thread(() -> {
            jvms.forEach(j -> j.process().destroyForcibly());
            List.copyOf(startedHere).forEach(s -> servers.get(s).stop(Duration.ZERO));
        }, "flowcraft-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void progress(String format, Object... args) {
        options.progress().accept(String.format(format, args));
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
