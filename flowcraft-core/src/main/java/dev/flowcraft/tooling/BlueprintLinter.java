package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.validation.BlueprintValidator;
import dev.flowcraft.validation.BuiltInNodes;
import dev.flowcraft.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lints a blueprint: Flowcraft's six checks plus everything {@link BlueprintValidator} finds, and warnings.
 * <ul>
 *   <li>Every validator error becomes an ERROR issue, once. MISSING_NODE_IMPLEMENTATION,
 *       INVALID_BATCH_WORKER_KEY, INVALID_SUBFLOW_BLUEPRINT_ID, INVALID_EDGE_SOURCE and INVALID_EDGE_TARGET
 *       use Flowcraft's codes and messages; the rest keep the validator's.</li>
 *   <li>ORPHAN_NODE (ERROR): a node no run can reach (see {@link Reachability}); only checked with more than
 *       one node, as in Flowcraft.</li>
 *   <li>CYCLE_WITHOUT_LOOP_CONTROLLER (ERROR, from validation): a cycle through no loop-controller is refused (Flowcraft
 *       warned and ran each of its nodes once).</li>
 * </ul>
 * Differences from Flowcraft: built-in keys are never reported missing (Flowcraft flagged {@code wait},
 * {@code sleep}, {@code webhook} and {@code subflow} and exempted any {@code batch-}/{@code loop-} prefix);
 * checks whose registry is not supplied are skipped rather than failing everything; a pure cycle entered
 * the way the runtime enters it is not orphaned; and warnings do not make the report invalid.
 * Stateless and thread-safe.
 */
public final class BlueprintLinter {

  private BlueprintLinter() {}

  public static LintReport lint(Blueprint blueprint) {
    return lint(blueprint, LintOptions.defaults());
  }

  public static LintReport lint(Blueprint blueprint, LintOptions options) {
    LintOptions opts = options == null ? LintOptions.defaults() : options;
    BlueprintValidator validator = BlueprintValidator.builder()
        .knownUsesKeys(opts.knownUsesKeys())
        .knownBlueprintIds(opts.knownBlueprintIds())
        .evaluator(opts.evaluator())
        .build();
    List<LintIssue> issues = new ArrayList<>();
    for (ValidationError error : validator.validate(blueprint).errors()) {
      issues.add(ValidationIssues.toIssue(blueprint, error));
    }
    BlueprintAnalysis analysis = BlueprintAnalyzer.analyze(blueprint);
    addOrphans(blueprint, analysis, issues);
    return LintReport.of(issues);
  }

  private static void addOrphans(Blueprint blueprint, BlueprintAnalysis analysis, List<LintIssue> issues) {
    if (blueprint.nodes().size() <= 1) {
      return;
    }
    Set<String> reachable = Reachability.reachable(blueprint, analysis);
    for (String id : BlueprintAnalyzer.distinctIds(blueprint)) {
      if (!reachable.contains(id)) {
        issues.add(new LintIssue(LintCodes.ORPHAN_NODE, Severity.ERROR,
            "Node '" + id + "' is not reachable from any start node.", id, null, nodePath(blueprint, id)));
      }
    }
  }

  private static String nodePath(Blueprint blueprint, String id) {
    List<NodeDefinition> nodes = blueprint.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(id)) {
        return "$.nodes[" + i + "]";
      }
    }
    return null;
  }
}
