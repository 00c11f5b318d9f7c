package dev.flowcraft.server;

import java.util.List;

/** The answer of {@code GET /api/v1/blueprints/{blueprintId}/versions}: oldest first, the latest last. Immutable. */
public record BlueprintVersions(String id, List<String> versions) {}
