package dev.flowcraft.server;

import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.webhook.WebhookHandler;
import dev.flowcraft.kafka.webhook.WebhookServerOptions;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.spi.RunStateStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of Flowcraft: runs (start, get, list, cancel, pause, resume, signal), blueprints (list, versions,
 * get, lint, Mermaid), dead letters (list, replay) and webhook deliveries, as JSON under {@code /api/v1}, with an
 * OpenAPI 3 document at {@code /openapi.json} and a liveness check at {@code /healthz}. See docs/api.md.
 *
 * <pre>{@code
 * FlowcraftServer server = FlowcraftServer.builder().runtime(runtime).runStates(runStateStore)
 *     .token(ApiToken.write(secret)).port(8080).build().start();
 * ...
 * server.close();
 * }</pre>
 *
 * <p>It is built on {@link FlowRuntime} and the stores' SPIs only: the same server serves an in-memory runtime
 * (embedded in an application) and a client of the distributed runtime ({@code flowcraft server}). It runs no
 * node unless the runtime given is itself a worker.
 *
 * <p>Runs on Javalin (Jetty 12). Against slow or hostile clients ({@link HttpLimits}): request lines and headers
 * are parsed without a thread per connection and bodies are read asynchronously before an endpoint runs, so idle
 * or stalled connections hold no thread and are closed after the idle timeout; the connections, header and body
 * sizes are capped. CORS is off (no cross-origin headers are sent). Every 4xx/5xx answer has the JSON body
 * {@code {"error": {"code", "message", "details"}}}.
 *
 * <p>Thread-safe: requests are served on a bounded pool of {@link HttpLimits#threads()} threads; {@link #start}
 * and {@link #close} may be called from any thread. It does not close the runtime or the stores.
 */
public final class FlowcraftServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowcraftServer.class);
  private static final String ERROR_WRITTEN = "flowcraft.error.written";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Javalin app;
  private final WebhookHandler webhooks;
  private final ThreadPoolExecutor webhookPool;
  private final List<ApiRoute> routes;
  private final String host;
  private boolean started;
  private boolean closed;

  private FlowcraftServer(Builder b) {
    this.host = b.host;
    TokenAuthenticator auth = new TokenAuthenticator(b.tokens);
    BlueprintCatalog catalog = b.catalog;
    RunEndpoints runs = new RunEndpoints(b.runtime, b.runStates, catalog);
    BlueprintEndpoints blueprints = new BlueprintEndpoints(catalog, b.knownUses);
    DeadLetterEndpoints deadLetters = new DeadLetterEndpoints(b.deadLetters);
    byte[] openApi = openApiDocument();

    Map<ApiRoute, Handler> table = new LinkedHashMap<>();
    table.put(new ApiRoute("GET", "/healthz", null), ctx -> Replies.json(ctx, 200, Map.of("status", "ok")));
    table.put(new ApiRoute("GET", "/openapi.json", null), ctx -> ctx.status(200).contentType(JsonResponses.JSON).result(openApi));
    table.put(new ApiRoute("POST", "/api/v1/runs", Scope.WRITE), runs::start);
    table.put(new ApiRoute("GET", "/api/v1/runs", Scope.READ), runs::list);
    table.put(new ApiRoute("GET", "/api/v1/runs/{runId}", Scope.READ), runs::get);
    table.put(new ApiRoute("POST", "/api/v1/runs/{runId}/cancel", Scope.WRITE), runs::cancel);
    table.put(new ApiRoute("POST", "/api/v1/runs/{runId}/pause", Scope.WRITE), runs::pause);
    table.put(new ApiRoute("POST", "/api/v1/runs/{runId}/resume", Scope.WRITE), runs::resume);
    table.put(new ApiRoute("POST", "/api/v1/runs/{runId}/signal", Scope.WRITE), runs::signal);
    table.put(new ApiRoute("GET", "/api/v1/blueprints", Scope.READ), blueprints::list);
    table.put(new ApiRoute("POST", "/api/v1/blueprints/lint", Scope.READ), blueprints::lintBody);
    table.put(new ApiRoute("POST", "/api/v1/blueprints/mermaid", Scope.READ), blueprints::mermaidBody);
    table.put(new ApiRoute("GET", "/api/v1/blueprints/{blueprintId}", Scope.READ), blueprints::get);
    table.put(new ApiRoute("GET", "/api/v1/blueprints/{blueprintId}/versions", Scope.READ), blueprints::versions);
    table.put(new ApiRoute("GET", "/api/v1/blueprints/{blueprintId}/lint", Scope.READ), blueprints::lint);
    table.put(new ApiRoute("GET", "/api/v1/blueprints/{blueprintId}/mermaid", Scope.READ), blueprints::mermaid);
    table.put(new ApiRoute("GET", "/api/v1/dead-letters", Scope.READ), deadLetters::list);
    table.put(new ApiRoute("POST", "/api/v1/dead-letters/replay", Scope.WRITE), deadLetters::replay);
    List<ApiRoute> all = new ArrayList<>(table.keySet());
    all.add(new ApiRoute("POST", "/webhooks/{webhookId}", null)); // served by the webhook handler, not Javalin
    this.routes = List.copyOf(all);

    HttpLimits limits = b.limits;
    WebhookServerOptions hookOptions = WebhookServerOptions.builder().host(b.host).port(b.port)
        .path(WebhookRouting.PREFIX).token(b.webhookToken).maxBodyBytes(limits.maxBodyBytes())
        .idleTimeout(limits.idleTimeout()).maxConnections(limits.maxConnections()).maxHeaderBytes(limits.maxHeaderBytes())
        .build();
    this.webhookPool = new ThreadPoolExecutor(hookOptions.threads(), hookOptions.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(hookOptions.queueCapacity()), daemon("flowcraft-api-webhook-"),
        new ThreadPoolExecutor.AbortPolicy());
    this.webhooks = new WebhookHandler(b.runtime, hookOptions, webhookPool,
        (status, message) -> Map.of("error", new ApiError(ErrorCodes.forStatus(status), message, List.of())));

    QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), Math.min(4, limits.threads()));
    threads.setName("flowcraft-api");
    threads.setDaemon(true);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = limits.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.http.generateEtags = false;
      config.jetty.threadPool = threads;
      config.jetty.modifyServer(server -> {
        server.setHandler(new WebhookRouting(webhooks, new BufferedBodyHandler(limits.maxBodyBytes())));
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(0);
      });
      config.jetty.modifyHttpConfiguration(http -> {
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
      });
      config.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(b.host);
        connector.setPort(b.port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        return connector;
      });
      table.forEach((route, handler) -> config.routes.addHttpHandler(HandlerType.findOrCreate(route.method()), route.path(),
          secured(auth, route.scope(), handler)));
      config.routes.exception(ApiException.class, (e, ctx) -> writeError(ctx, e.status(), e.error()));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> writeStatus(ctx, e.getStatus(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.warn("Request {} {} failed", ctx.method(), ctx.path(), e);
        writeError(ctx, 500, new ApiError(ErrorCodes.INTERNAL, "Internal error: " + e.getMessage()
            + ". Retry later; if it persists, check the servers and the server's log.", List.of()));
      });
      config.routes.error(404, ctx -> writeStatus(ctx, 404, null));
      config.routes.error(405, ctx -> writeStatus(ctx, 405, null));
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and serves at once.
   *
   * @throws UncheckedIOException when the address cannot be bound (port in use: pick another, or 0 for any)
   */
  public synchronized FlowcraftServer start() {
    if (closed) {
      throw new IllegalStateException("The server was closed; build a new one.");
    }
    if (!started) {
      try {
        app.start();
      } catch (RuntimeException e) {
        webhookPool.shutdownNow();
        throw new UncheckedIOException("Cannot serve the API on " + host + ": " + e.getMessage()
            + ". Is the port in use? Pick another one (0 picks any free port).", new IOException(e));
      }
      started = true;
      LOG.info("Serving the Flowcraft API on {}", baseUri());
    }
    return this;
  }

  /** The bound port (the actual one when the port given was 0). */
  public int port() {
    return app.port();
  }

  /** Where this server answers, e.g. {@code http://127.0.0.1:8080/} (all interfaces: the loopback address). */
  public URI baseUri() {
    String h = host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
  }

  /** Every endpoint the server serves (as the OpenAPI document lists them), including the webhook deliveries. */
  public List<ApiRoute> routes() {
    return routes;
  }

  /** The endpoints registered with the router (without the webhook deliveries, which Jetty routes before it). */
  List<String> registeredRoutes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint.method.name() + " " + p.endpoint.path).toList();
  }

  /**
   * Stops accepting webhook deliveries (503), lets those in flight finish for up to 5 s, then stops serving.
   * Idempotent. Does not close the runtime or the stores.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    webhooks.stopAccepting();
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    while (webhooks.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (started) {
      app.stop();
    }
    webhookPool.shutdown();
    try {
      if (!webhookPool.awaitTermination(1, TimeUnit.SECONDS)) {
        webhookPool.shutdownNow();
      }
    } catch (InterruptedException e) {
      webhookPool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static Handler secured(TokenAuthenticator auth, Scope needed, Handler handler) {
    if (needed == null) {
      return handler;
    }
    return ctx -> {
      Scope scope = auth.authenticate(ctx.header("Authorization")).orElseThrow(() -> new ApiException(401,
          ErrorCodes.UNAUTHORIZED, "Missing or wrong token: send the header 'Authorization: Bearer <token>'."));
      if (!scope.allows(needed)) {
        throw new ApiException(403, ErrorCodes.FORBIDDEN, "This endpoint needs a token with the '"
            + needed.jsonName() + "' scope; the token sent is '" + scope.jsonName() + "' only.");
      }
      handler.handle(ctx);
    };
  }

  private static void writeError(Context ctx, int status, ApiError error) {
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"flowcraft\"");
    }
    Replies.json(ctx, status, new ErrorBody(error));
  }

  /** The answer for a status Javalin decided (no endpoint, wrong method), unless an endpoint wrote its own error. */
  private void writeStatus(Context ctx, int status, String message) {
    if (ctx.attribute(ERROR_WRITTEN) != null) {
      return;
    }
    String text;
    if (status == 404) {
      text = "No endpoint " + ctx.method().name() + " " + ctx.path() + ". The endpoints are listed in /openapi.json.";
    } else if (status == 405) {
      Set<String> allowed = new LinkedHashSet<>();
      routes.stream().filter(r -> r.matches(ctx.path())).forEach(r -> allowed.add(r.method()));
      ctx.header("Allow", String.join(", ", allowed));
      text = "Method " + ctx.method().name() + " is not allowed on " + ctx.path() + "; allowed: " + allowed + ".";
    } else {
      text = message == null ? "HTTP " + status : message;
    }
    writeError(ctx, status, new ApiError(ErrorCodes.forStatus(status), text, List.of()));
  }

  private static byte[] openApiDocument() {
    try (InputStream in = FlowcraftServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the flowcraft-server jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** How to build a server; {@link #runtime}, {@link #runStates} and a token are required. Not thread-safe. */
  public static final class Builder {
    private FlowRuntime runtime;
    private RunStateStore runStates;
    private BlueprintCatalog catalog = new BlueprintCatalog();
    private DeadLetters deadLetters;
    private String host = "127.0.0.1";
    private int port = 8080;
    private final List<ApiToken> tokens = new ArrayList<>();
    private String webhookToken;
    private HttpLimits limits = HttpLimits.DEFAULT;
    private final Set<String> knownUses = new LinkedHashSet<>();

    private Builder() {}

    /** The runtime the runs are started, resumed, signalled and cancelled with (a client or a worker). */
    public Builder runtime(FlowRuntime r) {
      this.runtime = Objects.requireNonNull(r, "runtime");
      return this;
    }

    /** The runtime's run state store: node records and listings by status are read from it. */
    public Builder runStates(RunStateStore s) {
      this.runStates = Objects.requireNonNull(s, "runStates");
      return this;
    }

    /** The blueprints runs may be started of by id (and version); default none (inline blueprints only). */
    public Builder blueprints(Collection<Blueprint> blueprints) {
      blueprints.forEach(catalog::add);
      return this;
    }

    /** A catalog of one's own (it may gain blueprints while the server runs). Replaces {@link #blueprints}. */
    public Builder catalog(BlueprintCatalog c) {
      this.catalog = Objects.requireNonNull(c, "catalog");
      return this;
    }

    /** The dead-letter topic of the workers; without it the dead-letter endpoints answer 501. */
    public Builder deadLetters(DeadLetters d) {
      this.deadLetters = d;
      return this;
    }

    /** Address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces). */
    public Builder host(String h) {
      this.host = Objects.requireNonNull(h, "host");
      return this;
    }

    /** Port to listen on (default 8080; 0: any free port, see {@link FlowcraftServer#port()}). */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, not " + p);
      }
      this.port = p;
      return this;
    }

    public Builder token(ApiToken t) {
      tokens.add(Objects.requireNonNull(t, "token"));
      return this;
    }

    public Builder tokens(Collection<ApiToken> ts) {
      ts.forEach(this::token);
      return this;
    }

    /**
     * A bearer token webhook deliveries must also carry (as {@code flowcraft webhook serve --token}); default none:
     * the unguessable webhook id alone authorizes, as today. The API tokens do not apply to webhooks.
     */
    public Builder webhookToken(String t) {
      this.webhookToken = t == null || t.isBlank() ? null : t;
      return this;
    }

    public Builder limits(HttpLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /** {@code uses} keys the workers implement besides the built-ins, so lint does not report them as missing. */
    public Builder knownUses(Collection<String> keys) {
      knownUses.addAll(keys);
      return this;
    }

    /**
     * @throws IllegalStateException when the runtime, the run state store or every token is missing
     */
    public FlowcraftServer build() {
      if (runtime == null || runStates == null) {
        throw new IllegalStateException("FlowcraftServer needs runtime(...) and runStates(...).");
      }
      if (tokens.isEmpty()) {
        throw new IllegalStateException("FlowcraftServer needs at least one API token: token(ApiToken.write(...)).");
      }
      return new FlowcraftServer(this);
    }
  }
}
