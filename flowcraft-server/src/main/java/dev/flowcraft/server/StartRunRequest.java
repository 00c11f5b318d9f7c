package dev.flowcraft.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/runs}. Immutable.
 *
 * @param blueprintId a blueprint of the server's catalog, by id (exclusive with {@code blueprint})
 * @param version     with {@code blueprintId}: that version ({@code metadata.version}); absent: the latest one
 * @param blueprint   an inline blueprint document (Flowcraft JSON), exclusive with {@code blueprintId}
 * @param input       the run's initial context (a JSON object); absent: empty
 * @param runId       the run id, for idempotent starts: a repeat with the same id returns the existing run
 */
public record StartRunRequest(String blueprintId, String version, JsonNode blueprint, Map<String, Object> input,
    String runId) {}
