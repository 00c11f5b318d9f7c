package dev.flowcraft.server;

import java.util.List;

/** The answer of {@code GET /api/v1/blueprints}. Immutable. */
public record BlueprintList(List<BlueprintSummary> blueprints) {}
