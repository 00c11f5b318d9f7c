package dev.flowcraft.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with EVALSHA: one round trip, without resending the source. The SHA-1 is computed
 * locally, so no SCRIPT LOAD is needed to know it. When the server does not know the script (restart,
 * failover, SCRIPT FLUSH) the call falls back to EVAL, which also caches it again: one extra round trip,
 * once per server. Immutable and thread-safe.
 */
final class LuaScript {

  private final String name;
  private final String source;
  private final String sha;

  LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1Hex(source);
  }

  /** Loads {@code <name>.lua} from this package's resources. */
  static LuaScript resource(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script resource missing: dev/flowcraft/redis/" + path);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Lua script dev/flowcraft/redis/" + path, e);
    }
  }

  String name() {
    return name;
  }

  String sha() {
    return sha;
  }

  String source() {
    return source;
  }

  <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
    try {
      return redis.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, type, keys, args);
    }
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
