package dev.flowcraft.validation;

import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a blueprint's structure before it runs and reports <em>every</em> problem, each with a JSON path
 * into the blueprint's array form. Optional collaborators widen the checks:
 * <ul>
 *   <li>known {@code uses} keys: unknown keys (other than {@link BuiltInNodes built-ins}) become errors;
 *       without them the implementation check is skipped;</li>
 *   <li>known blueprint ids: subflows must reference one of them;</li>
 *   <li>an {@link ExpressionEvaluator}: edge conditions/transforms and loop conditions must parse.</li>
 * </ul>
 * Thread-safe: an instance is immutable and may be shared, provided the supplied predicates and evaluator
 * are thread-safe themselves (collections passed to the builder are copied).
 */
public final class BlueprintValidator {

  private static final List<NodeRule> NODE_RULES = List.of(
      new NodeIdentityRule(), new NodeConfigRule(), new InputMappingRule(),
      new LoopControllerRule(), new BatchScatterRule(), new SubflowRule(), new SleepRule());

  private final Predicate<String> knownUses;
  private final Predicate<String> knownBlueprints;
  private final ExpressionEvaluator evaluator;

  private BlueprintValidator(Builder b) {
    this.knownUses = b.knownUses;
    this.knownBlueprints = b.knownBlueprints;
    this.evaluator = b.evaluator;
  }

  /** A validator with structural checks only: no registry, no blueprint ids, no expression checks. */
  public static BlueprintValidator structural() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ValidationResult validate(Blueprint blueprint) {
    Objects.requireNonNull(blueprint, "blueprint");
    ValidationContext ctx = new ValidationContext(blueprint, knownUses, knownBlueprints, evaluator);
    if (blueprint.id().isBlank()) {
      ctx.add("$.id", ValidationCodes.BLANK_BLUEPRINT_ID, "Blueprint id must not be blank.");
    }
    if (blueprint.nodes().isEmpty()) {
      ctx.add("$.nodes", ValidationCodes.NO_NODES, "Cannot build a blueprint with no nodes.");
    }
    List<NodeDefinition> nodes = blueprint.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      for (NodeRule rule : NODE_RULES) {
        rule.check(i, nodes.get(i), ctx);
      }
    }
    List<EdgeDefinition> edges = blueprint.edges();
    for (int i = 0; i < edges.size(); i++) {
      checkEdge(i, edges.get(i), ctx);
    }
    for (UncontrolledCycles.Cycle c : UncontrolledCycles.find(blueprint)) {
      ctx.add(JsonPaths.edge(c.closingEdge()), ValidationCodes.UNCONTROLLED_CYCLE,
          "Cycle " + String.join(" -> ", c.nodes()) + " passes through no loop-controller node, so nothing ever"
              + " ends it. Route the cycle through a 'loop-controller' node (params.condition decides whether the"
              + " loop continues; see README, Loops), or remove the edge.");
    }
    List<String> entries = blueprint.metadata().cycleEntryPoints();
    for (int i = 0; i < entries.size(); i++) {
      if (!ctx.isNode(entries.get(i))) {
        ctx.add("$.metadata.cycleEntryPoints[" + i + "]", ValidationCodes.UNKNOWN_CYCLE_ENTRY_POINT,
            "Cycle entry point '" + entries.get(i) + "' is not a node id.");
      }
    }
    return new ValidationResult(blueprint.id(), ctx.errors());
  }

  private static void checkEdge(int index, EdgeDefinition edge, ValidationContext ctx) {
    String arrow = " (edge '" + edge.source() + "' -> '" + edge.target() + "')";
    if (!ctx.isNode(edge.source())) {
      ctx.add(JsonPaths.edge(index, "source"), ValidationCodes.UNKNOWN_EDGE_SOURCE,
          "Edge source '" + edge.source() + "' is not a node id" + arrow + ".");
    }
    if (!ctx.isNode(edge.target())) {
      ctx.add(JsonPaths.edge(index, "target"), ValidationCodes.UNKNOWN_EDGE_TARGET,
          "Edge target '" + edge.target() + "' is not a node id" + arrow + ".");
    }
    ctx.checkExpression(JsonPaths.edge(index, "condition"), "edge condition", edge.condition());
    ctx.checkExpression(JsonPaths.edge(index, "transform"), "edge transform", edge.transform());
  }

  /** Configures a {@link BlueprintValidator}. Not thread-safe; build once and share the validator. */
  public static final class Builder {

    private Predicate<String> knownUses;
    private Predicate<String> knownBlueprints;
    private ExpressionEvaluator evaluator;

    private Builder() {}

    /** The registered {@code uses} keys (built-ins are always known); null skips the implementation check. */
    public Builder knownUsesKeys(Predicate<String> known) {
      this.knownUses = known;
      return this;
    }

    public Builder knownUsesKeys(Collection<String> known) {
      return knownUsesKeys(known == null ? null : asPredicate(known));
    }

    /** The blueprint ids a subflow may reference; null skips that check. */
    public Builder knownBlueprintIds(Predicate<String> known) {
      this.knownBlueprints = known;
      return this;
    }

    public Builder knownBlueprintIds(Collection<String> known) {
      return knownBlueprintIds(known == null ? null : asPredicate(known));
    }

    /** Checks expression syntax with {@link ExpressionEvaluator#check}; null skips expression checks. */
    public Builder evaluator(ExpressionEvaluator evaluator) {
      this.evaluator = evaluator;
      return this;
    }

    public BlueprintValidator build() {
      return new BlueprintValidator(this);
    }

    private static Predicate<String> asPredicate(Collection<String> keys) {
      Set<String> copy = Set.copyOf(keys);
      return copy::contains;
    }
  }
}
