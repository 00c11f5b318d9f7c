package dev.flowcraft.runtime;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.model.Blueprint;
import java.util.List;

/** The pattern suite on the in-memory runtime. */
class InMemoryPatternsTest extends PatternSuite {

  @Override
  protected FlowRuntime newRuntime(NodeRegistry registry, List<Blueprint> blueprints) {
    return FlowRuntime.builder().registry(registry).blueprints(blueprints).build();
  }
}
