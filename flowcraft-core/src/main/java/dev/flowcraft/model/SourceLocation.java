package dev.flowcraft.model;

import java.util.Objects;

/**
 * Where a node was written in source code ({@code _sourceLocation} in Flowcraft's JSON, filled by its
 * compiler), so errors can point at the code rather than the blueprint. Lines and columns as the tool that
 * wrote them counts (Flowcraft: 1-based lines).
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
