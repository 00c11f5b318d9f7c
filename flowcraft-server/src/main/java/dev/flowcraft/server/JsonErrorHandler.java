package dev.flowcraft.server;

import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any endpoint runs (a request line or headers over the limit: 431; a
 * malformed request: 400; a request nothing handled: 404), as the API's JSON error body instead of HTML.
 * Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    if (code == 431) {
      text = "The request line and headers are larger than the server accepts: send smaller headers.";
    }
    JsonResponses.write(response, callback, code, JsonResponses.errorBytes(code, ErrorCodes.forStatus(code), text,
        List.of()));
  }
}
