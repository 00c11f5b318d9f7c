package dev.flowcraft.api;

/**
 * Text from runs and blueprints made safe to print or log: control characters (ANSI escapes, newlines, carriage
 * returns, DEL, the C1 range) are shown as {@code \\uXXXX}, so an id, a context key, an error message or a reason
 * cannot move a terminal's cursor, recolour it or forge log lines. JSON needs none of this (it escapes control
 * characters itself). Used by validation messages and the CLI's text output. Stateless and thread-safe.
 */
public final class SafeText {
  private SafeText() {}

  /** {@code String.valueOf(value)} with its control characters escaped; the same string if it has none. */
  public static String escapeControls(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * {@code text} in single quotes with its control characters escaped, cut after {@code maxChars} characters
   * (then {@code ...} before the closing quote); {@code null} for null.
   */
  public static String quoted(String text, int maxChars) {
    if (text == null) {
      return "null";
    }
    boolean cut = text.length() > maxChars;
    return "'" + escapeControls(cut ? text.substring(0, maxChars) : text) + (cut ? "..." : "") + "'";
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
  }
}
