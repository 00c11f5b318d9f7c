package dev.flowcraft.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Resolves a server's runtime classpath from a pom committed as a resource, by running
 * {@code mvn dependency:build-classpath}. The result is cached keyed by the pom's hash, so warm
 * starts skip Maven (about 1.7 s per server). Each server has its own pom because Kafka's and
 * Cassandra's dependencies conflict.
 */
final class ClasspathResolver {
    private final Path workDir;
    private final Path cacheDir;
    private final String mavenCommand;
    private final Consumer<String> progress;

    ClasspathResolver(Path workDir, Path cacheDir, String mavenCommand, Consumer<String> progress) {
        this.workDir = workDir;
        this.cacheDir = cacheDir;
        this.mavenCommand = mavenCommand;
        this.progress = progress;
    }

    /** @param name resource base name, e.g. {@code kafka-server} for {@code kafka-server.pom.xml} */
    String resolve(String name) {
        try {
            byte[] pom = readResource(name + ".pom.xml");
            String hash = sha256(pom).substring(0, 16);
            Path cached = cacheDir.resolve(name + "-" + hash + ".classpath");
            Optional<String> hit = readValid(cached);
            if (hit.isPresent()) {
                return hit.get();
            }
            Files.createDirectories(workDir);
            Files.createDirectories(cacheDir);
            Path pomFile = workDir.resolve(name + ".pom.xml");
            Files.write(pomFile, pom);
            Path out = Files.createTempFile(cacheDir, name, ".tmp");
            Path log = workDir.resolve(name + "-mvn.log");
            progress.accept("resolving " + name + " classpath with Maven (first run downloads the jars)...");
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(mavenCommand, "-B", "-q", "-f", pomFile.toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + out)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new StackException("Cannot run '" + mavenCommand + "' to resolve the " + name
                        + " classpath: " + e.getMessage() + ". Install Maven 3.8+ and put mvn on PATH.", e);
            }
            int rc = p.waitFor();
            if (rc != 0) {
                Files.deleteIfExists(out);
                throw new StackException("Maven failed (exit " + rc + ") resolving the " + name + " classpath from "
                        + pomFile + ". Maven output (" + log + "):\n" + Processes.tail(log, 30));
            }
            Files.move(out, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.accept(String.format("resolved %s classpath in %.1f s", name, (System.nanoTime() - t0) / 1e9));
            return readValid(cached).orElseThrow(() ->
                    new StackException("Maven produced an unusable classpath file " + cached));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while resolving the " + name + " classpath", e);
        }
    }

    /** The cached classpath if every jar in it still exists (the local repo may have been cleaned). */
    private static Optional<String> readValid(Path cached) throws IOException {
        if (!Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        String cp = Files.readString(cached).trim();
        List<String> jars = Arrays.asList(cp.split(":"));
        boolean ok = !cp.isEmpty() && jars.stream().allMatch(j -> Files.isRegularFile(Path.of(j)));
        return ok ? Optional.of(cp) : Optional.empty();
    }

    private static byte[] readResource(String file) throws IOException {
        try (InputStream in = ClasspathResolver.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource dev/flowcraft/stack/" + file);
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
