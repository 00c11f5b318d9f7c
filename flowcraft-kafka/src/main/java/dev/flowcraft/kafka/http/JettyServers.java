package dev.flowcraft.kafka.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the Jetty servers of the HTTP endpoints (webhooks, metrics) with the limits every endpoint needs
 * against slow or hostile clients: Jetty parses request lines and headers without a thread per connection, so
 * idle or stalled connections cost no handler; the idle timeout closes a connection that sends nothing (idle,
 * or stalled in its headers or body); the connection limit stops accepting beyond it; the header size is
 * capped (431 beyond). Stateless and thread-safe.
 */
public final class JettyServers {
  private JettyServers() {}

  /**
   * A started server on {@code host:port} (0: any free port) serving {@code handler}.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static Server start(String name, String host, int port, Handler handler, Duration idleTimeout,
      int maxConnections, int maxHeaderBytes) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName(name);
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(maxHeaderBytes);
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(maxConnections, server));
    server.setHandler(handler);
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing
      }
      IOException io = e instanceof IOException ioe ? ioe : new IOException(e.getMessage(), e);
      throw new UncheckedIOException("Cannot listen on " + host + ":" + port + ": " + e.getMessage()
          + ". Is the port in use? Pick another one (0 picks any free port).", io);
    }
    return server;
  }

  /** The port the server's connector is bound to. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The configured host of the server's connector (null or empty: all interfaces). */
  public static String host(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getHost();
  }

  /** Stops the server at once; never throws. */
  public static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping: nothing left to do
    }
  }
}
