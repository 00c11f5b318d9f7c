package dev.flowcraft.runtime;

import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a retention purge ({@link FlowRuntime#purgeFinished}) or its preview ({@link FlowRuntime#previewPurge})
 * found and did.
 *
 * @param matchedRuns      finished runs older than the cutoff that were found (a preview deletes none of them)
 * @param deletedRuns      of those, the runs deleted
 * @param failedRuns       of those, the runs whose deletion threw (logged; the next purge tries again)
 * @param byStatus         the matched runs per final status (completed, failed, cancelled)
 * @param oldestFinishedAt when the oldest matched run finished; null if none matched
 * @param newestFinishedAt when the newest matched run finished; null if none matched
 */
public record PurgeStats(int matchedRuns, int deletedRuns, int failedRuns, Map<RunStatus, Integer> byStatus,
    Instant oldestFinishedAt, Instant newestFinishedAt) {

  /** Nothing found. */
  public static final PurgeStats NONE = new PurgeStats(0, 0, 0, Map.of(), null, null);

  public PurgeStats {
    byStatus = Map.copyOf(byStatus);
  }

  /** The sum of two passes, e.g. the batches of one purge. */
  public PurgeStats plus(PurgeStats o) {
    Map<RunStatus, Integer> sum = new EnumMap<>(RunStatus.class);
    sum.putAll(byStatus);
    o.byStatus.forEach((s, n) -> sum.merge(s, n, Integer::sum));
    return new PurgeStats(matchedRuns + o.matchedRuns, deletedRuns + o.deletedRuns, failedRuns + o.failedRuns, sum,
        earlier(oldestFinishedAt, o.oldestFinishedAt), later(newestFinishedAt, o.newestFinishedAt));
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
