package dev.flowcraft.spi;

import dev.flowcraft.model.Blueprint;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content references of blueprints, {@code id@version#hash}: every {@link BlueprintStore} names a blueprint
 * this way, so a ref means the same blueprint whatever store produced it. Thread-safe.
 */
public final class BlueprintRefs {

  /** Blueprints are immutable, and a runtime starts many runs of one instance: its ref is computed once. */
  private static final int CACHED_REFS = 1024;
  private static final Map<Blueprint, String> REFS_BY_INSTANCE = new IdentityHashMap<>();

  /** Record accessors per class: {@code getRecordComponents()} is slow reflection (it interns symbols). */
  private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      Method[] accessors = new Method[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = components[i].getAccessor();
      }
      return accessors;
    }
  };

  private BlueprintRefs() {}

  /**
   * {@code id@version#hash}, the hash taken over a canonical encoding of the content: equal blueprints get
   * the same ref whatever the insertion order of their maps, and different ones (1 vs "1", or a string that
   * happens to print like a map) get different refs.
   */
  public static String refOf(Blueprint bp) {
    synchronized (REFS_BY_INSTANCE) {
      String cached = REFS_BY_INSTANCE.get(bp);
      if (cached != null) {
        return cached;
      }
    }
    String ref = computeRef(bp);
    synchronized (REFS_BY_INSTANCE) {
      if (REFS_BY_INSTANCE.size() >= CACHED_REFS) {
        REFS_BY_INSTANCE.clear(); // plenty for the blueprints of one application; a churn of new instances only costs a recompute
      }
      REFS_BY_INSTANCE.put(bp, ref);
    }
    return ref;
  }

  private static String computeRef(Blueprint bp) {
    StringBuilder sb = new StringBuilder();
    encode(bp, sb);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return bp.id() + "@" + bp.version().orElse("") + "#" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void encode(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append('N');
    } else if (v instanceof String s) {
      sb.append('S').append(s.length()).append(':').append(s);
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
      sb.append('M').append(sorted.size()).append('{');
      sorted.forEach((k, x) -> {
        encode(k, sb);
        encode(x, sb);
      });
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('L').append(l.size()).append('[');
      l.forEach(x -> encode(x, sb));
      sb.append(']');
    } else if (v instanceof Record r) {
      sb.append('R');
      encode(r.getClass().getName(), sb);
      sb.append('(');
      for (Method accessor : ACCESSORS.get(r.getClass())) {
        try {
          encode(accessor.invoke(r), sb);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      sb.append(')');
    } else {
      // Number, Boolean, Enum, Duration, ...: the type tells 1 from 1L from 1.0 and from "1"
      sb.append('V');
      encode(v.getClass().getName(), sb);
      encode(v.toString(), sb);
    }
  }
}
