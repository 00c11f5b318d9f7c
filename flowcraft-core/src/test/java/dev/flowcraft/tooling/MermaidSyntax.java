package dev.flowcraft.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict checker for the subset of Mermaid that {@link Mermaid} emits: every line must match one of a few
 * shapes whose identifiers are {@code [A-Za-z0-9_]+} and not keywords, and whose quoted labels contain no
 * quote, no {@code <} or {@code >} other than {@code <br/>}, no backtick and no line break.
 */
final class MermaidSyntax {

  private static final String ID = "([A-Za-z0-9_]+)";
  private static final String LABEL = "\"[^\"<>`\\n\\r]*\"";
  private static final Set<String> KEYWORDS = Set.of("end", "style", "subgraph", "class", "classdef", "linkstyle",
      "click", "graph", "flowchart");
  private static final List<Pattern> LINES = List.of(
      Pattern.compile("    " + ID + "\\[" + LABEL + "]"),
      Pattern.compile("    " + ID + " --> " + ID),
      Pattern.compile("    " + ID + " -- " + LABEL + " --> " + ID),
      Pattern.compile("    style " + ID + " fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}(?:,stroke-dasharray: 5 5)?"),
      Pattern.compile("    linkStyle \\d+ stroke:#007bff,stroke-width:3px"));

  private MermaidSyntax() {}

  static void assertWellFormed(String mermaid) {
    assertThat(mermaid).startsWith("flowchart TD\n").endsWith("\n");
    String[] lines = mermaid.split("\n", -1);
    for (int i = 1; i < lines.length - 1; i++) {
      // <br/> is the one tag we emit ourselves; remove it before checking that nothing else is there.
      String line = lines[i].replace("<br/>", "");
      Matcher match = LINES.stream().map(p -> p.matcher(line)).filter(Matcher::matches).findFirst().orElse(null);
      assertThat(match).as("line %d does not parse: %s", i, lines[i]).isNotNull();
      for (int g = 1; g <= match.groupCount(); g++) {
        assertThat(match.group(g).toLowerCase(Locale.ROOT)).as("identifier in %s", lines[i]).isNotIn(KEYWORDS);
      }
      assertThat(line.chars().filter(c -> c == '"').count() % 2).as("balanced quotes in %s", lines[i]).isZero();
    }
  }
}
