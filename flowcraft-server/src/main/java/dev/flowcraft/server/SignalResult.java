package dev.flowcraft.server;

/** The answer to a signal: how many waiting nodes it resumed (0: none waited for the event). Immutable. */
public record SignalResult(String runId, String event, int resumed) {}
