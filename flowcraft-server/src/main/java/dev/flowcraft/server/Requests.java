package dev.flowcraft.server;

import dev.flowcraft.validation.Identifiers;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the endpoints read from a request: checked ids, query parameters and JSON bodies. Stateless. */
final class Requests {
  private Requests() {}

  /** The run id of the path, checked against the run id rule (400 {@code invalid_id}). */
  static String runId(Context ctx) {
    String id = ctx.pathParam("runId");
    Identifiers.runIdProblem(id).ifPresent(p -> {
      throw new ApiException(400, ErrorCodes.INVALID_ID, p, List.of(new ErrorDetail("runId", null, Identifiers.RUN_ID_RULE)));
    });
    return id;
  }

  /** A blueprint id of the path: the node id characters (blueprint ids are names, not free text). */
  static String blueprintId(Context ctx) {
    String id = ctx.pathParam("blueprintId");
    if (id.isEmpty() || id.length() > Identifiers.MAX_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ApiException(400, ErrorCodes.INVALID_ID, "Blueprint id is not allowed: 1 to "
          + Identifiers.MAX_LENGTH + " visible ASCII characters.", List.of(new ErrorDetail("blueprintId", null, "invalid")));
    }
    return id;
  }

  /**
   * The body as {@code type}; {@code empty} for an empty body (null: required). A body must be JSON: a
   * {@code Content-Type} other than {@code application/json} (or {@code +json}) is 415.
   */
  static <T> T body(Context ctx, Class<T> type, T empty) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > 0) {
      requireJson(ctx);
    }
    return ApiJson.read(bytes, type, empty);
  }

  static void requireJson(Context ctx) {
    String type = ctx.header("Content-Type");
    if (type != null) {
      String t = type.toLowerCase(Locale.ROOT);
      int semi = t.indexOf(';');
      String media = (semi < 0 ? t : t.substring(0, semi)).strip();
      if (!media.equals("application/json") && !media.endsWith("+json")) {
        throw new ApiException(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "The body must be JSON, sent with"
            + " 'Content-Type: application/json', not '" + type + "'.");
      }
    }
  }

  /** Refuses query parameters outside {@code allowed}, naming those that are known but not supported yet. */
  static void onlyParameters(Context ctx, Set<String> allowed, Set<String> notYet) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (notYet.contains(name)) {
        throw new ApiException(400, ErrorCodes.UNSUPPORTED_FILTER, "Filtering by '" + name + "' is not supported yet"
            + " (it would need a scan of every run). Supported: " + allowed + ".",
            List.of(new ErrorDetail(name, null, "not supported yet")));
      }
      if (!allowed.contains(name)) {
        throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "Unknown query parameter '" + name
            + "'. Supported: " + allowed + ".", List.of(new ErrorDetail(name, null, "unknown")));
      }
    }
  }

  /** An integer query parameter between {@code min} and {@code max}, else {@code dflt} when absent. */
  static int intParameter(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "'" + name + "' must be a whole number from " + min
        + " to " + max + ", not '" + v + "'.", List.of(new ErrorDetail(name, null, "between " + min + " and " + max)));
  }
}
