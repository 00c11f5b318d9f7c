package dev.flowcraft.validation;

import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeDefinition;
import java.util.Map;

/** An input mapping must name real context keys: a blank key can never resolve to anything. */
final class InputMappingRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    String path = JsonPaths.node(index, "inputs");
    if (node.inputs() instanceof InputMapping.Key key) {
      if (key.key().isBlank()) {
        ctx.add(path, ValidationCodes.BLANK_INPUT_KEY,
            "Node '" + node.id() + "' maps its input from a blank context key.");
      }
    } else if (node.inputs() instanceof InputMapping.Fields fields) {
      for (Map.Entry<String, String> e : fields.fields().entrySet()) {
        if (e.getValue() == null || e.getValue().isBlank()) {
          ctx.add(JsonPaths.key(path, e.getKey()), ValidationCodes.BLANK_INPUT_KEY,
              "Input field '" + e.getKey() + "' of node '" + node.id() + "' maps from a blank context key.");
        }
      }
    }
  }
}
