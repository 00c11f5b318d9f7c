package dev.flowcraft.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Handle of a JVM child process started by {@link LocalStack#startJvm}. Thread-safe (wraps {@link Process}). */
public final class JvmProcess {
    private final String name;
    private final Process process;
    private final Path logFile;

    JvmProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** stdout and stderr of the child, merged. */
    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the child's shutdown hooks run. Does not wait. */
    public void destroy() {
        process.destroy();
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Waits for exit; the exit code, or empty on timeout. */
    public OptionalInt waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The last lines of the child's output, for assertion messages. */
    public String logTail(int lines) {
        return Processes.tail(logFile, lines);
    }

    public Process process() {
        return process;
    }

    @Override
    public String toString() {
        return "JvmProcess[" + name + ", pid " + pid() + ", log " + logFile + "]";
    }
}
