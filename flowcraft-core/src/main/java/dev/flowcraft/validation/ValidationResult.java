package dev.flowcraft.validation;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link BlueprintValidator#validate}: every problem found, in a deterministic order
 * (blueprint-level, then per node in node order, then per edge in edge order, then metadata).
 * Immutable and thread-safe.
 *
 * @param blueprintId id of the validated blueprint, used in the exception message
 * @param errors      the problems; empty when the blueprint is valid
 */
public record ValidationResult(String blueprintId, List<ValidationError> errors) {

  public ValidationResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** Errors with the given code, in report order. */
  public List<ValidationError> errorsWithCode(String code) {
    return errors.stream().filter(e -> Objects.equals(e.code(), code)).toList();
  }

  /**
   * @throws InvalidBlueprintException listing every error when there is at least one
   */
  public void throwIfInvalid() {
    if (!isValid()) {
      throw new InvalidBlueprintException(blueprintId, errors);
    }
  }
}
