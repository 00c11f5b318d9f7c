package dev.flowcraft.redis;

import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JoinState;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link CoordinationStore} on Redis (Lettuce), built for one round trip per operation: every call is a
 * single command, or a single Lua script sent with EVALSHA (atomic on the server, so no WATCH/MULTI retries).
 * Only {@link #deleteByPrefix} takes several (SCAN + UNLINK pages); it runs once per finished run.
 *
 * <p>Key layout (keys are used verbatim, any characters allowed):
 * <ul>
 *   <li>plain keys (locks, leases, flags): Redis strings, {@code SET NX PX};</li>
 *   <li>a join: one hash, {@code p:<predecessor>} → {@code 1}/{@code 0} (taken) per distinct predecessor,
 *       plus {@code #arrived}, {@code #taken}, {@code #completedBy}, {@code #firstTakenBy}; the TTL is set
 *       when the first arrival creates it;</li>
 *   <li>a work set: one set holding the items plus {@link #WORK_MARKER}, so that an empty set still exists
 *       (Redis drops empty sets) and a lost one reads as missing. Counts exclude the marker.</li>
 * </ul>
 * A null, zero or negative TTL means no expiry, as in the in-memory store. A key is used as one kind only:
 * {@link #get} of a join or work set key fails with Redis' WRONGTYPE error.
 *
 * <p>Thread-safe: all callers share one {@link StatefulRedisConnection}; Lettuce connections are
 * thread-safe and pipeline concurrent commands, so threads do not wait for each other's round trips.
 * Needs Redis 6.2 or later (SMISMEMBER) with Lua scripting allowed. A standalone Redis (or a primary) is
 * expected: cluster mode is not supported, since {@link #deleteByPrefix} scans one node (each script touches
 * a single key, so the rest would be cluster-safe). Command timeouts come from the URI
 * ({@code ?timeout=5s}; Lettuce's default is 60 s).
 */
public final class RedisCoordinationStore implements CoordinationStore, AutoCloseable {

  /** The member that marks a work set as open. Items must differ from it. */
  public static final String WORK_MARKER = "\u0000flowcraft:open";

  private static final int SCAN_PAGE = 1000;

  private static final LuaScript ARRIVE = LuaScript.resource("arrive");
  private static final LuaScript OPEN_WORK = LuaScript.resource("open_work");
  private static final LuaScript ADD_WORK = LuaScript.resource("add_work");
  private static final LuaScript PERSIST = LuaScript.resource("persist");
  private static final LuaScript DELETE_IF_VALUE = LuaScript.resource("delete_if_value");
  private static final LuaScript REPLACE_WORK = LuaScript.resource("replace_work");
  static final List<LuaScript> SCRIPTS = List.of(ARRIVE, OPEN_WORK, ADD_WORK, REPLACE_WORK, PERSIST, DELETE_IF_VALUE);

  private final RedisClient ownedClient;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisCoordinationStore(RedisClient ownedClient, StatefulRedisConnection<String, String> connection) {
    this.ownedClient = ownedClient;
    this.connection = connection;
    this.redis = connection.sync();
  }

  /**
   * Connects to {@code redisUri} (e.g. {@code redis://host:6379/0}, {@code rediss://} for TLS); the store owns
   * the client and {@link #close()} shuts it down.
   */
  public static RedisCoordinationStore connect(String redisUri) {
    String shown = redact(redisUri);
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      throw new RedisStoreException("Invalid Redis URI '" + shown
          + "': expected redis://[[user]:password@]host[:port][/database] (rediss:// for TLS)", e);
    }
    RedisClient client = RedisClient.create(uri);
    try {
      return open(client, shown, true);
    } catch (RuntimeException e) {
      shutdown(client);
      throw e;
    }
  }

  /**
   * Opens one connection from {@code client}, which must have a default URI. The caller keeps owning the
   * client: {@link #close()} closes only the connection.
   */
  public static RedisCoordinationStore connect(RedisClient client) {
    return open(client, "the RedisClient's URI", false);
  }

  private static RedisCoordinationStore open(RedisClient client, String shown, boolean owned) {
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect(StringCodec.UTF8);
    } catch (RedisException e) {
      throw new RedisStoreException("Cannot connect to Redis at " + shown + ": " + rootMessage(e)
          + ". Check that the server is running and reachable from this host (host, port, firewall),"
          + " and the password, database and TLS (rediss://) settings of the URI.", e);
    }
    try {
      loadScripts(connection.sync(), shown);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    return new RedisCoordinationStore(owned ? client : null, connection);
  }

  /** Preloads the scripts so that the first EVALSHA of each already hits (no NOSCRIPT round trip). */
  private static void loadScripts(RedisCommands<String, String> redis, String shown) {
    for (LuaScript script : SCRIPTS) {
      String sha;
      try {
        sha = redis.scriptLoad(script.source());
      } catch (RedisException e) {
        throw new RedisStoreException("Redis at " + shown + " refused SCRIPT LOAD of " + script.name() + ": "
            + rootMessage(e) + ". The store needs Lua scripting (SCRIPT LOAD, EVALSHA, EVAL) to be allowed"
            + " for its user.", e);
      }
      if (!script.sha().equalsIgnoreCase(sha)) {
        throw new IllegalStateException("Redis returned SHA " + sha + " for script " + script.name()
            + ", expected " + script.sha());
      }
    }
  }

  @Override
  public boolean setIfAbsent(String key, String value, Duration ttl) {
    long ms = millis(ttl);
    SetArgs args = ms > 0 ? SetArgs.Builder.nx().px(ms) : SetArgs.Builder.nx();
    return "OK".equals(redis.set(key, value, args));
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(redis.get(key));
  }

  @Override
  public boolean delete(String key) {
    return redis.unlink(key) > 0;
  }

  @Override
  public boolean deleteIfValue(String key, String value) {
    Long deleted = DELETE_IF_VALUE.run(redis, ScriptOutputType.INTEGER, new String[] {key}, value);
    return deleted != null && deleted == 1;
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    if (!keys.isEmpty()) {
      redis.unlink(keys.toArray(String[]::new));
    }
  }

  @Override
  public boolean extendTtl(String key, Duration ttl) {
    long ms = millis(ttl);
    if (ms > 0) {
      return Boolean.TRUE.equals(redis.pexpire(key, ms));
    }
    Long existed = PERSIST.run(redis, ScriptOutputType.INTEGER, new String[] {key});
    return existed != null && existed == 1;
  }

  @Override
  public JoinState arrive(String joinKey, String predecessor, boolean taken, int expected, Duration ttl) {
    List<Object> r = ARRIVE.run(redis, ScriptOutputType.MULTI, new String[] {joinKey},
        predecessor, taken ? "1" : "0", Integer.toString(expected), Long.toString(millis(ttl)));
    return new JoinState(toInt(r.get(0)), toInt(r.get(1)), (String) r.get(2), (String) r.get(3));
  }

  @Override
  public long openWork(String key, Duration ttl) {
    Long n = OPEN_WORK.run(redis, ScriptOutputType.INTEGER, new String[] {key}, WORK_MARKER,
        Long.toString(millis(ttl)));
    return n;
  }

  @Override
  public void addWork(String key, Collection<String> items) {
    if (items.isEmpty()) {
      return;
    }
    String[] args = items.toArray(String[]::new);
    for (String item : args) {
      checkItem(item);
    }
    ADD_WORK.run(redis, ScriptOutputType.INTEGER, new String[] {key}, args);
  }

  @Override
  public long replaceWork(String key, String finished, Collection<String> added) {
    checkItem(finished);
    String[] args = new String[added.size() + 1];
    args[0] = finished;
    int i = 1;
    for (String item : added) {
      checkItem(item);
      args[i++] = item;
    }
    Long n = REPLACE_WORK.run(redis, ScriptOutputType.INTEGER, new String[] {key}, args);
    return n;
  }

  @Override
  public Optional<Boolean> containsWork(String key, String item) {
    checkItem(item);
    List<Boolean> r = redis.smismember(key, WORK_MARKER, item);
    return r.get(0) ? Optional.of(r.get(1)) : Optional.empty();
  }

  @Override
  public long workCount(String key) {
    long n = redis.scard(key);
    return n == 0 ? -1 : n - 1;
  }

  /**
   * SCANs for the (glob-escaped) prefix and UNLINKs each page. Costs a pass over the whole keyspace, as
   * Redis has no prefix index. An empty prefix is refused: it would wipe a shared database.
   */
  @Override
  public void deleteByPrefix(String prefix) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("deleteByPrefix needs a non-empty prefix");
    }
    ScanArgs args = ScanArgs.Builder.matches(RedisGlob.prefix(prefix)).limit(SCAN_PAGE);
    KeyScanCursor<String> cursor = redis.scan(args);
    while (true) {
      List<String> keys = cursor.getKeys();
      if (!keys.isEmpty()) {
        redis.unlink(keys.toArray(String[]::new));
      }
      if (cursor.isFinished()) {
        return;
      }
      cursor = redis.scan(cursor, args);
    }
  }

  /** Closes the connection, and the client if {@link #connect(String)} created it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connection.close();
    if (ownedClient != null) {
      shutdown(ownedClient);
    }
  }

  /** The underlying commands, for tests that inspect the key layout. */
  RedisCommands<String, String> commands() {
    return redis;
  }

  private static void checkItem(String item) {
    if (WORK_MARKER.equals(item)) {
      throw new IllegalArgumentException("A work item may not equal the work set marker");
    }
  }

  /** Milliseconds for PX/PEXPIRE, rounded up so a sub-millisecond TTL still expires; 0 means no expiry. */
  static long millis(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      return 0;
    }
    long ms = ttl.toMillis();
    return ttl.equals(Duration.ofMillis(ms)) ? ms : ms + 1;
  }

  private static int toInt(Object o) {
    return o == null ? 0 : o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
  }

  private static void shutdown(RedisClient client) {
    client.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** The URI without its password, for messages. */
  static String redact(String uri) {
    return uri == null ? "null" : uri.replaceAll("(?<=//)[^@/]*@", "***@");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }
}
