package dev.flowcraft.internal;

import dev.flowcraft.api.CancellationSignal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cancellation signal that can be fired once. Thread-safe. */
final class DefaultCancellationSignal implements CancellationSignal {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultCancellationSignal.class);

  private final AtomicReference<String> reason = new AtomicReference<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  @Override
  public boolean isCancelled() {
    return reason.get() != null;
  }

  @Override
  public String reason() {
    return reason.get();
  }

  @Override
  public void onCancel(Runnable action) {
    listeners.add(action);
    if (isCancelled() && listeners.remove(action)) {
      action.run();
    }
  }

  void cancel(String why) {
    if (reason.compareAndSet(null, why)) {
      for (Runnable r : listeners) {
        if (listeners.remove(r)) {
          try {
            r.run();
          } catch (RuntimeException e) {
            LOG.warn("cancellation listener threw", e);
          }
        }
      }
    }
  }
}
