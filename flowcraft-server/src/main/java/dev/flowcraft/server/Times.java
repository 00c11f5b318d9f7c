package dev.flowcraft.server;

import java.time.Instant;

/** Instants as the API writes them: ISO-8601 text, or null. Stateless. */
final class Times {
  private Times() {}

  static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
