package dev.flowcraft.validation;

import java.util.Objects;

/**
 * One problem found in a blueprint. Immutable and thread-safe.
 *
 * @param path    JSON path into the blueprint's array form, e.g. {@code $.nodes[3].id} or {@code $.edges[1].target}
 * @param code    stable machine-readable code, one of {@link ValidationCodes}
 * @param message human-readable explanation, naming the offending value
 */
public record ValidationError(String path, String code, String message) {

  public ValidationError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
