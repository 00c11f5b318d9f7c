package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of {@code GET /api/v1/runs}. Immutable.
 *
 * @param runs       at most {@code limit} runs
 * @param nextCursor pass it as {@code cursor} for the next page; absent at the end (a page may be short, or empty
 *                   with a cursor, before the end)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunPage(List<RunSummary> runs, String nextCursor) {}
