package dev.flowcraft.server;

/**
 * The body of {@code POST /api/v1/runs/{runId}/signal}. Immutable.
 *
 * @param event   the event name: every node of the run waiting for it resumes
 * @param payload their output (any JSON)
 */
public record SignalRequest(String event, Object payload) {}
