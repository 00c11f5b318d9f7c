package dev.flowcraft.kafka.bench;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Completion pushed by in-process workers: they emit {@code workflow:finish} right after writing the final
 * status to Cassandra, so this costs no server call and adds no polling delay to the latency. Only for
 * workers in this JVM (add it to their {@code FlowRuntime.Builder#eventBus}).
 */
public final class EventCompletion implements CompletionSource, EventBus {

  private final Map<String, Consumer<Boolean>> pending = new ConcurrentHashMap<>();

  @Override
  public void emit(FlowcraftEvent event) {
    if (event instanceof FlowcraftEvent.WorkflowFinish f) {
      Consumer<Boolean> callback = pending.remove(f.runId());
      if (callback != null) {
        callback.accept("completed".equals(f.status()));
      }
    }
  }

  @Override
  public void watch(String runId, Consumer<Boolean> onFinish) {
    pending.put(runId, onFinish);
  }

  @Override
  public boolean forget(String runId) {
    return pending.remove(runId) != null;
  }

  @Override
  public String describe() {
    return "workflow:finish events of the in-process workers (no polling)";
  }

  @Override
  public void close() {
    pending.clear();
  }
}
