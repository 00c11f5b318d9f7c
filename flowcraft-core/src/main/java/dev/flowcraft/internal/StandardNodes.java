package dev.flowcraft.internal;

import dev.flowcraft.api.FatalNodeException;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeContext;
import dev.flowcraft.api.NodeImplementation;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.expr.ExpressionEvaluator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard node library, so JSON-only blueprints can do useful work: {@code transform}, {@code log},
 * {@code http}, {@code fail}. Thread-safe.
 */
final class StandardNodes {
  private static final Logger LOG = LoggerFactory.getLogger("flowcraft.log");

  private final ExpressionEvaluator evaluator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  StandardNodes(ExpressionEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  Optional<NodeImplementation> find(String uses) {
    return Optional.ofNullable(switch (uses) {
      case "transform" -> NodeImplementation.of(this::transform);
      case "log" -> NodeImplementation.of(this::log);
      case "fail" -> NodeImplementation.of(StandardNodes::fail);
      case "http" -> NodeImplementation.ofAsync(this::http);
      default -> null;
    });
  }

  /** {@code params.value}: an expression over {@code input} and {@code context}; {@code params.action} optional. */
  private NodeResult transform(NodeContext ctx) {
    Object expr = ctx.params().get("value");
    if (!(expr instanceof String e)) {
      throw new FatalNodeException("transform node '" + ctx.nodeId() + "' needs params.value, an expression such as \"input.total * 2\"");
    }
    Map<String, Object> scope = new LinkedHashMap<>(ctx.context().asMap());
    scope.put("input", ctx.input());
    scope.put("context", ctx.context().asMap());
    scope.put("params", ctx.params());
    Object out = evaluator.evaluate(e, scope);
    scope.put("result", out);
    return new NodeResult(out, action(ctx.params().get("action"), scope), null, null);
  }

  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /**
   * A transform's {@code params.action}: a plain label ({@code approve}, {@code needs-review}) is the action as
   * before; anything else ({@code input.score > 5 ? "high" : "low"}) is evaluated like {@code params.value}, and
   * a non-null result is the action as a string. A text that does not parse stays a literal action, so older
   * blueprints with such labels keep working. The expression also sees {@code result}, the computed value.
   */
  private String action(Object action, Map<String, Object> scope) {
    if (!(action instanceof String a)) {
      return null;
    }
    if (LABEL.matcher(a).matches()) {
      return a;
    }
    try {
      Object v = evaluator.evaluate(a, scope);
      return v == null ? null : String.valueOf(v);
    } catch (dev.flowcraft.expr.ExpressionException e) {
      return a;
    }
  }

  /** Logs {@code params.message} (or the input) and passes the input through. */
  private NodeResult log(NodeContext ctx) {
    Object msg = ctx.params().getOrDefault("message", ctx.input());
    LOG.info("[{}] {}: {}", ctx.runId(), ctx.nodeId(), msg);
    return NodeResult.of(ctx.input());
  }

  /** Throws {@code params.message}; {@code params.fatal: true} skips retries and fallback. */
  private static NodeResult fail(NodeContext ctx) {
    String msg = String.valueOf(ctx.params().getOrDefault("message", "Node '" + ctx.nodeId() + "' failed"));
    if (Boolean.TRUE.equals(ctx.params().get("fatal"))) {
      throw new FatalNodeException(msg);
    }
    throw new FlowcraftException(msg);
  }

  /**
   * {@code params}: method (GET), url, headers, body (a string, or JSON for anything else), expectStatus
   * (an exact status; default any 2xx), timeoutMs. Output: {status, headers, body} with a JSON body parsed.
   * 5xx, 408 and 429 are retryable failures; other unexpected statuses are fatal.
   */
  private CompletableFuture<NodeResult> http(NodeContext ctx) {
    Map<String, Object> p = ctx.params();
    Object url = p.get("url");
    if (!(url instanceof String u) || u.isBlank()) {
      return CompletableFuture.failedFuture(new FatalNodeException("http node '" + ctx.nodeId() + "' needs params.url"));
    }
    String method = String.valueOf(p.getOrDefault("method", "GET")).toUpperCase(java.util.Locale.ROOT);
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(u));
    if (p.get("timeoutMs") instanceof Number t) {
      req.timeout(Duration.ofMillis(t.longValue()));
    }
    if (p.get("headers") instanceof Map<?, ?> headers) {
      headers.forEach((k, v) -> req.header(String.valueOf(k), String.valueOf(v)));
    }
    Object body = p.get("body");
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body instanceof String s) {
      publisher = HttpRequest.BodyPublishers.ofString(s);
    } else {
      try {
        publisher = HttpRequest.BodyPublishers.ofString(JsonValues.MAPPER.writeValueAsString(body));
        if (!(p.get("headers") instanceof Map<?, ?> h && h.keySet().stream().anyMatch(k -> "content-type".equalsIgnoreCase(String.valueOf(k))))) {
          req.header("Content-Type", "application/json");
        }
      } catch (Exception e) {
        return CompletableFuture.failedFuture(new FatalNodeException("http node '" + ctx.nodeId() + "': body is not JSON-serialisable"));
      }
    }
    req.method(method, publisher);
    Integer expect = p.get("expectStatus") instanceof Number n ? n.intValue() : null;
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
      int status = resp.statusCode();
      boolean ok = expect != null ? status == expect : status >= 200 && status < 300;
      if (!ok) {
        String msg = "HTTP " + method + " " + u + " returned " + status;
        if (status >= 500 || status == 408 || status == 429) {
          throw new FlowcraftException(msg);
        }
        throw new FatalNodeException(msg);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", status);
      Map<String, Object> headers = new LinkedHashMap<>();
      resp.headers().map().forEach((k, v) -> headers.put(k, v.size() == 1 ? v.get(0) : v));
      out.put("headers", headers);
      String text = resp.body();
      Object parsed = text;
      if (resp.headers().firstValue("content-type").map(ct -> ct.contains("json")).orElse(false) && !text.isBlank()) {
        try {
          parsed = JsonValues.MAPPER.readValue(text, Object.class);
        } catch (Exception e) {
          parsed = text;
        }
      }
      out.put("body", parsed);
      return NodeResult.of(out);
    });
  }
}
