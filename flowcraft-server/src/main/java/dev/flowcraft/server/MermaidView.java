package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A blueprint drawn as a Mermaid flowchart (the text of {@code flowcraft mermaid}). Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MermaidView(String blueprintId, String version, String mermaid) {}
