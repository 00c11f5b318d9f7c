package dev.flowcraft.expr;

import java.util.Map;
import org.apache.commons.jexl3.JexlContext;

/**
 * Read-only JEXL view of an evaluation scope. Besides the scope's own keys it resolves {@code context}
 * (when the scope has no such key) and an internal alias, both to the whole scope, so keys that are not
 * identifiers stay reachable as {@code context["key"]}. One instance per evaluation; not shared.
 */
final class ScopeContext implements JexlContext {

  /** Target of the hyphenated-key rewrite; never shadowed by {@code context} keys of a transform scope. */
  static final String SCOPE_ALIAS = "$flowcraftScope";

  static final String CONTEXT = "context";

  private final Map<String, Object> scope;

  ScopeContext(Map<String, Object> scope) {
    this.scope = scope;
  }

  @Override
  public Object get(String name) {
    if (SCOPE_ALIAS.equals(name)) {
      return scope;
    }
    if (scope.containsKey(name)) {
      return scope.get(name);
    }
    return CONTEXT.equals(name) ? scope : null;
  }

  @Override
  public boolean has(String name) {
    return SCOPE_ALIAS.equals(name) || CONTEXT.equals(name) || scope.containsKey(name);
  }

  @Override
  public void set(String name, Object value) {
    // Unreachable in practice: the engine's features reject every assignment at parse time.
    throw new UnsupportedOperationException("expressions cannot assign variables");
  }
}
