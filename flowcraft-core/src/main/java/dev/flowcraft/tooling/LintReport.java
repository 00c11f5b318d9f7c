package dev.flowcraft.tooling;

import java.util.List;

/**
 * The linter's result. Immutable and thread-safe.
 *
 * @param isValid true iff no issue has severity {@link Severity#ERROR} (warnings do not invalidate)
 * @param issues  errors first (validator findings, then orphans), then warnings
 */
public record LintReport(boolean isValid, List<LintIssue> issues) {

  public LintReport {
    issues = List.copyOf(issues);
  }

  static LintReport of(List<LintIssue> issues) {
    return new LintReport(issues.stream().noneMatch(i -> i.severity() == Severity.ERROR), issues);
  }

  public List<LintIssue> issuesWithCode(String code) {
    return issues.stream().filter(i -> i.code().equals(code)).toList();
  }
}
