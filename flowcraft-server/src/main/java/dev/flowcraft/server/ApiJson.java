package dev.flowcraft.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.flowcraft.json.ValueMapper;
import java.io.IOException;
import java.util.List;

/**
 * JSON in and out of the API, with Jackson. Requests are read strictly (unknown members, duplicate keys, trailing
 * content and type mismatches are errors that name the JSON path), answers are written with
 * {@link ValueMapper#shared()}, the mapper the stores use for context values. Stateless and thread-safe.
 */
final class ApiJson {

  private static final ObjectMapper STRICT = ValueMapper.shared().copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ApiJson() {}

  /**
   * The body as a {@code type}; an empty body reads as {@code empty} (null: the body is required).
   *
   * @throws ApiException 400 {@code malformed_json} (not JSON, with line and column) or {@code bad_request}
   *                      (JSON of the wrong shape, with the path of the member)
   */
  static <T> T read(byte[] body, Class<T> type, T empty) {
    if (body == null || body.length == 0 || isBlank(body)) {
      if (empty != null) {
        return empty;
      }
      throw new ApiException(400, ErrorCodes.MALFORMED_JSON, "The request needs a JSON object body.");
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        if (empty != null) {
          return empty;
        }
        throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body is null: send a JSON object.");
      }
      return value;
    } catch (JsonMappingException e) {
      String path = path(e);
      String what = e instanceof UnrecognizedPropertyException u
          ? "unknown member '" + u.getPropertyName() + "'; known: " + u.getKnownPropertyIds()
          : firstLine(e.getOriginalMessage());
      if (e.getCause() instanceof ApiException api) {
        throw api;
      }
      if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
        what = iae.getMessage();
      }
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body does not fit: " + path + ": " + what,
          List.of(new ErrorDetail(path, null, what)));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new ApiException(400, ErrorCodes.MALFORMED_JSON, "The body is not valid JSON" + where + ": "
          + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ApiException(400, ErrorCodes.MALFORMED_JSON, "The body could not be read: " + e.getMessage());
    }
  }

  static byte[] write(Object value) {
    try {
      return ValueMapper.shared().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the answer as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code $.a.b[2]} from the mapping exception's path. */
  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
