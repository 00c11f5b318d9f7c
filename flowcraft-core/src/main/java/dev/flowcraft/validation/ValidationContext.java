package dev.flowcraft.validation;

import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The state of one {@link BlueprintValidator#validate} call: the blueprint, the optional collaborators
 * and the errors found so far. Confined to one thread.
 */
final class ValidationContext {

  private final Blueprint blueprint;
  private final Predicate<String> knownUses;
  private final Predicate<String> knownBlueprints;
  private final ExpressionEvaluator evaluator;
  private final Map<String, Integer> firstIndexById = new HashMap<>();
  private final List<ValidationError> errors = new ArrayList<>();

  ValidationContext(Blueprint blueprint, Predicate<String> knownUses, Predicate<String> knownBlueprints,
      ExpressionEvaluator evaluator) {
    this.blueprint = blueprint;
    this.knownUses = knownUses;
    this.knownBlueprints = knownBlueprints;
    this.evaluator = evaluator;
    List<NodeDefinition> nodes = blueprint.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      firstIndexById.putIfAbsent(nodes.get(i).id(), i);
    }
  }

  Blueprint blueprint() {
    return blueprint;
  }

  boolean isNode(String id) {
    return id != null && firstIndexById.containsKey(id);
  }

  /** Index of the first node with this id, or -1. */
  int firstIndexOf(String id) {
    return firstIndexById.getOrDefault(id, -1);
  }

  boolean registryKnown() {
    return knownUses != null;
  }

  /** Whether a {@code uses} key has an implementation; always true when no registry was given. */
  boolean isKnownUses(String key) {
    return knownUses == null || BuiltInNodes.isBuiltIn(key) || knownUses.test(key);
  }

  /** Whether a subflow's blueprint id exists; always true when no blueprint ids were given. */
  boolean isKnownBlueprint(String id) {
    return knownBlueprints == null || knownBlueprints.test(id);
  }

  void add(String path, String code, String message) {
    errors.add(new ValidationError(path, code, message));
  }

  /** Reports {@code expression} at {@code path} if the evaluator rejects its syntax; no-op without an evaluator. */
  void checkExpression(String path, String what, String expression) {
    if (evaluator == null || expression == null || expression.isBlank()) {
      return;
    }
    Optional<String> problem;
    try {
      problem = evaluator.check(expression);
    } catch (RuntimeException e) {
      // A checker that throws is treated as a rejection, so one bad expression cannot abort validation.
      problem = Optional.of(String.valueOf(e.getMessage()));
    }
    problem.ifPresent(p -> add(path, ValidationCodes.INVALID_EXPRESSION,
        "Invalid " + what + " expression '" + expression + "': " + p));
  }

  List<ValidationError> errors() {
    return errors;
  }

  /** Renders a parameter value for a message: strings quoted, absent values as "nothing". */
  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  /** The value as a non-blank string, or null. */
  static String nonBlankString(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
