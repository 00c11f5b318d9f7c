package dev.flowcraft.tooling;

import java.util.Objects;

/**
 * An edge identified by its endpoints, as in Flowcraft's {@code edge:evaluate} events: it matches every
 * blueprint edge between the two nodes, whatever their actions. Immutable and thread-safe.
 */
public record EdgeRef(String source, String target) {

  public EdgeRef {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }
}
