package dev.flowcraft.expr;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parse-time checks of literals that would hit a limit at evaluation, so validation and lint report them with
 * the blueprint's JSON path before a run: a range literal with literal ends spanning more than
 * {@link JsArithmetic#MAX_RANGE} elements, and a literal pattern after {@code =~} or {@code !~} that RE2/J cannot
 * compile (backreferences, lookaround) or that is too long. Patterns and ranges computed from data are checked
 * when evaluated. Stateless and thread-safe.
 */
final class LiteralLimits {
  private LiteralLimits() {}

  private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");
  private static final Pattern MATCH_OPERATOR = Pattern.compile("[=!]~\\s*(['\"])");

  /** The first problem found, or empty. */
  static Optional<String> check(String source) {
    String code = blankStrings(source);
    Matcher range = RANGE.matcher(code);
    while (range.find()) {
      try {
        long span = Math.abs(Long.parseLong(range.group(2)) - Long.parseLong(range.group(1))) + 1;
        if (span > JsArithmetic.MAX_RANGE || span <= 0) {
          return Optional.of("the range " + range.group() + " spans " + span + " elements; a range literal may"
              + " span at most " + JsArithmetic.MAX_RANGE + ".");
        }
      } catch (NumberFormatException e) {
        return Optional.of("the range " + range.group() + " is out of bounds; a range literal may span at most "
            + JsArithmetic.MAX_RANGE + " elements.");
      }
    }
    Matcher op = MATCH_OPERATOR.matcher(code);
    while (op.find()) {
      int open = op.end() - 1;
      int close = closingQuote(source, open);
      if (close < 0) {
        continue; // unterminated: the parser reports it
      }
      String pattern = unescape(source.substring(open + 1, close));
      if (pattern.length() > JsArithmetic.MAX_PATTERN_LENGTH) {
        return Optional.of("a regular expression may have at most " + JsArithmetic.MAX_PATTERN_LENGTH
            + " characters.");
      }
      try {
        com.google.re2j.Pattern.compile(pattern);
      } catch (com.google.re2j.PatternSyntaxException e) {
        return Optional.of("the regular expression '" + pattern + "' is not RE2 syntax (no backreferences or"
            + " lookaround; it runs in linear time): " + e.getDescription() + ".");
      }
    }
    return Optional.empty();
  }

  /** The source with the contents of string literals replaced by spaces (same length, quotes kept). */
  static String blankStrings(String source) {
    StringBuilder sb = new StringBuilder(source);
    int i = 0;
    while (i < sb.length()) {
      char c = sb.charAt(i);
      if (c == '\'' || c == '"') {
        int close = closingQuote(source, i);
        int end = close < 0 ? sb.length() : close;
        for (int k = i + 1; k < end; k++) {
          sb.setCharAt(k, ' ');
        }
        i = end + 1;
      } else {
        i++;
      }
    }
    return sb.toString();
  }

  /** JEXL's escapes of backslash and quotes; other backslashes stay for the regular expression. */
  private static String unescape(String literal) {
    StringBuilder sb = new StringBuilder(literal.length());
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length() && "\\'\"".indexOf(literal.charAt(i + 1)) >= 0) {
        sb.append(literal.charAt(++i));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int closingQuote(String source, int open) {
    char quote = source.charAt(open);
    for (int k = open + 1; k < source.length(); k++) {
      char c = source.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == quote) {
        return k;
      }
    }
    return -1;
  }
}
