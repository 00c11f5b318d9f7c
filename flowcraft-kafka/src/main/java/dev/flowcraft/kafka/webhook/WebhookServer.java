package dev.flowcraft.kafka.webhook;

import dev.flowcraft.kafka.http.JettyServers;
import dev.flowcraft.runtime.FlowRuntime;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of webhook nodes: {@code POST <path>{id}} with a JSON body resumes the waits on the endpoint's
 * event in its run, with the body as their output. It looks the id up and signals through a {@link FlowRuntime}
 * (a client of the distributed runtime, whose Cassandra registry every worker registers in, or an in-memory
 * runtime), so it runs next to workers or on its own ({@code flowcraft webhook serve}).
 *
 * <p>Answers: 202 {@code {"runId", "resumed"}}; 404 unknown or expired id; 413 body over the limit; 400 body
 * not JSON; 401 missing or wrong bearer token (when one is configured); 405 any method but POST. Errors are
 * JSON {@code {"error": "..."}}; 431 headers over {@link WebhookServerOptions#maxHeaderBytes()}; 503 while stopping
 * or when the handler pool and its queue are full. Runs on Jetty ({@link JettyServers}): idle and stalled
 * connections hold no thread and are closed after {@link WebhookServerOptions#idleTimeout()}, and at most
 * {@link WebhookServerOptions#maxConnections()} are open at once, so slow clients cannot starve real requests.
 *
 * <p>Lifecycle: {@link #start} binds and serves at once; {@link #close()} stops accepting, lets requests in
 * flight finish for {@link WebhookServerOptions#stopGrace()}, then stops the threads. It does not close the
 * runtime. Thread-safe: requests are handled on a bounded pool of {@link WebhookServerOptions#threads()}
 * threads; when its queue is full, requests get 503 (callers retry), rather than letting a burst pile up without
 * bound.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final Server http;
  private final ThreadPoolExecutor pool;
  private final WebhookHandler handler;
  private final WebhookServerOptions options;
  private boolean closed;

  private WebhookServer(Server http, ThreadPoolExecutor pool, WebhookHandler handler, WebhookServerOptions options) {
    this.http = http;
    this.pool = pool;
    this.handler = handler;
    this.options = options;
  }

  /**
   * Binds {@code options.host():options.port()} and serves at once.
   *
   * @throws UncheckedIOException when the address cannot be bound (port in use: pick another, or 0 for any)
   */
  public static WebhookServer start(FlowRuntime runtime, WebhookServerOptions options) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(options, "options");
    ThreadPoolExecutor pool = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
        options.queueCapacity() == 0 ? new java.util.concurrent.SynchronousQueue<>()
            : new ArrayBlockingQueue<>(options.queueCapacity()),
        threads("flowcraft-webhook-"), new ThreadPoolExecutor.AbortPolicy());
    WebhookHandler handler = new WebhookHandler(runtime, options, pool);
    Server http;
    try {
      http = JettyServers.start("flowcraft-webhook-io", options.host(), options.port(), handler, options.idleTimeout(),
          options.maxConnections(), options.maxHeaderBytes());
    } catch (UncheckedIOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException("Cannot listen for webhooks on " + options.host() + ":" + options.port() + ": "
          + e.getCause().getMessage() + ". Is the port in use? Pick another one (0 picks any free port).", e.getCause());
    }
    WebhookServer server = new WebhookServer(http, pool, handler, options);
    LOG.info("Serving webhooks on {}", server.baseUri());
    return server;
  }

  /** The bound port (the actual one when {@link WebhookServerOptions#port()} was 0). */
  public int port() {
    return JettyServers.port(http);
  }

  /**
   * Where this server answers, e.g. {@code http://127.0.0.1:8080/webhooks/}: the {@code webhookBaseUrl} to give
   * workers when callers reach this host directly (behind a proxy, give the proxy's URL instead).
   */
  public URI baseUri() {
    String bound = options.host();
    String host = bound.isEmpty() || "0.0.0.0".equals(bound) || "::".equals(bound) ? "127.0.0.1" : bound;
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + options.path());
  }

  /**
   * Answers new requests 503, lets requests in flight finish (up to the stop grace), then stops listening and
   * the threads. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    handler.stopAccepting();
    long deadline = System.nanoTime() + options.stopGrace().toNanos();
    while (handler.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int port = port();
    JettyServers.stop(http);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("Webhook server on port {} stopped", port);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
