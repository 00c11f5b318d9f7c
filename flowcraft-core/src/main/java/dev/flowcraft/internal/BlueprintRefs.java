package dev.flowcraft.internal;

import dev.flowcraft.model.Blueprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content references of blueprints: {@code id@version#hash}, stable across processes for equal content. */
public final class BlueprintRefs {
  private BlueprintRefs() {}

  public static String refOf(Blueprint bp) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] digest = md.digest(bp.toString().getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(digest, 0, 8);
      return bp.id() + "@" + bp.version().orElse("") + "#" + hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
