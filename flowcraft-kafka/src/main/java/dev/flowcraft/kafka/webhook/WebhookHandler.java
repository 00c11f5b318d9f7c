package dev.flowcraft.kafka.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.WebhookRegistrar.Target;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook request, from checks to signal (see {@link WebhookServer} for the answers). The checks go from
 * cheapest to dearest, and nothing is read from the stores before the caller is authorized and the body is
 * parsed. The body is read asynchronously (a client that never sends it holds no thread until the idle timeout
 * closes it); the store calls run on the bounded {@code work} executor, whose refusal answers 503. Thread-safe.
 *
 * <p>Public so that another server can serve webhooks on its own port with the same checks and limits (the HTTP
 * API of module {@code flowcraft-server} mounts it at {@code /webhooks/}); such a server may shape the error
 * bodies with {@code errorBody}.
 */
public final class WebhookHandler extends Handler.Abstract {
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

  private final Executor work;
  private final java.util.function.BiFunction<Integer, String, Map<String, Object>> errorBody;

  /** With the error bodies of {@link WebhookServer}: {@code {"error": "<message>"}}. */
  public WebhookHandler(FlowRuntime runtime, WebhookServerOptions options, Executor work) {
    this(runtime, options, work, (status, message) -> Map.of("error", message));
  }

  /**
   * @param work      runs the store calls (bounded: its refusal answers 503)
   * @param errorBody the JSON body of an answer other than 202, from its status and message
   */
  public WebhookHandler(FlowRuntime runtime, WebhookServerOptions options, Executor work,
      java.util.function.BiFunction<Integer, String, Map<String, Object>> errorBody) {
    this.runtime = java.util.Objects.requireNonNull(runtime, "runtime");
    this.work = java.util.Objects.requireNonNull(work, "work");
    this.options = java.util.Objects.requireNonNull(options, "options");
    this.errorBody = java.util.Objects.requireNonNull(errorBody, "errorBody");
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
  public void stopAccepting() {
    stopping = true;
  }

  /** Requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    inFlight.incrementAndGet();
    Callback done = Callback.from(callback, inFlight::decrementAndGet);
    try {
      if (stopping) {
        response.getHeaders().put("Retry-After", "5");
        throw new Reject(503, "The webhook server is stopping: retry in a moment.");
      }
      String id = idOf(request.getHttpURI().getPath());
      authorize(request, response);
      if (!"POST".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        throw new Reject(405, "Method " + request.getMethod() + " not allowed: POST a JSON body to the webhook URL.");
      }
      long max = options.maxBodyBytes();
      long declared = request.getLength();
      if (declared > max) {
        throw tooLarge(max);
      }
      Content.Source.asByteArrayAsync(request, (int) Math.min(Integer.MAX_VALUE - 8, max)).whenComplete((body, failure) -> {
        try {
          work.execute(() -> finish(request, response, done, id, body, failure));
        } catch (RejectedExecutionException e) {
          fail(response, done, 503, "The webhook server is busy: retry in a moment.");
        }
      });
    } catch (Reject r) {
      fail(response, done, r.status, r.getMessage());
    }
    return true;
  }

  private void finish(Request request, Response response, Callback done, String id, byte[] body, Throwable failure) {
    try {
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        // over the limit while counting (chunked or lying), else the client failed or stalled past the idle timeout
        throw cause instanceof IOException || cause instanceof java.util.concurrent.TimeoutException
            ? new Reject(400, "The body could not be read: " + cause.getMessage())
            : tooLarge(options.maxBodyBytes());
      }
      Object parsed = parse(body);
      Target target = runtime.webhookTarget(id).orElseThrow(() -> new Reject(404,
          "No webhook with this id: it is unknown or expired."));
      int resumed = signal(target, parsed);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("runId", target.runId());
      out.put("resumed", resumed);
      respond(response, done, 202, out);
    } catch (Reject r) {
      fail(response, done, r.status, r.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Webhook request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      fail(response, done, 500, "Internal error while resuming the run: " + e.getMessage()
          + ". Retry later; if it persists, check the servers (flowcraft stack status) and the server's log.");
    }
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

  private void authorize(Request request, Response response) throws Reject {
    if (expectedAuthorization == null) {
      return;
    }
    String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    // constant time, so the comparison does not reveal how much of a guess was right
    if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw new Reject(401, "Missing or wrong token: send the header 'Authorization: Bearer <token>'.");
    }
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

  private void fail(Response response, Callback done, int status, String message) {
    if (status == 413) {
      // the rest of the body is not read: the connection closes, and says so, so clients do not reuse it
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    respond(response, done, status, errorBody.apply(status, message));
  }

  private static void respond(Response response, Callback done, int status, Map<String, Object> json) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      bytes = "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), done);
  }
}
