package dev.flowcraft.tooling;

import java.util.List;

/**
 * Graph facts about a blueprint, as computed by {@link BlueprintAnalyzer#analyze}. Immutable and thread-safe.
 *
 * @param cycles          each cycle once, as a closed path such as {@code [A, B, A]}
 * @param startNodeIds    nodes with no incoming edge that are not some node's fallback, in node order
 * @param terminalNodeIds nodes with no outgoing edge, in node order
 * @param nodeCount       number of node definitions (duplicates included)
 * @param edgeCount       number of edge definitions
 * @param isDag           true iff there is no cycle
 */
public record BlueprintAnalysis(List<List<String>> cycles, List<String> startNodeIds, List<String> terminalNodeIds,
    int nodeCount, int edgeCount, boolean isDag) {

  public BlueprintAnalysis {
    cycles = cycles.stream().map(List::copyOf).toList();
    startNodeIds = List.copyOf(startNodeIds);
    terminalNodeIds = List.copyOf(terminalNodeIds);
  }
}
