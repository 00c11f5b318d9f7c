package dev.flowcraft.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Locates {@code redis-server}, installing the Debian package when missing and allowed. */
final class RedisBinary {
    private static final String[] EXTRA_DIRS = {"/usr/bin", "/usr/local/bin", "/usr/sbin"};

    private RedisBinary() {
    }

    static synchronized Path locate(boolean installAllowed, Path logDir, Consumer<String> progress) {
        return locate(() -> Processes.findExecutable("redis-server", EXTRA_DIRS), Processes.isRoot(),
                installAllowed, logDir, progress);
    }

    /** The lookup with its inputs explicit, so the failure messages can be tested where Redis is installed. */
    static Path locate(Supplier<Optional<Path>> finder, boolean root, boolean installAllowed, Path logDir,
                       Consumer<String> progress) {
        Optional<Path> found = finder.get();
        if (found.isPresent()) {
            return found.get();
        }
        String howTo = "Install it with `sudo apt-get update && sudo apt-get install -y redis-server`"
                + " (Debian/Ubuntu) or put a redis-server 7 binary on PATH.";
        if (!installAllowed) {
            throw new StackException("redis-server is not installed and installing is disabled. " + howTo);
        }
        if (!root) {
            throw new StackException("redis-server is not installed and installing it needs root"
                    + " (running as " + System.getProperty("user.name") + "). " + howTo);
        }
        if (Processes.findExecutable("apt-get", EXTRA_DIRS).isEmpty()) {
            throw new StackException("redis-server is not installed and apt-get is not available. " + howTo);
        }
        progress.accept("redis-server not found: installing the Debian package redis-server (apt-get)...");
        Path log = logDir.resolve("apt-get.log");
        run(List.of("apt-get", "update"), log);
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "redis-server"), log);
        return finder.get().orElseThrow(() ->
                new StackException("apt-get installed redis-server but no redis-server binary was found. See " + log));
    }

    private static void run(List<String> cmd, Path log) {
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(Map.of("DEBIAN_FRONTEND", "noninteractive"));
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new StackException("`" + String.join(" ", cmd) + "` failed with exit " + rc + ":\n"
                        + Processes.tail(log, 20));
            }
        } catch (IOException e) {
            throw new StackException("Cannot run `" + String.join(" ", cmd) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while installing redis-server", e);
        }
    }
}
