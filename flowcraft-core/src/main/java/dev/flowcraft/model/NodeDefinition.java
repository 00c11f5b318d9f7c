package dev.flowcraft.model;

import java.util.Map;
import java.util.Objects;

/**
 * One node of a blueprint: an id, the registry key of its implementation ({@code uses}), static
 * parameters, an optional input mapping and execution settings.
 */
public record NodeDefinition(String id, String uses, Map<String, Object> params, InputMapping inputs, NodeConfig config) {

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
    return new NodeDefinition(id, uses, newParams, inputs, config);
  }

  public NodeDefinition withInputs(InputMapping newInputs) {
    return new NodeDefinition(id, uses, params, newInputs, config);
  }

  public NodeDefinition withConfig(NodeConfig newConfig) {
    return new NodeDefinition(id, uses, params, inputs, newConfig);
  }
}
