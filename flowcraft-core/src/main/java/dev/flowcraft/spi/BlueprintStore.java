package dev.flowcraft.spi;

import dev.flowcraft.model.Blueprint;
import java.util.Optional;

/**
 * Stores the exact blueprints runs start with, by content reference, so workers run the same revision
 * the run was submitted with and JSON-only blueprints need no worker redeploy. Thread-safe.
 */
public interface BlueprintStore {

  /** Stores the blueprint if new and returns its reference (id, version and content hash). Idempotent. */
  String put(Blueprint blueprint);

  Optional<Blueprint> get(String ref);
}
