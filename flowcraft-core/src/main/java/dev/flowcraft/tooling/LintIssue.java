package dev.flowcraft.tooling;

import java.util.Objects;

/**
 * One linter finding. Immutable and thread-safe.
 *
 * @param code      {@link LintCodes a Flowcraft code} or a {@link dev.flowcraft.validation.ValidationCodes validator code}
 * @param severity  ERROR or WARNING
 * @param message   human-readable explanation
 * @param nodeId    the node concerned, or null (Flowcraft leaves it out for edge issues)
 * @param relatedId the other end: for edge issues the other endpoint, for fallbacks the fallback id; or null
 * @param path      JSON path into the blueprint's array form, e.g. {@code $.edges[1].target}; or null
 */
public record LintIssue(String code, Severity severity, String message, String nodeId, String relatedId, String path) {

  public LintIssue {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }
}
