package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.tooling.LintIssue;

/** One lint finding, as {@code flowcraft lint --output json} shows it. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LintIssueView(String severity, String code, String message, String nodeId, String relatedId, String path) {

  static LintIssueView of(LintIssue i) {
    return new LintIssueView(i.severity().name(), i.code(), i.message(), i.nodeId(), i.relatedId(), i.path());
  }
}
