package dev.flowcraft.kafka.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WebhookServer} listens and what it accepts. Immutable; build with {@link #builder()}.
 *
 * @param host          address to bind ({@code 0.0.0.0}: all interfaces)
 * @param port          port to bind; 0 picks a free one ({@link WebhookServer#port()} tells which)
 * @param path          path prefix of the endpoints, with leading and trailing slash ({@code /webhooks/}); the
 *                      base URL that workers hand out must end with it
 * @param token         when set, requests must carry {@code Authorization: Bearer <token>} (in addition to the
 *                      unguessable id); null: the id alone authorizes
 * @param maxBodyBytes  largest request body (1 MiB); larger ones get 413
 * @param threads       requests handled at once (each signal is a few store round trips)
 * @param queueCapacity requests accepted beyond {@code threads} before connections are closed unanswered
 * @param resumeGrace   how long a request whose run has no wait on the event yet keeps retrying while the run is
 *                      live, so a caller that is quicker than the wait node is not lost; zero: no retry
 * @param stopGrace     how long {@link WebhookServer#close()} lets requests in flight finish
 * @param idleTimeout   how long a connection may send nothing (idle between requests, or stalled in its request
 *                      line, headers or body) before the server closes it (10 s); stalled connections hold no thread
 * @param maxConnections connections open at once (1,000); beyond it the server stops accepting until one closes
 * @param maxHeaderBytes largest request line plus headers (8 KiB); larger ones get 431
 */
public record WebhookServerOptions(String host, int port, String path, String token, long maxBodyBytes, int threads,
    int queueCapacity, Duration resumeGrace, Duration stopGrace, Duration idleTimeout, int maxConnections,
    int maxHeaderBytes) {

  public static final String DEFAULT_PATH = "/webhooks/";

  public WebhookServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(resumeGrace, "resumeGrace");
    Objects.requireNonNull(stopGrace, "stopGrace");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, not " + port);
    }
    if (!path.startsWith("/") || !path.endsWith("/")) {
      throw new IllegalArgumentException("path must start and end with '/', e.g. " + DEFAULT_PATH + ", not '" + path + "'");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank: pass null for no token");
    }
    if (maxBodyBytes < 1 || threads < 1 || queueCapacity < 0) {
      throw new IllegalArgumentException("maxBodyBytes and threads must be >= 1 and queueCapacity >= 0, got "
          + maxBodyBytes + ", " + threads + ", " + queueCapacity);
    }
    if (resumeGrace.isNegative() || stopGrace.isNegative()) {
      throw new IllegalArgumentException("resumeGrace and stopGrace must not be negative");
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero() || maxConnections < 1 || maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("idleTimeout must be positive, maxConnections >= 1 and maxHeaderBytes >= 1024,"
          + " got " + idleTimeout + ", " + maxConnections + ", " + maxHeaderBytes);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Like the record's, without the token. */
  @Override
  public String toString() {
    return "WebhookServerOptions[host=" + host + ", port=" + port + ", path=" + path + ", token="
        + (token == null ? "none" : "***") + ", maxBodyBytes=" + maxBodyBytes + ", threads=" + threads
        + ", queueCapacity=" + queueCapacity + ", resumeGrace=" + resumeGrace + ", stopGrace=" + stopGrace
        + ", idleTimeout=" + idleTimeout + ", maxConnections=" + maxConnections + ", maxHeaderBytes=" + maxHeaderBytes
        + "]";
  }

  /** Defaults: {@code 127.0.0.1:8080}, {@code /webhooks/}, no token, 1 MiB, 8 threads. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private String path = DEFAULT_PATH;
    private String token;
    private long maxBodyBytes = 1 << 20;
    private int threads = 8;
    private int queueCapacity = 256;
    private Duration resumeGrace = Duration.ofSeconds(2);
    private Duration stopGrace = Duration.ofSeconds(5);
    private Duration idleTimeout = Duration.ofSeconds(10);
    private int maxConnections = 1_000;
    private int maxHeaderBytes = 8 * 1024;

    private Builder() {}

    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder maxHeaderBytes(int v) {
      maxHeaderBytes = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder path(String v) {
      path = v;
      return this;
    }

    public Builder token(String v) {
      token = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder queueCapacity(int v) {
      queueCapacity = v;
      return this;
    }

    public Builder resumeGrace(Duration v) {
      resumeGrace = v;
      return this;
    }

    public Builder stopGrace(Duration v) {
      stopGrace = v;
      return this;
    }

    public WebhookServerOptions build() {
      return new WebhookServerOptions(host, port, path, token, maxBodyBytes, threads, queueCapacity, resumeGrace,
          stopGrace, idleTimeout, maxConnections, maxHeaderBytes);
    }
  }
}
