package dev.flowcraft.server;

import java.util.List;

/**
 * Ends a request with an error answer: its HTTP status and the {@link ApiError} of its body. Thrown by the
 * endpoints, rendered by the server. Immutable (no stack trace: it is an answer, not a bug).
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final transient ApiError error;

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(int status, String code, String message, List<ErrorDetail> details) {
    super(message, null, false, false);
    this.status = status;
    this.error = new ApiError(code, message, details);
  }

  public int status() {
    return status;
  }

  public ApiError error() {
    return error;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }
}
