package dev.flowcraft.kafka.metrics;

import dev.flowcraft.kafka.http.JettyServers;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint serving {@code GET /metrics} in the Prometheus text format, for
 * {@code flowcraft worker --metrics-port}. Anything else is 404 (405 for other methods on {@code /metrics}).
 * On Jetty ({@link JettyServers}): an idle or stalled client holds no thread and is closed after
 * {@link #IDLE_TIMEOUT}, so one slow client cannot block scrapes. Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** How long a connection may send nothing before it is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_CONNECTIONS = 100;
  private static final int MAX_HEADER_BYTES = 8 * 1024;

  private final Server server;

  private MetricsServer(Server server) {
    this.server = server;
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
    return start(host, port, scrape, IDLE_TIMEOUT);
  }

  /** As {@link #start(String, int, Supplier)}, with the idle timeout of connections. */
  public static MetricsServer start(String host, int port, Supplier<String> scrape, Duration idleTimeout) {
    Handler handler = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!"/metrics".equals(request.getHttpURI().getPath())) {
          send(response, callback, 404, "text/plain; charset=utf-8", "Not found: metrics are at /metrics\n");
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
          response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
          send(response, callback, 405, "text/plain; charset=utf-8", "Method not allowed\n");
        } else {
          String body;
          try {
            body = scrape.get();
          } catch (RuntimeException e) {
            LOG.warn("Rendering the metrics failed", e);
            send(response, callback, 500, "text/plain; charset=utf-8", "Rendering the metrics failed: " + e + "\n");
            return true;
          }
          send(response, callback, 200, CONTENT_TYPE, "HEAD".equals(method) ? null : body);
        }
        return true;
      }
    };
    try {
      return new MetricsServer(JettyServers.start("flowcraft-metrics-http", host, port, handler, idleTimeout,
          MAX_CONNECTIONS, MAX_HEADER_BYTES));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static void send(Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (body == null) {
      callback.succeeded();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** The port served (the one bound when 0 was asked for). */
  public int port() {
    return JettyServers.port(server);
  }

  @Override
  public void close() {
    JettyServers.stop(server);
  }
}
