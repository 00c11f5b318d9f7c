package dev.flowcraft.server;

/** The JSON document of every 4xx/5xx answer: {@code {"error": {"code": ..., "message": ..., "details": [...]}}}. */
public record ErrorBody(ApiError error) {}
