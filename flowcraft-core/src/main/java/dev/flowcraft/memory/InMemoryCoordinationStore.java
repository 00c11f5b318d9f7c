package dev.flowcraft.memory;

import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JoinState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CoordinationStore} in memory, with expiring keys. Thread-safe (one lock; operations are tiny). */
public final class InMemoryCoordinationStore implements CoordinationStore {

  private record Entry(Object value, Instant expiresAt) {}

  private static final class Join {
    final Map<String, Boolean> arrivals = new LinkedHashMap<>();
    String completedBy;
    String firstTakenBy;
  }

  private static final class WorkSet {
    final Set<String> items = new LinkedHashSet<>();
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryCoordinationStore() {
    this(Clock.systemUTC());
  }

  public InMemoryCoordinationStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean setIfAbsent(String key, String value, Duration ttl) {
    if (live(key) != null) {
      return false;
    }
    entries.put(key, new Entry(value, expiry(ttl)));
    return true;
  }

  @Override
  public synchronized Optional<String> get(String key) {
    Entry e = live(key);
    return e != null && e.value() instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @Override
  public synchronized boolean delete(String key) {
    Entry e = live(key);
    entries.remove(key);
    return e != null;
  }

  @Override
  public synchronized boolean deleteIfValue(String key, String value) {
    Entry e = live(key);
    if (e == null || !value.equals(e.value())) {
      return false;
    }
    entries.remove(key);
    return true;
  }

  @Override
  public synchronized boolean extendTtl(String key, Duration ttl) {
    Entry e = live(key);
    if (e == null) {
      return false;
    }
    entries.put(key, new Entry(e.value(), expiry(ttl)));
    return true;
  }

  @Override
  public synchronized JoinState arrive(String joinKey, String predecessor, boolean taken, int expected, Duration ttl) {
    Entry e = live(joinKey);
    Join j;
    if (e != null && e.value() instanceof Join existing) {
      j = existing;
    } else {
      j = new Join();
      entries.put(joinKey, new Entry(j, expiry(ttl)));
    }
    if (!j.arrivals.containsKey(predecessor)) {
      j.arrivals.put(predecessor, taken);
      if (taken && j.firstTakenBy == null) {
        j.firstTakenBy = predecessor;
      }
      if (j.completedBy == null && j.arrivals.size() >= expected) {
        j.completedBy = predecessor;
      }
    }
    int takenCount = (int) j.arrivals.values().stream().filter(Boolean::booleanValue).count();
    return new JoinState(j.arrivals.size(), takenCount, j.completedBy, j.firstTakenBy);
  }

  @Override
  public synchronized long openWork(String key, Duration ttl) {
    Entry e = live(key);
    if (e != null && e.value() instanceof WorkSet w) {
      return w.items.size();
    }
    entries.put(key, new Entry(new WorkSet(), expiry(ttl)));
    return 0;
  }

  @Override
  public synchronized void addWork(String key, Collection<String> items) {
    Entry e = live(key);
    if (e != null && e.value() instanceof WorkSet w) {
      w.items.addAll(items);
    }
  }

  @Override
  public synchronized long replaceWork(String key, String finished, Collection<String> added) {
    Entry e = live(key);
    if (e == null || !(e.value() instanceof WorkSet w)) {
      return -1;
    }
    w.items.remove(finished);
    w.items.addAll(added);
    return w.items.size();
  }

  @Override
  public synchronized Optional<Boolean> containsWork(String key, String item) {
    Entry e = live(key);
    return e != null && e.value() instanceof WorkSet w ? Optional.of(w.items.contains(item)) : Optional.empty();
  }

  @Override
  public synchronized long workCount(String key) {
    Entry e = live(key);
    return e != null && e.value() instanceof WorkSet w ? w.items.size() : -1;
  }

  @Override
  public synchronized void deleteAll(Collection<String> keys) {
    keys.forEach(entries::remove);
  }

  @Override
  public synchronized void deleteByPrefix(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private Entry live(String key) {
    Entry e = entries.get(key);
    if (e != null && e.expiresAt() != null && !clock.instant().isBefore(e.expiresAt())) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  private Instant expiry(Duration ttl) {
    return ttl == null || ttl.isZero() || ttl.isNegative() ? null : clock.instant().plus(ttl);
  }
}
