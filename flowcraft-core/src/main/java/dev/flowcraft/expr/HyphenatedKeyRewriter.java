package dev.flowcraft.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites scope keys that contain '-' (hyphenated node ids such as {@code manager-approval}) into
 * {@code $flowcraftScope["key"]} before parsing, so {@code manager-approval.approved} is a property path
 * rather than a subtraction. Only exact scope keys are replaced, only as whole tokens, and never inside
 * string literals. Stateless and thread-safe.
 */
final class HyphenatedKeyRewriter {

  /** Keys eligible for the rewrite: identifier-like with at least one inner '-'. */
  private static final Pattern REWRITABLE_KEY =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:-+[A-Za-z0-9_$]+)+");

  /** Single-, double- and backtick-quoted literals with backslash escapes; their text is never rewritten. */
  private static final Pattern STRING_LITERAL =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`(?:[^`\\\\]|\\\\.)*`", Pattern.DOTALL);

  private final String alias;

  HyphenatedKeyRewriter(String alias) {
    this.alias = alias;
  }

  static boolean isRewritable(String key) {
    return key != null && REWRITABLE_KEY.matcher(key).matches();
  }

  String rewrite(String expression, Collection<String> scopeKeys) {
    if (expression.indexOf('-') < 0) {
      return expression;
    }
    List<String> candidates = new ArrayList<>();
    for (String key : scopeKeys) {
      if (isRewritable(key) && expression.contains(key)) {
        candidates.add(key);
      }
    }
    if (candidates.isEmpty()) {
      return expression;
    }
    Pattern keys = keyPattern(candidates);
    StringBuilder out = new StringBuilder(expression.length() + 32);
    Matcher literal = STRING_LITERAL.matcher(expression);
    int codeStart = 0;
    while (literal.find()) {
      out.append(rewriteCode(expression.substring(codeStart, literal.start()), keys));
      out.append(literal.group());
      codeStart = literal.end();
    }
    out.append(rewriteCode(expression.substring(codeStart), keys));
    return out.toString();
  }

  private String rewriteCode(String code, Pattern keys) {
    return keys.matcher(code).replaceAll(m -> Matcher.quoteReplacement(alias + "[\"" + m.group() + "\"]"));
  }

  /**
   * Longest keys first, so {@code a-b-c} wins over {@code a-b}. A match must not continue an identifier or
   * follow a '.', since {@code x.a-b} names a property of {@code x}, not the scope key.
   */
  private static Pattern keyPattern(List<String> candidates) {
    candidates.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alternation = new StringBuilder();
    for (String key : candidates) {
      if (alternation.length() > 0) {
        alternation.append('|');
      }
      alternation.append(Pattern.quote(key));
    }
    return Pattern.compile("(?<![A-Za-z0-9_$.])(?:" + alternation + ")(?![A-Za-z0-9_$])");
  }
}
