package dev.flowcraft.server;

import dev.flowcraft.tooling.LintReport;
import java.util.List;

/** A lint report: valid when no issue is an error (warnings allowed). Immutable. */
public record LintView(String blueprintId, boolean valid, List<LintIssueView> issues) {

  static LintView of(String blueprintId, LintReport report) {
    return new LintView(blueprintId, report.isValid(), report.issues().stream().map(LintIssueView::of).toList());
  }
}
