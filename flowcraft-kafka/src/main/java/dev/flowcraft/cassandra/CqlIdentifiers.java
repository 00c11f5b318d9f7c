package dev.flowcraft.cassandra;

import java.util.regex.Pattern;

/**
 * Validates keyspace and table names before they are spliced into CQL text. Names cannot be bound as
 * parameters, so only plain, unquoted identifiers are accepted: that rules out CQL injection and the
 * case-folding surprises of quoted names.
 */
public final class CqlIdentifiers {

  private static final Pattern SAFE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  private CqlIdentifiers() {}

  /**
   * Returns {@code name} if it is a safe CQL identifier, else throws.
   *
   * @param what what the name is for, used in the error message (e.g. "keyspace", "context table")
   * @throws IllegalArgumentException if the name is null or not 1 to 48 characters of letters, digits and
   *     underscores starting with a letter
   */
  public static String require(String what, String name) {
    if (name == null || !SAFE.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid Cassandra " + what + " name "
          + (name == null ? "null" : "'" + name + "'")
          + ": use 1 to 48 characters, letters, digits and underscores only, starting with a letter"
          + " (pattern [a-zA-Z][a-zA-Z0-9_]{0,47}), e.g. 'flowcraft' or 'flowcraft_context'");
    }
    return name;
  }

  /** Whether {@code name} is a safe CQL identifier. */
  public static boolean isValid(String name) {
    return name != null && SAFE.matcher(name).matches();
  }
}
