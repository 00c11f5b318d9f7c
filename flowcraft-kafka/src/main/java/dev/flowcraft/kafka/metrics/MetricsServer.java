package dev.flowcraft.kafka.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint (the JDK's server, one thread) serving {@code GET /metrics} in the Prometheus text
 * format, for {@code flowcraft worker --metrics-port}. Anything else is 404 (405 for other methods on
 * {@code /metrics}).
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves {@code worker}'s metrics on {@code host:port} (port 0: any free one, see {@link #port()}). */
  public static MetricsServer start(String host, int port, WorkerMetrics worker) {
    return start(host, port, worker::scrape);
  }

  /**
   * Serves the text {@code scrape} returns on each request.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static MetricsServer start(String host, int port, Supplier<String> scrape) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "flowcraft-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
          send(exchange, 404, "text/plain; charset=utf-8", "Not found: metrics are at /metrics\n");
        } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
        } else {
          String body;
          try {
            body = scrape.get();
          } catch (RuntimeException e) {
            LOG.warn("Rendering the metrics failed", e);
            send(exchange, 500, "text/plain; charset=utf-8", "Rendering the metrics failed: " + e + "\n");
            return;
          }
          send(exchange, 200, CONTENT_TYPE, "HEAD".equals(exchange.getRequestMethod()) ? null : body);
        }
      }
    });
    server.start();
    return new MetricsServer(server, executor);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port served (the one bound when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
