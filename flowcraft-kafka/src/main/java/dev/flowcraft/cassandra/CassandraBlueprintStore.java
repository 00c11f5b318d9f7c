package dev.flowcraft.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.BlueprintRefs;
import dev.flowcraft.spi.BlueprintStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link BlueprintStore} on Cassandra: the blueprint's Flowcraft JSON under its content reference (same
 * format as the in-memory store). A ref names immutable content, so {@link #put} is a plain idempotent
 * insert (no lightweight transaction) and both directions are cached in memory for the life of the store.
 *
 * <p>Thread-safe; share one instance per process. The cache is unbounded: it holds every blueprint revision
 * this process used, which is small. The session is not owned.
 */
public final class CassandraBlueprintStore implements BlueprintStore {

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final ConcurrentHashMap<String, Blueprint> byRef = new ConcurrentHashMap<>();

  public CassandraBlueprintStore(CqlSession session, CassandraOptions options) {
    this.session = Objects.requireNonNull(session, "session");
    String table = CassandraSchema.table(options, options.blueprintsTable());
    insert = Cql.prepare(session, options, "INSERT INTO " + table + " (ref, blueprint_id, version, json, stored_at)"
        + " VALUES (?, ?, ?, ?, ?)");
    select = Cql.prepare(session, options, "SELECT json FROM " + table + " WHERE ref = ?");
  }

  @Override
  public String put(Blueprint blueprint) {
    String ref = BlueprintRefs.refOf(blueprint);
    if (!byRef.containsKey(ref)) {
      session.execute(insert.bind(ref, blueprint.id(), blueprint.version().orElse(null),
          BlueprintJson.write(blueprint), Instant.now()).setIdempotent(true));
      byRef.putIfAbsent(ref, blueprint);
    }
    return ref;
  }

  @Override
  public Optional<Blueprint> get(String ref) {
    Blueprint cached = byRef.get(ref);
    if (cached != null) {
      return Optional.of(cached);
    }
    Row row = session.execute(select.bind(ref)).one();
    if (row == null) {
      return Optional.empty(); // not cached: it may be stored by another process later
    }
    Blueprint bp = BlueprintJson.read(row.getString("json"));
    Blueprint prior = byRef.putIfAbsent(ref, bp);
    return Optional.of(prior == null ? bp : prior);
  }
}
