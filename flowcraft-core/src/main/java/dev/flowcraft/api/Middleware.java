package dev.flowcraft.api;

/**
 * Hooks around every node attempt. Middlewares nest in list order: the first is outermost. Inside the
 * innermost {@code aroundNode}, every {@code beforeNode} runs in order, then the node, then every
 * {@code afterNode} (also on failure). Unlike Flowcraft, the value {@code aroundNode} returns is the result,
 * even after calling {@code next}, so a middleware can change it. Implementations must be thread-safe.
 */
public interface Middleware {

  default void beforeNode(NodeContext ctx) throws Exception {}

  /** After the attempt; {@code result} is null when it failed with {@code error}. */
  default void afterNode(NodeContext ctx, NodeResult result, Throwable error) throws Exception {}

  default NodeResult aroundNode(NodeContext ctx, Next next) throws Exception {
    return next.proceed();
  }

  /** Continues with the inner middlewares and the node. */
  @FunctionalInterface
  interface Next {
    NodeResult proceed() throws Exception;
  }
}
