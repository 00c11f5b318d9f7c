package dev.flowcraft.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The characters node ids and run ids may hold. The engine builds internal keys from them (instance keys
 * {@code node[item]@loop=1}, job ids {@code run|kind|instance|attempt}, child run ids {@code parent/instance},
 * context keys {@code _outputs.node}), so an id holding one of those separators could collide with or be
 * mis-read as another key; control characters in ids would forge log lines and terminal output.
 * <ul>
 *   <li>node id: 1 to 128 of {@code A-Z a-z 0-9 _ - .}, not starting with {@code -} or {@code .};</li>
 *   <li>run id: 1 to 128 of {@code A-Z a-z 0-9 _ - . :}, not starting with {@code -}, {@code .} or {@code :}
 *       (UUIDs and {@code order-42:retry} are fine; {@code / | @ [ ] = ,} whitespace and control characters
 *       are not). Child run ids, which the engine builds itself, are exempt.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Identifiers {
  private Identifiers() {}

  public static final int MAX_LENGTH = 128;

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

  public static final String NODE_ID_RULE = "1 to 128 characters of A-Z a-z 0-9 _ - . (not starting with - or .)";
  public static final String RUN_ID_RULE = "1 to 128 characters of A-Z a-z 0-9 _ - . : (not starting with - . or :)";

  /** Why {@code id} is no valid node id, or empty. */
  public static Optional<String> nodeIdProblem(String id) {
    if (id != null && NODE_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of("Node id " + quoted(id) + " is not allowed: a node id is " + NODE_ID_RULE + ".");
  }

  /** Why {@code id} is no valid run id, or empty. */
  public static Optional<String> runIdProblem(String id) {
    if (id != null && RUN_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of("Run id " + quoted(id) + " is not allowed: a run id is " + RUN_ID_RULE + ".");
  }

  /** @throws IllegalArgumentException naming the rule when {@code id} is no valid run id */
  public static String requireValidRunId(String id) {
    runIdProblem(id).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return id;
  }

  /** The id in quotes with control characters escaped, shortened: safe to put in a message or a log line. */
  static String quoted(String id) {
    return dev.flowcraft.api.SafeText.quoted(id, MAX_LENGTH + 8);
  }
}
