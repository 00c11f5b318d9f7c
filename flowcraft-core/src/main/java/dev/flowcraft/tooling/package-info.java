/**
 * Static tooling over blueprints: graph analysis ({@link dev.flowcraft.tooling.BlueprintAnalyzer}), the
 * linter ({@link dev.flowcraft.tooling.BlueprintLinter}, which reuses
 * {@link dev.flowcraft.validation.BlueprintValidator}) and Mermaid diagrams
 * ({@link dev.flowcraft.tooling.Mermaid}). Everything here is stateless and thread-safe.
 */
package dev.flowcraft.tooling;
