package dev.flowcraft.internal;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.model.EdgeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the edges a completed node routes over (Flowcraft's rules): a loop controller's conditional
 * edges first; then the edges whose action equals the result's action; only if none matched, the default
 * edges. Every candidate's condition must hold. Thread-safe.
 */
final class Router {

  record Decision(EdgeDefinition edge, boolean taken) {}

  private final ExpressionEvaluator evaluator;
  private final EventBus events;

  Router(ExpressionEvaluator evaluator, EventBus events) {
    this.evaluator = evaluator;
    this.events = events;
  }

  List<Decision> route(GraphIndex graph, String nodeId, Object output, String action, Map<String, Object> context,
      String runId) {
    List<EdgeDefinition> candidates = graph.routingEdges(nodeId);
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<String, Object> scope = null;
    List<EdgeDefinition> taken = new ArrayList<>();
    if (graph.isLoopController(nodeId)) {
      for (EdgeDefinition e : candidates) {
        if (e.hasCondition()) {
          scope = scope == null ? conditionScope(context, output, action) : scope;
          if (test(e, scope, runId, graph)) {
            taken.add(e);
          }
        }
      }
    }
    if (taken.isEmpty() && action != null) {
      for (EdgeDefinition e : candidates) {
        if (action.equals(e.action())) {
          if (!e.hasCondition()) {
            taken.add(e);
          } else {
            scope = scope == null ? conditionScope(context, output, action) : scope;
            if (test(e, scope, runId, graph)) {
              taken.add(e);
            }
          }
        }
      }
    }
    if (taken.isEmpty()) {
      for (EdgeDefinition e : candidates) {
        if (e.isDefault()) {
          if (!e.hasCondition()) {
            taken.add(e);
          } else {
            scope = scope == null ? conditionScope(context, output, action) : scope;
            if (test(e, scope, runId, graph)) {
              taken.add(e);
            }
          }
        }
      }
    }
    List<Decision> out = new ArrayList<>(candidates.size());
    for (EdgeDefinition e : candidates) {
      out.add(new Decision(e, taken.contains(e)));
    }
    return out;
  }

  /** The value delivered to the target of a taken edge: the output, through the edge's transform if any. */
  Object deliveredValue(EdgeDefinition edge, dev.flowcraft.model.NodeDefinition target, Object output,
      Map<String, Object> context) {
    if (edge.transform() == null || edge.transform().isBlank()) {
      return output;
    }
    Object src = output;
    if (target.inputs() instanceof dev.flowcraft.model.InputMapping.Key k && !k.key().equals(edge.source())) {
      String key = k.key().startsWith("_") ? k.key() : ContextKeys.outputs(k.key());
      if (context.containsKey(key)) {
        src = context.get(key);
      }
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("input", src);
    scope.put("context", context);
    return JsonValues.normalize(evaluator.evaluate(edge.transform(), scope));
  }

  private boolean test(EdgeDefinition e, Map<String, Object> scope, String runId, GraphIndex graph) {
    boolean r = evaluator.test(e.condition(), scope);
    events.emit(new FlowcraftEvent.EdgeEvaluate(runId, graph.blueprint().id(), e, r));
    return r;
  }

  static Map<String, Object> conditionScope(Map<String, Object> context, Object output, String action) {
    Map<String, Object> scope = new LinkedHashMap<>(context);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("output", output);
    result.put("action", action);
    scope.put("result", result);
    return scope;
  }
}
