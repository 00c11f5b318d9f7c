package dev.flowcraft.server;

/**
 * What a bearer token may do: {@link #READ} the runs, blueprints and dead letters, or also {@link #WRITE} (start,
 * cancel, pause, resume, signal runs, replay dead letters). Write implies read. Immutable.
 */
public enum Scope {
  READ,
  WRITE;

  /** Whether a token with this scope may call an endpoint that needs {@code needed}. */
  public boolean allows(Scope needed) {
    return this == WRITE || needed == READ;
  }

  /** {@code read} or {@code write}, as the API and its documents spell it. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
