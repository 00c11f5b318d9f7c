package dev.flowcraft.server;

/** The JSON document of every 4xx/5xx answer: {@code {"error": {"code": ..., "message": ..., "details": [...]}}}. Immutable. */
public record ErrorBody(ApiError error) {}
