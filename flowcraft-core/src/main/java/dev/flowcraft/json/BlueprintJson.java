package dev.flowcraft.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowcraft.model.Blueprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes blueprints as Flowcraft-compatible JSON. All methods are static and thread-safe.
 *
 * <p>Reading accepts what Flowcraft accepts: {@code nodes} and {@code edges} as arrays or as objects
 * keyed by anything (values taken in order); unknown keys anywhere are dropped (UI {@code position},
 * {@code _sourceLocation}, ...); {@code metadata.version} as a string or a number; node {@code inputs} as
 * a key or an object of keys; {@code config.retryDelay} and {@code config.timeout} as milliseconds or a
 * duration string ({@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"}, {@code "2d"}). A missing
 * {@code edges} means no edges. Every structural problem is reported at once in a
 * {@link BlueprintFormatException}.
 *
 * <p>Writing emits the compact form (arrays, null and empty optional fields omitted, durations as
 * milliseconds), and {@code read(write(b)).equals(b)} holds when {@code params} and {@code metadata}
 * extras hold canonical JSON values (Integer when a whole number fits, Long or BigInteger beyond, Double
 * for fractions, String, Boolean, List, Map) and {@code extra} has no {@code version} or
 * {@code cycleEntryPoints} key.
 */
public final class BlueprintJson {

  /** For blueprint documents only: exact decimals (durations, versions), no trailing content. */
  private static final ObjectMapper BLUEPRINT_MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private static final ObjectMapper SHARED_MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.USE_LONG_FOR_INTS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final BlueprintWriter WRITER = new BlueprintWriter(BLUEPRINT_MAPPER);

  private BlueprintJson() {}

  /**
   * The shared mapper for JSON-like values: objects read as {@link java.util.LinkedHashMap}, arrays as
   * {@link java.util.ArrayList}, whole numbers as Integer (Long or BigInteger when larger), fractions as
   * Double; unknown properties are ignored. Thread-safe for reading and writing; do not reconfigure it.
   */
  public static ObjectMapper mapper() {
    return SHARED_MAPPER;
  }

  public static Blueprint read(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return fromJson(BLUEPRINT_MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  public static Blueprint read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blueprint " + file, e);
    }
  }

  /** Reads the whole stream; does not close it. */
  public static Blueprint read(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      return fromJson(BLUEPRINT_MAPPER.readTree(in));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blueprint", e);
    }
  }

  /** A blueprint from an already parsed tree, with the same rules as {@link #read(String)}. */
  public static Blueprint fromJson(JsonNode json) {
    if (json == null || json.isMissingNode()) {
      throw new BlueprintFormatException(List.of(new Problem(JsonPath.ROOT, "empty document")));
    }
    return BlueprintReader.read(json);
  }

  /** Pretty-printed compact Flowcraft JSON. */
  public static String write(Blueprint blueprint) {
    try {
      return BLUEPRINT_MAPPER.writeValueAsString(toJson(blueprint));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write blueprint " + blueprint.id(), e);
    }
  }

  public static JsonNode toJson(Blueprint blueprint) {
    Objects.requireNonNull(blueprint, "blueprint");
    return WRITER.write(blueprint);
  }

  private static BlueprintFormatException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new BlueprintFormatException(
        List.of(new Problem(JsonPath.ROOT, "malformed JSON" + where + ": " + e.getOriginalMessage())), e);
  }
}
