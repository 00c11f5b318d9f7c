package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.model.Blueprint;
import java.util.List;

/**
 * A blueprint of the catalog in {@code GET /api/v1/blueprints}: its id, latest version, all versions, and its
 * size. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlueprintSummary(String id, String latestVersion, List<String> versions, String description, int nodes,
    int edges) {

  static BlueprintSummary of(Blueprint latest, List<String> versions) {
    Object description = latest.metadata().extra().get("description");
    return new BlueprintSummary(latest.id(), latest.version().orElse(null), versions,
        description instanceof String s ? s : null, latest.nodes().size(), latest.edges().size());
  }
}
