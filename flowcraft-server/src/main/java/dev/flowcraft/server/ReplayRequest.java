package dev.flowcraft.server;

/**
 * The body of {@code POST /api/v1/dead-letters/replay}: which dead letters to send to the job topic again, as
 * {@code flowcraft dlq replay} selects them. Immutable.
 *
 * @param all       every pending dead-lettered job (exclusive with the others)
 * @param runId     the dead-lettered jobs of this run
 * @param partition the dead letters of this partition of the dead-letter topic
 * @param offset    with {@code partition}: the dead letter at this offset
 * @param dryRun    report what would be sent; send and record nothing
 */
public record ReplayRequest(Boolean all, String runId, Integer partition, Long offset, Boolean dryRun) {}
