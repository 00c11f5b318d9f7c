package dev.flowcraft.tooling;

/** How serious a {@link LintIssue} is: only errors make a {@link LintReport} invalid. */
public enum Severity {
  ERROR,
  WARNING
}
