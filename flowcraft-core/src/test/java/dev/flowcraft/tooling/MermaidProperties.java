package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MermaidProperties {

  @Provide
  Arbitrary<List<String>> idLists() {
    return ids().list().ofMaxSize(8);
  }

  private static Arbitrary<String> ids() {
    Arbitrary<String> nasty = Arbitraries.strings()
        .withChars("aZ_09 -\"'<>[](){}|#;`&\n\\/:.")
        .withCharRange('\u00e0', '\u00e5')
        .ofMinLength(1).ofMaxLength(8);
    return Arbitraries.oneOf(nasty, Arbitraries.of("end", "n0", "n1", "u0", "style", "A", "B"));
  }

  @Property(tries = 300)
  void anyIdsAndParamsYieldWellFormedMermaid(@ForAll("idLists") List<String> nodeIds, @ForAll("idLists") List<String> labels,
      @ForAll("idLists") List<String> extraTargets) {
    List<NodeDefinition> nodes = new ArrayList<>();
    for (int i = 0; i < nodeIds.size(); i++) {
      Map<String, Object> params = new HashMap<>();
      if (i < labels.size()) {
        params.put(labels.get(i), List.of(labels.get(i), i));
      }
      nodes.add(NodeDefinition.of(nodeIds.get(i), "x").withParams(params));
    }
    List<EdgeDefinition> edges = new ArrayList<>();
    Set<EdgeRef> taken = new HashSet<>();
    Map<String, NodeRunState> states = new HashMap<>();
    NodeRunState[] all = NodeRunState.values();
    for (int i = 0; i < nodeIds.size(); i++) {
      String source = nodeIds.get(i);
      String target = i + 1 < nodeIds.size() ? nodeIds.get(i + 1)
          : extraTargets.isEmpty() ? source : extraTargets.get(0);
      String label = labels.isEmpty() ? null : labels.get(i % labels.size());
      edges.add(new EdgeDefinition(source, target, label, label, null));
      if (i % 2 == 0) {
        taken.add(new EdgeRef(source, target));
      }
      states.put(source, all[i % all.length]);
    }
    if (nodes.isEmpty()) {
      return;
    }
    MermaidSyntax.assertWellFormed(Mermaid.generateForRun(new Blueprint("p", nodes, edges), states, taken));
  }
}
