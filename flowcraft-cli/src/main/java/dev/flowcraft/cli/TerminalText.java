package dev.flowcraft.cli;

/**
 * Makes text from runs safe for an operator's terminal: control characters (ANSI escapes, newlines, carriage
 * returns, the C1 range) are shown as {@code \\uXXXX}, so a context key, run id, error message or reason cannot
 * move the cursor, recolour the screen or forge output lines. JSON output needs none of this (it escapes
 * control characters itself). Stateless and thread-safe.
 */
final class TerminalText {
  private TerminalText() {}

  static String safe(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control) {
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
}
