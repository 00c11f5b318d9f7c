package dev.flowcraft.validation;

import java.util.regex.Pattern;

/** Builds JSON paths into the blueprint's array form, e.g. {@code $.nodes[3].inputs['user-id']}. */
final class JsonPaths {

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  private JsonPaths() {}

  static String node(int index) {
    return "$.nodes[" + index + "]";
  }

  static String node(int index, String field) {
    return node(index) + "." + field;
  }

  static String edge(int index) {
    return "$.edges[" + index + "]";
  }

  static String edge(int index, String field) {
    return edge(index) + "." + field;
  }

  /** Appends a map key, bracket-quoted when it is not a plain identifier so the path stays unambiguous. */
  static String key(String parent, String key) {
    if (PLAIN_NAME.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
