package dev.flowcraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowcraft.json.BlueprintJson;

/** JSON text for output: compact for one-line values, pretty for documents. */
final class Json {

  private static final ObjectMapper MAPPER = BlueprintJson.mapper().copy()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON output", e);
    }
  }
}
