package dev.flowcraft.validation;

import java.util.List;

/**
 * Thrown by {@link ValidationResult#throwIfInvalid()}. The message has a first line
 * {@code Blueprint '<id>' is invalid (N problems):} followed by one {@code path: message} line per error,
 * so a single log line shows everything that has to be fixed. Immutable and thread-safe.
 */
public final class InvalidBlueprintException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String blueprintId;
  private final transient List<ValidationError> errors;

  public InvalidBlueprintException(String blueprintId, List<ValidationError> errors) {
    super(format(blueprintId, errors));
    this.blueprintId = blueprintId;
    this.errors = List.copyOf(errors);
  }

  public String blueprintId() {
    return blueprintId;
  }

  public List<ValidationError> errors() {
    return errors;
  }

  private static String format(String blueprintId, List<ValidationError> errors) {
    StringBuilder sb = new StringBuilder()
        .append("Blueprint '").append(blueprintId).append("' is invalid (")
        .append(errors.size()).append(errors.size() == 1 ? " problem" : " problems").append("):");
    for (ValidationError e : errors) {
      sb.append('\n').append(e.path()).append(": ").append(e.message());
    }
    return sb.toString();
  }
}
