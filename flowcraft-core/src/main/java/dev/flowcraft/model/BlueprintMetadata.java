package dev.flowcraft.model;

import java.util.List;
import java.util.Map;

/**
 * Blueprint metadata. {@code version} pins a run to one revision of a blueprint; {@code cycleEntryPoints}
 * chooses where a graph without start nodes begins; every other key is kept verbatim in {@code extra}.
 */
public record BlueprintMetadata(String version, List<String> cycleEntryPoints, Map<String, Object> extra) {

  public static final BlueprintMetadata EMPTY = new BlueprintMetadata(null, List.of(), Map.of());

  public BlueprintMetadata {
    cycleEntryPoints = cycleEntryPoints == null ? List.of() : List.copyOf(cycleEntryPoints);
    extra = extra == null ? Map.of() : Values.immutableMap(extra);
  }

  public static BlueprintMetadata ofVersion(String version) {
    return new BlueprintMetadata(version, List.of(), Map.of());
  }
}
