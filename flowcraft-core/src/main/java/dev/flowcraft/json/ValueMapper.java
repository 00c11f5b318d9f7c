package dev.flowcraft.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson {@link ObjectMapper} that Flowcraft reads and writes context values, node outputs and records
 * with, in memory and in every store, so a value reads back the same wherever it was written: dates as ISO-8601
 * text, unknown properties ignored, empty beans allowed. Shared and thread-safe; do not reconfigure it (copy it
 * with {@link ObjectMapper#copy()} to change settings).
 */
public final class ValueMapper {
  private static final ObjectMapper SHARED = new ObjectMapper()
      .findAndRegisterModules()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ValueMapper() {}

  /** The shared mapper. */
  public static ObjectMapper shared() {
    return SHARED;
  }
}
