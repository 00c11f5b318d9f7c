package dev.flowcraft.server;

import java.util.Objects;

/**
 * A bearer token the server accepts, and what it may do. Immutable; {@link #toString()} hides the token.
 *
 * @param token the secret a caller sends as {@code Authorization: Bearer <token>}; at least 16 characters of
 *              visible ASCII, so it can travel in a header and is not trivially guessed
 * @param scope what it allows
 */
public record ApiToken(String token, Scope scope) {

  /** The shortest token accepted. */
  public static final int MIN_LENGTH = 16;

  public ApiToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(scope, "scope");
    if (token.length() < MIN_LENGTH || token.length() > 4096) {
      throw new IllegalArgumentException("An API token must have " + MIN_LENGTH + " to 4096 characters, got "
          + token.length() + ". Generate one, e.g. with: openssl rand -hex 32");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("An API token must be visible ASCII without spaces (it travels in an"
            + " HTTP header); character " + i + " is not.");
      }
    }
  }

  public static ApiToken write(String token) {
    return new ApiToken(token, Scope.WRITE);
  }

  public static ApiToken read(String token) {
    return new ApiToken(token, Scope.READ);
  }

  @Override
  public String toString() {
    return "ApiToken[token=***, scope=" + scope.jsonName() + "]";
  }
}
