package dev.flowcraft.cassandra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.json.ValueMapper;
import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text the Cassandra stores keep in their value columns: context values, node records (output,
 * details and error included) and timer jobs. Numbers read back as Integer, Long (outside int range) or
 * Double, like every JSON boundary in Flowcraft. Instants are ISO-8601 strings, so nothing is truncated.
 * Thread-safe.
 */
final class StoredJson {

  private static final ObjectMapper MAPPER = ValueMapper.shared();

  private StoredJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Value cannot be stored as JSON (" + e.getOriginalMessage()
          + "): context values and node outputs must be JSON-like (Map, List, String, Number, Boolean, null)", e);
    }
  }

  static Object read(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Corrupt JSON in Cassandra: " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readMap(String json) {
    Object v = read(json);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException("Corrupt JSON in Cassandra: expected an object, got " + json);
  }

  // ---------------------------------------------------------------- node records

  static String writeNode(NodeRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", r.nodeId());
    m.put("item", r.item());
    m.put("scope", r.scope());
    m.put("status", r.status().name());
    m.put("output", r.output());
    m.put("action", r.action());
    m.put("routes", r.routes());
    m.put("error", r.error() == null ? null : writeError(r.error()));
    m.put("attempts", r.attempts());
    m.put("details", r.details());
    m.put("at", r.at().toString());
    return write(m);
  }

  @SuppressWarnings("unchecked")
  static NodeRecord readNode(String json) {
    Map<String, Object> m = readMap(json);
    Map<String, Object> error = (Map<String, Object>) m.get("error");
    return new NodeRecord((String) m.get("nodeId"), ((Number) m.get("item")).intValue(), (String) m.get("scope"),
        NodeStatus.valueOf((String) m.get("status")), m.get("output"), (String) m.get("action"),
        (List<String>) m.get("routes"), error == null ? null : readError(error),
        ((Number) m.get("attempts")).intValue(), (Map<String, Object>) m.get("details"), instant(m.get("at")));
  }

  private static Map<String, Object> writeError(ErrorInfo e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", e.nodeId());
    m.put("type", e.type());
    m.put("message", e.message());
    m.put("fatal", e.fatal());
    m.put("at", e.at() == null ? null : e.at().toString());
    return m;
  }

  private static ErrorInfo readError(Map<String, Object> m) {
    return new ErrorInfo((String) m.get("nodeId"), (String) m.get("type"), (String) m.get("message"),
        Boolean.TRUE.equals(m.get("fatal")), instant(m.get("at")));
  }

  private static Instant instant(Object v) {
    return v == null ? null : Instant.parse((String) v);
  }

  // ---------------------------------------------------------------- jobs

  static String writeJob(Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", j.kind().name());
    m.put("runId", j.runId());
    m.put("nodeId", j.nodeId());
    m.put("scope", j.scope());
    m.put("item", j.item());
    m.put("attempt", j.attempt());
    return write(m);
  }

  static Job readJob(String json) {
    Map<String, Object> m = readMap(json);
    return new Job(JobKind.valueOf((String) m.get("kind")), (String) m.get("runId"), (String) m.get("nodeId"),
        (String) m.get("scope"), ((Number) m.get("item")).intValue(), ((Number) m.get("attempt")).intValue());
  }
}
