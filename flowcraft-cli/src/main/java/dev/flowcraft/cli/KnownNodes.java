package dev.flowcraft.cli;

import dev.flowcraft.validation.BuiltInNodes;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The {@code uses} keys a JSON-only CLI can run: the engine's built-ins and the standard library. */
final class KnownNodes {

  static final List<String> BUILT_IN = List.copyOf(new TreeSet<>(BuiltInNodes.KEYS));

  private KnownNodes() {}

  /** Built-ins plus keys the user declares are provided elsewhere (lint --allow-uses). */
  static Predicate<String> with(Collection<String> extra) {
    Set<String> known = union(BUILT_IN, extra);
    return known::contains;
  }

  private static Set<String> union(Collection<String> a, Collection<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }
}
