package dev.flowcraft.kafka.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.WebhookRegistrar.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook request, from checks to signal (see {@link WebhookServer} for the answers). The checks go from
 * cheapest to dearest, and nothing is read from the stores before the caller is authorized and the body is
 * parsed. Stateless and thread-safe.
 */
final class WebhookHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectReader BODY = JSON.readerFor(Object.class);
  private static final long RETRY_MILLIS = 100;

  private final FlowRuntime runtime;
  private final WebhookServerOptions options;
  private final byte[] expectedAuthorization;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean stopping;

  WebhookHandler(FlowRuntime runtime, WebhookServerOptions options) {
    this.runtime = runtime;
    this.options = options;
    this.expectedAuthorization = options.token() == null ? null
        : ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
  }

  /** A request that ends with an answer other than 202. */
  private static final class Reject extends Exception {
    final int status;

    Reject(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Refuses new requests with 503 from now on. */
  void stopAccepting() {
    stopping = true;
  }

  /** Requests being handled now. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    inFlight.incrementAndGet();
    try (ex) {
      try {
        if (stopping) {
          ex.getResponseHeaders().set("Retry-After", "5");
          throw new Reject(503, "The webhook server is stopping: retry in a moment.");
        }
        Map<String, Object> accepted = accept(ex);
        respond(ex, 202, accepted);
      } catch (Reject r) {
        respond(ex, r.status, Map.of("error", r.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("Webhook request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        respond(ex, 500, Map.of("error", "Internal error while resuming the run: " + e.getMessage()
            + ". Retry later; if it persists, check the servers (flowcraft stack status) and the server's log."));
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Map<String, Object> accept(HttpExchange ex) throws Reject, IOException {
    String id = idOf(ex.getRequestURI().getRawPath());
    authorize(ex);
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "POST");
      throw new Reject(405, "Method " + ex.getRequestMethod() + " not allowed: POST a JSON body to the webhook URL.");
    }
    Object body = parse(readBody(ex));
    Target target = runtime.webhookTarget(id).orElseThrow(() -> new Reject(404,
        "No webhook with this id: it is unknown or expired."));
    int resumed = signal(target, body);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", target.runId());
    out.put("resumed", resumed);
    return out;
  }

  private String idOf(String rawPath) throws Reject {
    String prefix = options.path();
    if (rawPath == null || !rawPath.startsWith(prefix)) {
      throw new Reject(404, "Not a webhook URL: webhooks are at " + prefix + "<id>.");
    }
    String id = rawPath.substring(prefix.length());
    if (id.isEmpty() || id.indexOf('/') >= 0) {
      throw new Reject(404, "Not a webhook URL: webhooks are at " + prefix + "<id>.");
    }
    return id;
  }

  private void authorize(HttpExchange ex) throws Reject {
    if (expectedAuthorization == null) {
      return;
    }
    String given = ex.getRequestHeaders().getFirst("Authorization");
    // constant time, so the comparison does not reveal how much of a guess was right
    if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new Reject(401, "Missing or wrong token: send the header 'Authorization: Bearer <token>'.");
    }
  }

  /** The body, refused with 413 by its declared length or, when chunked or lying, by counting. */
  private byte[] readBody(HttpExchange ex) throws Reject, IOException {
    long max = options.maxBodyBytes();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) {
          throw tooLarge(max);
        }
      } catch (NumberFormatException e) {
        throw new Reject(400, "Content-Length '" + declared + "' is not a number.");
      }
    }
    InputStream in = ex.getRequestBody();
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (bytes.length > max) {
      throw tooLarge(max);
    }
    return bytes;
  }

  private static Reject tooLarge(long max) {
    return new Reject(413, "The body is larger than " + max + " bytes. Send a smaller body (a reference to large"
        + " data rather than the data), or raise the server's limit.");
  }

  private static Object parse(byte[] body) throws Reject {
    try {
      return BODY.readValue(body);
    } catch (JsonProcessingException e) {
      throw new Reject(400, "The body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Reject(400, "The body is not JSON: " + e.getMessage());
    }
  }

  /**
   * Signals the event. A caller may be quicker than the wait node (the URL is known once the webhook node is
   * done, the wait node runs after): while the run is live and nothing waits yet, retry for the resume grace.
   */
  private int signal(Target target, Object body) throws Reject {
    long deadline = System.nanoTime() + options.resumeGrace().toNanos();
    while (true) {
      int resumed;
      try {
        resumed = runtime.signal(target.runId(), target.event(), body);
      } catch (FlowcraftException e) {
        if (runtime.status(target.runId()).isEmpty()) {
          throw new Reject(404, "The run of this webhook no longer exists.");
        }
        throw e;
      }
      if (resumed > 0 || System.nanoTime() >= deadline || !isLive(target.runId())) {
        return resumed;
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return resumed;
      }
    }
  }

  private boolean isLive(String runId) {
    Optional<RunResult> run = runtime.status(runId);
    return run.isPresent() && !run.get().status().isFinal();
  }

  private static void respond(HttpExchange ex, int status, Map<String, Object> json) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
