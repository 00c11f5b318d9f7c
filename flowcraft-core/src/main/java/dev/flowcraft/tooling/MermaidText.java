package dev.flowcraft.tooling;

/**
 * Escapes text for a double-quoted Mermaid label using Mermaid's entity codes, so no user text can close
 * the quotes or inject HTML. {@code #} is escaped too, otherwise user text like {@code #quot;} would be
 * decoded as an entity.
 */
final class MermaidText {

  private MermaidText() {}

  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '#' -> sb.append("#35;");
        case '"' -> sb.append("#quot;");
        case '<' -> sb.append("#lt;");
        case '>' -> sb.append("#gt;");
        case '`' -> sb.append("#96;"); // backticks inside quotes switch Mermaid to markdown strings
        case '\n' -> sb.append("#10;"); // a raw line break would end the statement
        case '\r' -> sb.append("#13;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
