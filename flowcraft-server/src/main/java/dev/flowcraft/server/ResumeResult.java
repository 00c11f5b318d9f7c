package dev.flowcraft.server;

/** The answer to a resume: the node that was resumed (the run goes on without the caller). Immutable. */
public record ResumeResult(String runId, String resumedNode) {}
