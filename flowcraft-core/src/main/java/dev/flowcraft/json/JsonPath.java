package dev.flowcraft.json;

import java.util.regex.Pattern;

/** Builds the JSON paths of {@link Problem}s: {@code $.nodes[2].config}, {@code $.nodes["a b"]}. */
final class JsonPath {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  static final String ROOT = "$";

  private JsonPath() {}

  static String field(String parent, String name) {
    if (IDENTIFIER.matcher(name).matches()) {
      return parent + "." + name;
    }
    return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }
}
