package dev.flowcraft.server;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes JSON answers on Jetty's core {@link Response} (outside Javalin: body limits, Jetty's own errors). Stateless. */
final class JsonResponses {
  private JsonResponses() {}

  static final String JSON = "application/json; charset=utf-8";

  static byte[] errorBytes(int status, String code, String message, List<ErrorDetail> details) {
    return ApiJson.write(new ErrorBody(new ApiError(code, message, details)));
  }

  static void error(Response response, Callback callback, int status, String code, String message) {
    write(response, callback, status, errorBytes(status, code, message, List.of()));
  }

  static void write(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
