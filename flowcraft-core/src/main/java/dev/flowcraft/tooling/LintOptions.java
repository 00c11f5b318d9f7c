package dev.flowcraft.tooling;

import dev.flowcraft.expr.ExpressionEvaluator;
import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the linter may check against. Every part is optional: a null registry skips
 * MISSING_NODE_IMPLEMENTATION and INVALID_BATCH_WORKER_KEY, null blueprint ids skip
 * INVALID_SUBFLOW_BLUEPRINT_ID, a null evaluator skips expression syntax. Built-in {@code uses} keys are
 * always known. Immutable; thread-safe when the predicates and evaluator are.
 *
 * @param knownUsesKeys     registered {@code uses} keys, or null when unknown
 * @param knownBlueprintIds blueprint ids a subflow may reference, or null when unknown
 * @param evaluator         expression syntax checker, or null
 */
public record LintOptions(Predicate<String> knownUsesKeys, Predicate<String> knownBlueprintIds,
    ExpressionEvaluator evaluator) {

  /** No registry, no blueprint ids, no evaluator: graph and structure checks only. */
  public static LintOptions defaults() {
    return new LintOptions(null, null, null);
  }

  public LintOptions withKnownUsesKeys(Collection<String> keys) {
    return new LintOptions(asPredicate(keys), knownBlueprintIds, evaluator);
  }

  public LintOptions withKnownUsesKeys(Predicate<String> keys) {
    return new LintOptions(keys, knownBlueprintIds, evaluator);
  }

  public LintOptions withKnownBlueprintIds(Collection<String> ids) {
    return new LintOptions(knownUsesKeys, asPredicate(ids), evaluator);
  }

  public LintOptions withKnownBlueprintIds(Predicate<String> ids) {
    return new LintOptions(knownUsesKeys, ids, evaluator);
  }

  public LintOptions withEvaluator(ExpressionEvaluator e) {
    return new LintOptions(knownUsesKeys, knownBlueprintIds, e);
  }

  private static Predicate<String> asPredicate(Collection<String> values) {
    if (values == null) {
      return null;
    }
    Set<String> copy = Set.copyOf(values);
    return copy::contains;
  }
}
