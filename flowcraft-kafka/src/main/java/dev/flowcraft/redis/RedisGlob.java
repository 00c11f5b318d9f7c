package dev.flowcraft.redis;

/**
 * Escaping for Redis glob patterns (SCAN MATCH, KEYS). Keys hold run and node ids with {@code [ ] * ?} and
 * backslashes; unescaped, a prefix like {@code a[b]} would match {@code ab} and miss {@code a[b]}.
 */
final class RedisGlob {

  private RedisGlob() {}

  /** {@code text} as a pattern matching exactly itself. */
  static String literal(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '*' || c == '?' || c == '[' || c == ']') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** A pattern matching every key that starts with {@code prefix}. */
  static String prefix(String prefix) {
    return literal(prefix) + "*";
  }
}
