package dev.flowcraft.validation;

import dev.flowcraft.model.NodeDefinition;

/** One family of checks applied to each node in turn. Implementations are stateless. */
interface NodeRule {

  void check(int index, NodeDefinition node, ValidationContext ctx);
}
