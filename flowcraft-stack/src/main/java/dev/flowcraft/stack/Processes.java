package dev.flowcraft.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Process helpers on Linux {@code /proc}: command lines, PID files, signals, log tails. */
final class Processes {
    private Processes() {
    }

    /** The command line of a live process, arguments joined by spaces; empty if it is gone. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The working directory of a live process; empty if it is gone or not readable. */
    static Optional<Path> workingDir(long pid) {
        try {
            return Optional.of(Path.of("/proc", Long.toString(pid), "cwd").toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Sends SIGTERM and waits; sends SIGKILL when the process outlives {@code grace}.
     * A zero grace means SIGKILL right away.
     */
    static void stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        ProcessHandle h = handle.get();
        if (!grace.isZero()) {
            h.destroy();
            if (waitForExit(h, grace)) {
                return;
            }
        }
        h.destroyForcibly();
        waitForExit(h, Duration.ofSeconds(10));
    }

    private static boolean waitForExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        }
    }

    /** The last {@code lines} lines of a log file (reads at most the last 64 KiB). */
    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - 64 * 1024);
            raf.seek(from);
            byte[] buf = new byte[(int) (len - from)];
            raf.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n", -1);
            List<String> out = new ArrayList<>();
            for (int i = Math.max(0, all.length - lines - 1); i < all.length; i++) {
                // Cassandra logs some 1 KB lines (netty versions); cut them so the error stays readable.
                out.add(all[i].length() > 300 ? all[i].substring(0, 300) + " ..." : all[i]);
            }
            return String.join("\n", out).stripTrailing();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Whether the running user is root, which is what matters for apt-get and Cassandra's mlockall. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException ignored) {
            // fall through: not Linux or unreadable, treat as non-root
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** Finds an executable on PATH, or in the given extra directories. */
    static Optional<Path> findExecutable(String name, String... extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of(extraDirs));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
