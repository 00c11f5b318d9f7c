package dev.flowcraft.redis;

/** A Redis backend could not be reached or configured; the message says what to check. */
public class RedisStoreException extends RuntimeException {

  public RedisStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
