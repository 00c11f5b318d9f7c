package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdkLocatorTest {

    @Test
    void usesTheRunningJvmWhenItIs17(@TempDir Path home) {
        assertThat(JdkLocator.java17(17, home, null, home)).isEqualTo(home.resolve("bin/java"));
    }

    @Test
    void findsAJdk17UnderTheJvmDirWhenRunningOnANewerJava(@TempDir Path jvmDir) throws Exception {
        Path jdk = jvmDir.resolve("java-17-openjdk-amd64");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path java = Files.createFile(jdk.resolve("bin/java"));
        java.toFile().setExecutable(true);

        assertThat(JdkLocator.java17(25, Path.of("/opt/jdk25"), null, jvmDir)).isEqualTo(java);
    }

    @Test
    void explainsWhatWasCheckedWhenThereIsNoJdk17(@TempDir Path emptyJvmDir) {
        assertThatThrownBy(() -> JdkLocator.java17(25, Path.of("/opt/jdk25"), "/opt/jdk25", emptyJvmDir))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("Cassandra 5.0 needs a JDK 17")
                .hasMessageContaining("running JVM /opt/jdk25 is Java 25")
                .hasMessageContaining("JAVA_HOME /opt/jdk25")
                .hasMessageContaining("apt-get install -y openjdk-17-jdk-headless");
    }
}
