package dev.flowcraft.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The engine's view of one attempt of a node: function nodes and class nodes are both adapted to it.
 * Implementations must be thread-safe (class nodes get a fresh instance per attempt).
 */
@FunctionalInterface
public interface NodeImplementation {

  CompletionStage<NodeResult> execute(NodeContext ctx);

  static NodeImplementation of(NodeFunction fn) {
    return ctx -> {
      try {
        return CompletableFuture.completedFuture(fn.apply(ctx));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  static NodeImplementation ofAsync(AsyncNodeFunction fn) {
    return ctx -> {
      try {
        return fn.apply(ctx);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  static NodeImplementation ofClass(Supplier<? extends BaseNode> factory) {
    return ctx -> {
      try {
        return CompletableFuture.completedFuture(ClassNodeLifecycle.run(factory.get(), ctx));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
