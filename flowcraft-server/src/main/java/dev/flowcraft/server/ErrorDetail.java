package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem behind an error: where (a JSON path such as {@code $.edges[1].target}, or a parameter name), a
 * code when the source has one (validation codes), and what. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String path, String code, String message) {}
