package dev.flowcraft.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What the server accepts from clients, against slow or hostile ones. Immutable.
 *
 * @param maxBodyBytes   largest request body (1 MiB); larger ones get 413 (webhook deliveries: the same limit)
 * @param idleTimeout    how long a connection may send nothing, idle between requests or stalled in its request
 *                       line, headers or body, before the server closes it (10 s); stalled connections hold no thread
 * @param maxConnections connections open at once (1,000); beyond it the server stops accepting until one closes
 * @param maxHeaderBytes largest request line plus headers (8 KiB); larger ones get 431
 * @param threads        requests handled at once by the API (32); store calls run on these threads
 */
public record HttpLimits(long maxBodyBytes, Duration idleTimeout, int maxConnections, int maxHeaderBytes, int threads) {

  public static final HttpLimits DEFAULT = new HttpLimits(1 << 20, Duration.ofSeconds(10), 1_000, 8 * 1024, 32);

  public HttpLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + (Integer.MAX_VALUE - 8) + ", got " + maxBodyBytes);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    if (maxConnections < 1 || maxHeaderBytes < 1024 || threads < 4) {
      throw new IllegalArgumentException("maxConnections must be >= 1, maxHeaderBytes >= 1024 and threads >= 4, got "
          + maxConnections + ", " + maxHeaderBytes + ", " + threads);
    }
  }

  public HttpLimits withMaxBodyBytes(long v) {
    return new HttpLimits(v, idleTimeout, maxConnections, maxHeaderBytes, threads);
  }

  public HttpLimits withIdleTimeout(Duration v) {
    return new HttpLimits(maxBodyBytes, v, maxConnections, maxHeaderBytes, threads);
  }

  public HttpLimits withMaxConnections(int v) {
    return new HttpLimits(maxBodyBytes, idleTimeout, v, maxHeaderBytes, threads);
  }

  public HttpLimits withMaxHeaderBytes(int v) {
    return new HttpLimits(maxBodyBytes, idleTimeout, maxConnections, v, threads);
  }

  public HttpLimits withThreads(int v) {
    return new HttpLimits(maxBodyBytes, idleTimeout, maxConnections, maxHeaderBytes, v);
  }
}
