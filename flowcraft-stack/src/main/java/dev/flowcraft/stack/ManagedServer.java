package dev.flowcraft.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * One server of a stack: its directory, configs, launch command, readiness probe and PID file.
 * The process runs with its working directory set to {@link #dir()}; together with a marker in its
 * command line this lets {@code stack down} verify a PID before signalling it.
 * Not thread-safe; {@link LocalStack} serialises calls per server.
 */
abstract class ManagedServer {
    static final String MARKER_PROPERTY = "-Dflowcraft.stack.server=";
    private static final String SETSID =
            Processes.findExecutable("setsid", "/usr/bin", "/bin").map(Path::toString).orElse(null);

    final Server server;
    final StackOptions options;
    final Path dir;

    ManagedServer(Server server, StackOptions options) {
        this.server = server;
        this.options = options;
        this.dir = options.dataDir().resolve(server.id());
    }

    Path dir() {
        return dir;
    }

    Path logFile() {
        return dir.resolve(server.id() + ".log");
    }

    Path pidFile() {
        return dir.resolve(server.id() + ".pid");
    }

    /** Resolves binaries/classpaths and writes configs; may be slow on a cold machine. */
    abstract void prepare(ClasspathResolver resolver);

    /** Work after {@link #prepare} and before the server process, e.g. Kafka's storage format. */
    void beforeLaunch() {
    }

    abstract List<String> launchCommand();

    /** True once the server accepts clients; {@code logOffset} is where this launch's output begins. */
    abstract boolean isReady(long logOffset);

    /** True if the command line is what this server's launch looks like (before checking the cwd). */
    abstract boolean commandLineMatches(String cmdline);

    /** The PID from the PID file if that process is alive and verifiably this server. */
    OptionalLong runningPid() {
        OptionalLong pid = Processes.readPid(pidFile());
        if (pid.isEmpty() || !Processes.isAlive(pid.getAsLong())) {
            return OptionalLong.empty();
        }
        return isOurs(pid.getAsLong()) ? pid : OptionalLong.empty();
    }

    /** Same process = same working directory (our server dir) and a matching command line. */
    boolean isOurs(long pid) {
        String cmd = Processes.commandLine(pid).orElse("");
        try {
            Path real = dir.toRealPath();
            return commandLineMatches(cmd) && Processes.workingDir(pid).map(real::equals).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the process detached from our stdin, output appended to the log; returns the process. */
    Process launch() {
        try {
            Files.createDirectories(dir);
            List<String> cmd = new java.util.ArrayList<>();
            if (options.detach() && SETSID != null) {
                // New session: the server survives the terminal (SIGHUP, Ctrl-C) of `stack up`.
                // setsid execs without forking (our child is no group leader), so the PID stays the server's.
                cmd.add(SETSID);
            }
            cmd.addAll(launchCommand());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            Files.writeString(pidFile(), p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new StackException("Cannot launch " + server.id() + ": " + e.getMessage(), e);
        }
    }

    long logSize() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Polls readiness every 50 ms; fails fast with the log tail if the process dies. */
    void awaitReady(Process process, long logOffset) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (true) {
            if (isReady(logOffset)) {
                return;
            }
            if (!process.isAlive()) {
                throw new StackException(server.id() + " exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile() + ":\n" + Processes.tail(logFile(), 25));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(server.id() + " was not ready after " + options.startTimeout().toSeconds()
                        + " s. Last lines of " + logFile() + ":\n" + Processes.tail(logFile(), 25));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for " + server.id(), e);
            }
        }
    }

    /** Stops the verified process behind the PID file; a zero grace means SIGKILL. */
    void stop(Duration grace) {
        OptionalLong pid = runningPid();
        pid.ifPresent(p -> Processes.stop(p, grace));
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale PID file is verified before use anyway
        }
    }

    /** True if the log after {@code offset} contains {@code marker}. */
    boolean logContains(long offset, String marker) {
        Path log = logFile();
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return false;
            }
            raf.seek(offset);
            byte[] buf = new byte[(int) (len - offset)];
            raf.readFully(buf);
            return new String(buf, StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    void write(String fileName, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaOfThisJvm() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
