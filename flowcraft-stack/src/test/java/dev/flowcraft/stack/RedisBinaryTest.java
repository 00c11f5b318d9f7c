package dev.flowcraft.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisBinaryTest {

    @Test
    void usesTheBinaryFound(@TempDir Path dir) {
        Path bin = Path.of("/usr/bin/redis-server");
        assertThat(RedisBinary.locate(() -> Optional.of(bin), false, true, dir, l -> { })).isEqualTo(bin);
    }

    @Test
    void withoutRootItSaysWhatToInstall(@TempDir Path dir) {
        assertThatThrownBy(() -> RedisBinary.locate(Optional::empty, false, true, dir, l -> { }))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("redis-server is not installed and installing it needs root")
                .hasMessageContaining("sudo apt-get update && sudo apt-get install -y redis-server");
    }

    @Test
    void installingCanBeDisabled(@TempDir Path dir) {
        assertThatThrownBy(() -> RedisBinary.locate(Optional::empty, true, false, dir, l -> { }))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("installing is disabled")
                .hasMessageContaining("apt-get install -y redis-server");
    }
}
