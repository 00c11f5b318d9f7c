package dev.flowcraft.server;

/**
 * The body of {@code POST /api/v1/runs/{runId}/resume} (all optional; an empty body resumes a paused run, or the
 * node that has waited longest, without action). Immutable.
 *
 * @param action the decision: only the awaiting node's edges with this action continue
 * @param nodeId the awaiting node to resume; absent: the one that has waited longest
 * @param output the resumed node's output (any JSON)
 */
public record ResumeRequest(String action, String nodeId, Object output) {
  static final ResumeRequest EMPTY = new ResumeRequest(null, null, null);
}
