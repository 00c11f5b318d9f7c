package dev.flowcraft.kafka.queue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wire format of a {@link Job}: a JSON object versioned by {@code "v":1}. Decoding is strict (every
 * field present with the right type, no unknown or duplicate fields, known kind) because a record that is
 * not exactly a job must go to the dead-letter topic with a clear reason rather than be half understood.
 * Stateless and thread-safe.
 */
public final class JobCodec {
  /** The format version written by {@link #encode(Job)}; the only one {@link #decode(byte[])} accepts. */
  public static final int VERSION = 1;

  private static final Set<String> FIELDS = Set.of("v", "kind", "runId", "nodeId", "scope", "item", "attempt");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JobCodec() {}

  /**
   * The record key: the run id, so the jobs of one run share a partition; except batch items
   * ({@code item >= 0}), keyed by run id and item, so that the items of one batch spread over the
   * partitions and run on every worker (all keyed by run id, a batch of 1,000 items ran on one worker).
   */
  public static byte[] key(Job job) {
    String key = job.item() >= 0 ? job.runId() + "#" + job.item() : job.runId();
    return key.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(Job job) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("v", VERSION);
    o.put("kind", job.kind().name());
    o.put("runId", job.runId());
    o.put("nodeId", job.nodeId());
    o.put("scope", job.scope());
    o.put("item", job.item());
    o.put("attempt", job.attempt());
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + job, e); // cannot happen for a tree of scalars
    }
  }

  /** Decodes a record value, or throws {@link MalformedJobException} saying what is wrong. */
  public static Job decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedJobException("empty record value (no job)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new MalformedJobException("not valid JSON: " + firstLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedJobException("not a JSON object but " + (root == null ? "nothing" : root.getNodeType()));
    }
    checkFields(root);
    int v = intField(root, "v");
    if (v != VERSION) {
      throw new MalformedJobException("unsupported version v=" + v + " (supported: " + VERSION + ")");
    }
    JobKind kind = kind(textField(root, "kind"));
    String runId = nonEmpty(root, "runId");
    String nodeId = nonEmpty(root, "nodeId");
    String scope = textField(root, "scope");
    int item = intField(root, "item");
    if (item < -1) {
      throw new MalformedJobException("field item must be >= -1, got " + item);
    }
    int attempt = intField(root, "attempt");
    if (attempt < 1) {
      throw new MalformedJobException("field attempt must be >= 1, got " + attempt);
    }
    return new Job(kind, runId, nodeId, scope, item, attempt);
  }

  private static void checkFields(JsonNode root) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new MalformedJobException("unknown field " + name);
      }
    }
    for (String name : new String[] {"v", "kind", "runId", "nodeId", "scope", "item", "attempt"}) {
      if (!root.has(name)) {
        throw new MalformedJobException("missing field " + name);
      }
    }
  }

  private static JobKind kind(String text) {
    try {
      return JobKind.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedJobException("unknown kind " + text + " (known: "
          + Arrays.stream(JobKind.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
  }

  private static String textField(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (!n.isTextual()) {
      throw new MalformedJobException("field " + name + " must be a string, got " + n.getNodeType());
    }
    return n.textValue();
  }

  private static String nonEmpty(JsonNode root, String name) {
    String s = textField(root, name);
    if (s.isEmpty()) {
      throw new MalformedJobException("field " + name + " must not be empty");
    }
    return s;
  }

  private static int intField(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new MalformedJobException("field " + name + " must be a 32-bit integer, got "
          + (n.isNumber() ? n.asText() : n.getNodeType()));
    }
    return n.intValue();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
