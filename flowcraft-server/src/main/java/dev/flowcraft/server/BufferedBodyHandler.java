package dev.flowcraft.server;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each request body in full, asynchronously and up to the limit, before the endpoints (Javalin, on the
 * blocking servlet API) see the request: a client that declares a body and never sends it, or trickles it, holds
 * no thread (the connection's idle timeout closes it), and a body over the limit gets 413 with the JSON error
 * body, whether its {@code Content-Length} says so up front or it is chunked. Thread-safe.
 */
final class BufferedBodyHandler extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(BufferedBodyHandler.class);

  private final long maxBytes;

  BufferedBodyHandler(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (request.getLength() > maxBytes) {
      tooLarge(response, callback);
      return true;
    }
    CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, (int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
    if (body.isDone()) {
      Throwable failure = failure(body);
      proceed(request, response, callback, failure == null ? body.join() : null, failure);
    } else {
      body.whenComplete((bytes, failure) -> {
        try {
          request.getContext().execute(() -> proceed(request, response, callback, bytes, failure));
        } catch (RuntimeException rejected) {
          JsonResponses.error(response, callback, 503, ErrorCodes.UNAVAILABLE, "The server is busy: retry in a moment.");
        }
      });
    }
    return true;
  }

  private static Throwable failure(CompletableFuture<byte[]> done) {
    try {
      done.join();
      return null;
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return e;
    }
  }

  private void proceed(Request request, Response response, Callback callback, byte[] bytes, Throwable failure) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof IOException || cause instanceof TimeoutException) {
        // the client failed, or stalled past the idle timeout: the connection is gone or going
        JsonResponses.error(response, callback, 400, ErrorCodes.BAD_REQUEST, "The body could not be read: " + cause.getMessage());
      } else {
        tooLarge(response, callback); // over the limit while counting (chunked, or a wrong Content-Length)
      }
      return;
    }
    try {
      if (!super.handle(new BufferedRequest(request, bytes), response, callback)) {
        JsonResponses.error(response, callback, 404, ErrorCodes.NOT_FOUND, "No such endpoint.");
      }
    } catch (Throwable t) {
      LOG.warn("Request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), t);
      if (!response.isCommitted()) {
        JsonResponses.error(response, callback, 500, ErrorCodes.INTERNAL, "Internal error; see the server's log.");
      } else {
        callback.failed(t);
      }
    }
  }

  private void tooLarge(Response response, Callback callback) {
    // the rest of the body is not read: the connection closes, and says so, so clients do not reuse it
    response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONNECTION, "close");
    JsonResponses.error(response, callback, 413, ErrorCodes.PAYLOAD_TOO_LARGE, "The body is larger than " + maxBytes
        + " bytes, the server's limit. Send a smaller body (pass large data by reference), or raise the limit"
        + " (flowcraft server --max-body-bytes).");
  }
}
