package dev.flowcraft.cli;

import dev.flowcraft.expr.JexlExpressionEvaluator;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.tooling.BlueprintLinter;
import dev.flowcraft.tooling.LintIssue;
import dev.flowcraft.tooling.LintOptions;
import dev.flowcraft.tooling.LintReport;
import dev.flowcraft.tooling.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowcraft lint}: every structural, graph and expression problem of a blueprint, without running it. */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Check a blueprint without running it: structure, node keys, subflow ids, expressions, orphans, cycles.",
    footer = {"", "Exit codes: 0 valid (warnings allowed), 1 lint errors, 2 unreadable or malformed blueprint file."})
final class LintCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<blueprint.json>", description = "The blueprint file to check.")
  Path blueprint;

  @Option(names = "--allow-uses", split = ",", paramLabel = "key",
      description = "Node keys provided by Java code elsewhere, e.g. --allow-uses fetchUser,saveUser "
          + "(the built-in and standard-library keys are always known).")
  List<String> allowUses = new ArrayList<>();

  @Option(names = "--blueprint-dir", paramLabel = "<dir>",
      description = "Directory whose *.json blueprint ids subflows may reference (default: the blueprint's directory).")
  Path blueprintDir;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default): one 'SEVERITY path code: message' line per issue; json: {valid, issues}.")
  OutputFormat output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Blueprint bp = Blueprints.read(blueprint);
    var ids = new ArrayList<>(Blueprints.readDirectory(Blueprints.blueprintDir(blueprint, blueprintDir)).keySet());
    ids.add(bp.id());
    LintOptions options = LintOptions.defaults()
        .withKnownUsesKeys(KnownNodes.with(allowUses))
        .withKnownBlueprintIds(ids)
        .withEvaluator(new JexlExpressionEvaluator());
    LintReport report = BlueprintLinter.lint(bp, options);
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      out.println(Json.pretty(toJson(report)));
    } else {
      printText(report, out);
    }
    out.flush();
    return report.isValid() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void printText(LintReport report, PrintWriter out) {
    for (LintIssue i : report.issues()) {
      out.println(i.severity() + " " + (i.path() == null ? "$" : i.path()) + " " + i.code() + ": " + i.message());
    }
    long errors = report.issues().stream().filter(i -> i.severity() == Severity.ERROR).count();
    long warnings = report.issues().size() - errors;
    out.println(blueprint + ": " + (report.isValid() ? "valid" : "INVALID") + " (" + errors + " errors, " + warnings
        + " warnings)");
  }

  private static Map<String, Object> toJson(LintReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("valid", report.isValid());
    doc.put("issues", report.issues().stream().map(i -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", i.severity().name());
      m.put("code", i.code());
      m.put("message", i.message());
      m.put("nodeId", i.nodeId());
      m.put("relatedId", i.relatedId());
      m.put("path", i.path());
      return m;
    }).toList());
    return doc;
  }
}
