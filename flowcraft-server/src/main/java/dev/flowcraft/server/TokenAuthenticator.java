package dev.flowcraft.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} headers against the configured tokens. The comparison takes the
 * same time whatever the guess: every configured token is compared (no early exit), each as a SHA-256 digest
 * with {@link MessageDigest#isEqual}, so neither how much of a guess was right nor its length shows in the
 * timing. Immutable and thread-safe.
 */
final class TokenAuthenticator {

  private static final String BEARER = "bearer ";

  private final List<byte[]> digests;
  private final List<Scope> scopes;

  TokenAuthenticator(List<ApiToken> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("The API needs at least one token (FlowcraftServer.Builder#token).");
    }
    this.digests = tokens.stream().map(t -> sha256(t.token())).toList();
    this.scopes = tokens.stream().map(ApiToken::scope).toList();
  }

  /** The scope of the token in {@code authorization}, or empty when the header is missing, malformed or wrong. */
  Optional<Scope> authenticate(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    byte[] given = sha256(authorization.substring(BEARER.length()).strip());
    Scope found = null;
    for (int i = 0; i < digests.size(); i++) {
      // no early exit: every token is compared; a write token wins over a read token with the same secret
      if (MessageDigest.isEqual(digests.get(i), given) && (found == null || scopes.get(i) == Scope.WRITE)) {
        found = scopes.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
