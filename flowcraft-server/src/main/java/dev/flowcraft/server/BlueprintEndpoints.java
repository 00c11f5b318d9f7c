package dev.flowcraft.server;

import dev.flowcraft.expr.JexlExpressionEvaluator;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.tooling.BlueprintLinter;
import dev.flowcraft.tooling.LintOptions;
import dev.flowcraft.tooling.Mermaid;
import dev.flowcraft.validation.BuiltInNodes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The blueprint endpoints: the catalog (list, versions, get) and the tools ({@code flowcraft lint} and
 * {@code flowcraft mermaid}) on a catalog blueprint or on a blueprint in the body. Thread-safe (the catalog is).
 */
final class BlueprintEndpoints {

  private final BlueprintCatalog catalog;
  private final Predicate<String> knownUses;
  private final JexlExpressionEvaluator evaluator = new JexlExpressionEvaluator();

  /** @param extraUses {@code uses} keys the workers provide besides the built-ins, for lint */
  BlueprintEndpoints(BlueprintCatalog catalog, Set<String> extraUses) {
    this.catalog = catalog;
    Set<String> known = new TreeSet<>(BuiltInNodes.KEYS);
    known.addAll(extraUses);
    this.knownUses = Set.copyOf(known)::contains;
  }

  void list(Context ctx) {
    Requests.onlyParameters(ctx, Set.of(), Set.of());
    List<BlueprintSummary> all = catalog.ids().stream()
        .map(id -> BlueprintSummary.of(catalog.find(id, null).orElseThrow(), catalog.versions(id))).toList();
    Replies.json(ctx, 200, new BlueprintList(all));
  }

  void versions(Context ctx) {
    String id = Requests.blueprintId(ctx);
    List<String> versions = catalog.versions(id);
    if (versions.isEmpty()) {
      throw notFound(id, null);
    }
    Replies.json(ctx, 200, new BlueprintVersions(id, versions));
  }

  /** The blueprint document (Flowcraft JSON), {@code ?version=} or the latest. */
  void get(Context ctx) {
    Blueprint bp = fromCatalog(ctx);
    ctx.status(200).contentType(JsonResponses.JSON).header("Cache-Control", "no-store").result(BlueprintJson.write(bp));
  }

  void lint(Context ctx) {
    Blueprint bp = fromCatalog(ctx);
    Replies.json(ctx, 200, LintView.of(bp.id(), BlueprintLinter.lint(bp, lintOptions())));
  }

  /** Lints the blueprint document of the body; 422 only when it is no blueprint document at all. */
  void lintBody(Context ctx) {
    Blueprint bp = fromBody(ctx);
    Replies.json(ctx, 200, LintView.of(bp.id(), BlueprintLinter.lint(bp, lintOptions())));
  }

  void mermaid(Context ctx) {
    Blueprint bp = fromCatalog(ctx);
    Replies.json(ctx, 200, new MermaidView(bp.id(), bp.version().orElse(null), Mermaid.generate(bp)));
  }

  void mermaidBody(Context ctx) {
    Blueprint bp = fromBody(ctx);
    Replies.json(ctx, 200, new MermaidView(bp.id(), bp.version().orElse(null), Mermaid.generate(bp)));
  }

  private LintOptions lintOptions() {
    return LintOptions.defaults().withKnownUsesKeys(knownUses).withKnownBlueprintIds(catalog::contains)
        .withEvaluator(evaluator);
  }

  private Blueprint fromCatalog(Context ctx) {
    Requests.onlyParameters(ctx, Set.of("version"), Set.of());
    String id = Requests.blueprintId(ctx);
    String version = ctx.queryParam("version");
    return catalog.find(id, version).orElseThrow(() -> notFound(id, version));
  }

  private static Blueprint fromBody(Context ctx) {
    Requests.onlyParameters(ctx, Set.of(), Set.of());
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new ApiException(400, ErrorCodes.MALFORMED_JSON, "Send the blueprint document (Flowcraft JSON) as the body.");
    }
    Requests.requireJson(ctx);
    // the document must be JSON first: its own format errors (422) are about blueprints, not about JSON
    ApiJson.read(body, com.fasterxml.jackson.databind.JsonNode.class, null);
    return RunEndpoints.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }

  private ApiException notFound(String id, String version) {
    List<String> versions = catalog.versions(id);
    return ApiException.notFound(ErrorCodes.BLUEPRINT_NOT_FOUND, "No blueprint '" + id + "'"
        + (version == null ? "" : " in version '" + version + "'") + " on this server"
        + (versions.isEmpty() ? " (GET /api/v1/blueprints lists them)" : "; its versions: " + versions) + ".");
  }
}
