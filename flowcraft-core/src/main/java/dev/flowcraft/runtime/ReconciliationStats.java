package dev.flowcraft.runtime;

/**
 * What one reconciliation pass found and did.
 *
 * @param stalledRuns    running runs without progress for longer than the threshold
 * @param reconciledRuns of those, the runs that were given their lost jobs back (or settled)
 * @param failedRuns     of those, the runs whose reconciliation threw (logged; tried again next pass)
 */
public record ReconciliationStats(int stalledRuns, int reconciledRuns, int failedRuns) {}
