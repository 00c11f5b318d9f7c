package dev.flowcraft.json;

import java.util.List;

/**
 * A blueprint document that is not valid JSON or does not have the blueprint structure. Carries every
 * structural problem found, not only the first. Immutable.
 */
public class BlueprintFormatException extends RuntimeException {

  private final List<Problem> problems;

  public BlueprintFormatException(List<Problem> problems) {
    this(problems, null);
  }

  public BlueprintFormatException(List<Problem> problems, Throwable cause) {
    super(summary(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** The problems, in document order; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a format exception needs at least one problem");
    }
    StringBuilder sb = new StringBuilder("Invalid blueprint (")
        .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
