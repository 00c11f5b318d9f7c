package dev.flowcraft.cli;

/**
 * Makes text from runs safe for an operator's terminal ({@link dev.flowcraft.api.SafeText#escapeControls}): a
 * context key, run id, error message or reason cannot move the cursor, recolour the screen or forge output
 * lines. JSON output needs none of this. Stateless and thread-safe.
 */
final class TerminalText {
  private TerminalText() {}

  static String safe(Object value) {
    return dev.flowcraft.api.SafeText.escapeControls(value);
  }
}
