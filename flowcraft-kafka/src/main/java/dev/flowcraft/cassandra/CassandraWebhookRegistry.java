package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.flowcraft.spi.WebhookIds;
import dev.flowcraft.spi.WebhookRegistrar;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link WebhookRegistrar} on Cassandra: a worker that runs a webhook node registers the endpoint durably, and
 * any process on the same keyspace (another worker, a {@code flowcraft webhook serve}) can look it up. One
 * row per id in {@link CassandraOptions#webhooksTable()}: run, event, creation and expiry time, written with
 * a TTL of {@link CassandraOptions#webhookTtl()}, so expired endpoints disappear without a sweeper.
 *
 * <p>Ids are {@link WebhookIds#derive derived} from the run and node instance, so a redelivered webhook job
 * registers the same id; the insert is {@code IF NOT EXISTS}, so the first registration's times stay. The
 * secret must be the same in every process: pass one (e.g. {@code FLOWCRAFT_WEBHOOK_SECRET}), or pass none
 * and the first process stores a random one in the row {@value #SECRET_ROW}, which all others then read.
 *
 * <p>Statements are prepared on first use, so a process that never touches webhooks works on a keyspace
 * created before the webhooks table existed. Thread-safe; share one per session. The session is not owned.
 */
public final class CassandraWebhookRegistry implements WebhookRegistrar {

  /** Row of the shared secret; {@code ~} is not in the base64url alphabet, so no id can name it. */
  public static final String SECRET_ROW = "~secret";

  /** What is stored for an endpoint. */
  public record Registration(String id, String runId, String event, Instant createdAt, Instant expiresAt) {}

  private final CqlSession session;
  private final CassandraOptions options;
  private final String baseUrl;
  private final Clock clock;
  private final byte[] configuredSecret;
  private volatile Prepared prepared;
  private volatile byte[] secret;

  private record Prepared(PreparedStatement insert, PreparedStatement select, PreparedStatement insertSecret) {}

  /**
   * @param baseUrl where the endpoints are served, e.g. {@code https://hooks.example.com/webhooks/}
   * @param secret  at least 16 bytes shared by every process, or null to use the one stored in the table
   */
  public CassandraWebhookRegistry(CqlSession session, CassandraOptions options, String baseUrl, byte[] secret) {
    this(session, options, baseUrl, secret, Clock.systemUTC());
  }

  CassandraWebhookRegistry(CqlSession session, CassandraOptions options, String baseUrl, byte[] secret, Clock clock) {
    this.session = Objects.requireNonNull(session, "session");
    this.options = Objects.requireNonNull(options, "options");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (secret != null && secret.length < 16) {
      throw new IllegalArgumentException("The webhook secret has " + secret.length + " bytes; use at least 16 (32"
          + " random bytes are best), the same in every worker, or none to share one stored in Cassandra.");
    }
    this.configuredSecret = secret == null ? null : secret.clone();
  }

  @Override
  public Endpoint register(String runId, String nodeInstance, String event) {
    String id = WebhookIds.derive(secret(), runId, nodeInstance);
    Instant now = Cql.millis(clock.instant());
    int ttl = (int) options.webhookTtl().toSeconds();
    // A redelivery finds the row (same id) and leaves it: the endpoint keeps its first creation and expiry time.
    session.execute(statements().insert().bind(id, runId, event, now, now.plusSeconds(ttl), ttl));
    return new Endpoint(id, WebhookIds.url(baseUrl, id), event);
  }

  @Override
  public Optional<Target> lookup(String id) {
    return find(id).map(r -> new Target(r.runId(), r.event()));
  }

  /** The stored registration of an unexpired id; empty for an unknown, malformed or expired one. */
  public Optional<Registration> find(String id) {
    if (!WebhookIds.isWellFormed(id)) {
      return Optional.empty();
    }
    Row row = session.execute(statements().select().bind(id)).one();
    if (row == null || row.getString("run_id") == null) {
      return Optional.empty();
    }
    Instant expiresAt = row.getInstant("expires_at");
    if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
      return Optional.empty(); // TTL has one-second granularity and compaction lags: do not trust presence alone
    }
    return Optional.of(new Registration(id, row.getString("run_id"), row.getString("event"),
        row.getInstant("created_at"), expiresAt));
  }

  /** The TTL removes a run's endpoints; there is no index by run to delete them sooner. */
  @Override
  public void forgetRun(String runId) {}

  private byte[] secret() {
    byte[] s = secret;
    if (s == null) {
      s = configuredSecret != null ? configuredSecret : sharedSecret();
      secret = s;
    }
    return s;
  }

  /** The stored secret: the first process's random one wins the lightweight transaction; the others read it. */
  private byte[] sharedSecret() {
    byte[] candidate = WebhookIds.randomSecret();
    ResultSet rs = session.execute(statements().insertSecret().bind(ByteBuffer.wrap(candidate)));
    if (rs.wasApplied()) {
      return candidate;
    }
    Row row = rs.one(); // not applied: the row holds the stored secret, read in the same transaction
    ByteBuffer stored = row == null ? null : row.getByteBuffer("secret");
    if (stored == null || stored.remaining() < 16) {
      throw new IllegalStateException("The webhook secret row '" + SECRET_ROW + "' of " + table()
          + " has no usable secret. Delete that row (a new one is created) or configure a secret.");
    }
    byte[] bytes = new byte[stored.remaining()];
    stored.duplicate().get(bytes);
    return bytes;
  }

  private Prepared statements() {
    Prepared p = prepared;
    if (p == null) {
      synchronized (this) {
        if (prepared == null) {
          prepared = prepare();
        }
        p = prepared;
      }
    }
    return p;
  }

  private Prepared prepare() {
    String t = table();
    try {
      return new Prepared(
          Cql.prepare(session, options, "INSERT INTO " + t + " (id, run_id, event, created_at, expires_at)"
              + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?"),
          Cql.prepare(session, options, "SELECT run_id, event, created_at, expires_at FROM " + t + " WHERE id = ?"),
          Cql.prepare(session, options, "INSERT INTO " + t + " (id, secret) VALUES ('" + SECRET_ROW + "', ?) IF NOT EXISTS"));
    } catch (InvalidQueryException e) {
      throw new IllegalStateException("Cannot use the webhooks table " + t + ": " + e.getMessage() + ". Create it:"
          + " connect once with createSchema (the default), or run the CREATE TABLE of CassandraSchema.cql(options).", e);
    }
  }

  private String table() {
    return CassandraSchema.table(options, options.webhooksTable());
  }
}
