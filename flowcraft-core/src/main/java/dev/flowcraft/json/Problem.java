package dev.flowcraft.json;

import java.util.Objects;

/**
 * One thing wrong with a blueprint document.
 *
 * @param path    where, as a JSON path from the root {@code $}, e.g. {@code $.nodes[2].uses}
 * @param message what, e.g. {@code missing required string}
 */
public record Problem(String path, String message) {

  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
