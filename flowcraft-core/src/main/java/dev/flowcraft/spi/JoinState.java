package dev.flowcraft.spi;

/**
 * The state of a join after an arrival.
 *
 * @param arrived     distinct predecessors that arrived (taken or skipped)
 * @param taken       of those, how many routed to the join
 * @param completedBy the predecessor whose arrival made {@code arrived} reach the expected count, else null
 * @param firstTakenBy the first predecessor that arrived taken, else null
 */
public record JoinState(int arrived, int taken, String completedBy, String firstTakenBy) {}
