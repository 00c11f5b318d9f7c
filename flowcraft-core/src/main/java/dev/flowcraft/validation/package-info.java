/**
 * Structural validation of blueprints before they run: {@link dev.flowcraft.validation.BlueprintValidator}
 * reports every problem it finds, each with a JSON path into the blueprint's array form
 * (for example {@code $.nodes[3].config.fallback}) and a stable code from
 * {@link dev.flowcraft.validation.ValidationCodes}.
 */
package dev.flowcraft.validation;
