package dev.flowcraft.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook ids: HMAC-SHA256 of the run id and node instance under a secret, base64url without padding (43
 * characters). Deterministic, so a redelivered webhook job registers the same id; unguessable without the
 * secret, so knowing a run id does not let anyone resume its waits. Every process that registers webhooks
 * of the same runs must use the same secret. Stateless and thread-safe.
 */
public final class WebhookIds {

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int SECRET_BYTES = 32;

  private WebhookIds() {}

  /** The id of node instance {@code nodeInstance} of run {@code runId}. */
  public static String derive(byte[] secret, String runId, String nodeInstance) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(nodeInstance, "nodeInstance");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(requireSecret(secret), "HmacSHA256"));
      // length-prefixed, so ("a|b", "c") and ("a", "b|c") cannot collide
      mac.update((runId.length() + ":" + runId + "|" + nodeInstance).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Whether {@code id} has the shape of a derived id (cheap rejection of junk before a store lookup). */
  public static boolean isWellFormed(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /** A fresh random secret of 32 bytes. */
  public static byte[] randomSecret() {
    byte[] s = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** {@code baseUrl} followed by the id, with exactly one slash between. */
  public static String url(String baseUrl, String id) {
    return (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + id;
  }

  private static byte[] requireSecret(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("A webhook secret must have at least 16 bytes (use WebhookIds.randomSecret()"
          + " or 32 random bytes shared by every worker)");
    }
    return secret;
  }
}
