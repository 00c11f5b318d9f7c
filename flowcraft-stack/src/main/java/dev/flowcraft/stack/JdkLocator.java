package dev.flowcraft.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a JDK 17 for Cassandra 5.0, which supports only 11 and 17 (on 21+ it fails because the
 * SecurityManager is gone). Order: the running JVM, {@code JAVA_HOME}, {@code /usr/lib/jvm/*17*}.
 */
final class JdkLocator {
    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JdkLocator() {
    }

    /** The java executable of a JDK 17, or a {@link StackException} explaining what was checked. */
    static Path java17() {
        return java17(Runtime.version().feature(), Path.of(System.getProperty("java.home")), System.getenv("JAVA_HOME"),
                Path.of("/usr/lib/jvm"));
    }

    /** The search with its inputs explicit, so the "none found" path can be tested on a machine with a JDK 17. */
    static Path java17(int runningFeature, Path runningHome, String javaHome, Path jvmDir) {
        List<String> checked = new ArrayList<>();
        Path current = runningHome;
        if (runningFeature == 17) {
            return current.resolve("bin/java");
        }
        checked.add("running JVM " + current + " is Java " + runningFeature);
        if (javaHome != null && !javaHome.isBlank()) {
            Path home = Path.of(javaHome);
            Optional<Integer> v = majorVersion(home);
            if (v.orElse(-1) == 17 && Files.isExecutable(home.resolve("bin/java"))) {
                return home.resolve("bin/java");
            }
            checked.add("JAVA_HOME " + home + " is Java " + v.map(String::valueOf).orElse("unknown"));
        } else {
            checked.add("JAVA_HOME is not set");
        }
        if (Files.isDirectory(jvmDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(jvmDir, "*17*")) {
                for (Path home : ds) {
                    if (Files.isExecutable(home.resolve("bin/java")) && majorVersion(home).orElse(17) == 17) {
                        return home.resolve("bin/java");
                    }
                }
            } catch (IOException ignored) {
                // reported below as "none found"
            }
        }
        checked.add("no " + jvmDir + "/*17* with bin/java");
        throw new StackException("Cassandra 5.0 needs a JDK 17 (it fails on Java 21+), and none was found: "
                + String.join("; ", checked) + ". Install one (Debian: apt-get install -y openjdk-17-jdk-headless)"
                + " or point JAVA_HOME at a JDK 17.");
    }

    private static Optional<Integer> majorVersion(Path home) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
