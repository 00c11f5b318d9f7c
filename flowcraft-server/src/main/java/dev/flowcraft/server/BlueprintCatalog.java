package dev.flowcraft.server;

import dev.flowcraft.model.Blueprint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The blueprints the API starts runs of by id, lists and lints: each id with its versions ({@code metadata.version};
 * a blueprint without one is the version {@code ""}), in the order they were added; the latest is the one added
 * last. A version added again replaces the earlier one with that version. Thread-safe (its methods synchronize on
 * the catalog; readers get copies).
 */
public final class BlueprintCatalog {

  private final Map<String, LinkedHashMap<String, Blueprint>> byId = new LinkedHashMap<>();

  public BlueprintCatalog() {}

  public BlueprintCatalog(Collection<Blueprint> blueprints) {
    blueprints.forEach(this::add);
  }

  /** Adds (or replaces) the blueprint's id and version; it becomes the latest of its id. */
  public synchronized void add(Blueprint blueprint) {
    Objects.requireNonNull(blueprint, "blueprint");
    LinkedHashMap<String, Blueprint> versions = byId.computeIfAbsent(blueprint.id(), id -> new LinkedHashMap<>());
    String version = blueprint.version().orElse("");
    versions.remove(version);
    versions.put(version, blueprint);
  }

  /** The blueprint with this id: that version, or the latest when {@code version} is null. */
  public synchronized Optional<Blueprint> find(String id, String version) {
    LinkedHashMap<String, Blueprint> versions = byId.get(id);
    if (versions == null || versions.isEmpty()) {
      return Optional.empty();
    }
    if (version != null) {
      return Optional.ofNullable(versions.get(version));
    }
    Blueprint latest = null;
    for (Blueprint b : versions.values()) {
      latest = b;
    }
    return Optional.ofNullable(latest);
  }

  /** The versions of an id, oldest first; empty when the id is unknown. */
  public synchronized List<String> versions(String id) {
    LinkedHashMap<String, Blueprint> versions = byId.get(id);
    return versions == null ? List.of() : List.copyOf(versions.keySet());
  }

  /** The ids, in the order they were first added. */
  public synchronized List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** Every version of every blueprint. */
  public synchronized List<Blueprint> all() {
    List<Blueprint> out = new ArrayList<>();
    byId.values().forEach(v -> out.addAll(v.values()));
    return out;
  }

  public synchronized boolean contains(String id) {
    return byId.containsKey(id);
  }
}
