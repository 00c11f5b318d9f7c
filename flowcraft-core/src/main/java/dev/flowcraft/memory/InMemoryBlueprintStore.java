package dev.flowcraft.memory;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.BlueprintRefs;
import dev.flowcraft.spi.BlueprintStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BlueprintStore} in memory. Thread-safe. */
public final class InMemoryBlueprintStore implements BlueprintStore {

  private final ConcurrentHashMap<String, Blueprint> blueprints = new ConcurrentHashMap<>();

  @Override
  public String put(Blueprint blueprint) {
    String ref = BlueprintRefs.refOf(blueprint);
    blueprints.putIfAbsent(ref, blueprint);
    return ref;
  }

  @Override
  public Optional<Blueprint> get(String ref) {
    return Optional.ofNullable(blueprints.get(ref));
  }
}
