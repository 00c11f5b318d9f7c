package dev.flowcraft.validation;

import static dev.flowcraft.validation.ValidationContext.nonBlankString;

import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;

/**
 * A loop controller needs a condition and a {@code continue} edge; without the edge the runtime cannot
 * compute the loop body (Flowcraft threw while building its traverser).
 */
public final class LoopControllerRule implements NodeRule {

  static final String CONTINUE = "continue";

  /** Iterations a loop may start before it fails the run (Flowcraft's cap); {@code params.maxIterations}. */
  public static final int DEFAULT_MAX_ITERATIONS = 10_000;

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    if (!BuiltInNodes.LOOP_CONTROLLER.equals(node.uses())) {
      return;
    }
    boolean hasContinue = false;
    for (EdgeDefinition e : ctx.blueprint().edges()) {
      hasContinue |= e.source().equals(node.id()) && CONTINUE.equals(e.action());
    }
    if (!hasContinue) {
      ctx.add(JsonPaths.node(index), ValidationCodes.LOOP_MISSING_CONTINUE_EDGE,
          "Loop controller '" + node.id() + "' has no outgoing edge with action 'continue', so its loop body"
              + " can never run. Add an edge {source: '" + node.id() + "', action: 'continue'} to the loop start.");
    }
    Object max = node.params().get("maxIterations");
    boolean wholePositive = max instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE;
    if (max != null && !wholePositive) {
      ctx.add(JsonPaths.node(index, "params.maxIterations"), ValidationCodes.LOOP_INVALID_MAX_ITERATIONS,
          "Loop controller '" + node.id() + "' has params.maxIterations " + max + "; it must be a whole number"
              + " from 1 to " + Integer.MAX_VALUE + " (default " + DEFAULT_MAX_ITERATIONS + ").");
    }
    String conditionPath = JsonPaths.node(index, "params.condition");
    String condition = nonBlankString(node.params().get("condition"));
    if (condition == null) {
      ctx.add(conditionPath, ValidationCodes.LOOP_MISSING_CONDITION,
          "Loop controller '" + node.id() + "' requires params.condition, a non-blank expression string.");
    } else {
      ctx.checkExpression(conditionPath, "loop condition", condition);
    }
  }
}
