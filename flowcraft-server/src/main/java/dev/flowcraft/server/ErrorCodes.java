package dev.flowcraft.server;

import java.util.Locale;

/** The {@code error.code} values of the API, and the default code of an HTTP status. Stateless. */
public final class ErrorCodes {
  private ErrorCodes() {}

  public static final String BAD_REQUEST = "bad_request";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String INVALID_PARAMETER = "invalid_parameter";
  public static final String UNSUPPORTED_FILTER = "unsupported_filter";
  public static final String INVALID_ID = "invalid_id";
  public static final String INVALID_BLUEPRINT = "invalid_blueprint";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String FORBIDDEN = "forbidden";
  public static final String NOT_FOUND = "not_found";
  public static final String RUN_NOT_FOUND = "run_not_found";
  public static final String BLUEPRINT_NOT_FOUND = "blueprint_not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String CONFLICT = "conflict";
  public static final String RUN_ID_CONFLICT = "run_id_conflict";
  public static final String RUN_FINISHED = "run_finished";
  public static final String CANNOT_RESUME = "cannot_resume";
  public static final String ALREADY_RESUMED = "already_resumed";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String HEADERS_TOO_LARGE = "headers_too_large";
  public static final String NOT_CONFIGURED = "not_configured";
  public static final String INTERNAL = "internal";
  public static final String UNAVAILABLE = "unavailable";

  /** The code of an answer with this status when nothing more specific is known. */
  public static String forStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 422 -> INVALID_BLUEPRINT;
      case 431 -> HEADERS_TOO_LARGE;
      case 501 -> NOT_CONFIGURED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : "http_" + String.valueOf(status).toLowerCase(Locale.ROOT);
    };
  }
}
