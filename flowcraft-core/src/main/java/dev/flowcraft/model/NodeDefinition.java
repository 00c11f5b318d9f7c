package dev.flowcraft.model;

import java.util.Map;
import java.util.Objects;

/**
 * One node of a blueprint: an id, the registry key of its implementation ({@code uses}), static
 * parameters, an optional input mapping and execution settings, and optionally where it was written in
 * source code ({@code _sourceLocation}, used by {@code ErrorMapper}).
 */
public record NodeDefinition(String id, String uses, Map<String, Object> params, InputMapping inputs, NodeConfig config,
    SourceLocation sourceLocation) {

  /** A node without a source location. */
  public NodeDefinition(String id, String uses, Map<String, Object> params, InputMapping inputs, NodeConfig config) {
    this(id, uses, params, inputs, config, null);
  }

  public NodeDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uses, "uses");
    params = params == null ? Map.of() : Values.immutableMap(params);
    config = config == null ? NodeConfig.DEFAULT : config;
  }

  public static NodeDefinition of(String id, String uses) {
    return new NodeDefinition(id, uses, Map.of(), null, NodeConfig.DEFAULT);
  }

  public NodeDefinition withParams(Map<String, Object> newParams) {
    return new NodeDefinition(id, uses, newParams, inputs, config, sourceLocation);
  }

  public NodeDefinition withInputs(InputMapping newInputs) {
    return new NodeDefinition(id, uses, params, newInputs, config, sourceLocation);
  }

  public NodeDefinition withConfig(NodeConfig newConfig) {
    return new NodeDefinition(id, uses, params, inputs, newConfig, sourceLocation);
  }

  public NodeDefinition withSourceLocation(SourceLocation location) {
    return new NodeDefinition(id, uses, params, inputs, config, location);
  }
}
