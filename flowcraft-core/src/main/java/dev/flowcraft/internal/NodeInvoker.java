package dev.flowcraft.internal;

import dev.flowcraft.api.Middleware;
import dev.flowcraft.api.NodeContext;
import dev.flowcraft.api.NodeImplementation;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.api.NodeTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one attempt of a node through the middleware chain, with the node's timeout. A node with a timeout
 * runs on a separate thread so the worker can stop waiting; the node's signal then fires and the body's thread
 * is interrupted, so cooperative and blocking code stop too. (The default node timeout is enforced on the
 * calling thread by the engine's watchdog instead: no thread hop on the common path.) Thread-safe.
 */
final class NodeInvoker {

  private final List<Middleware> middleware;
  private final ExecutorService timeoutPool;

  NodeInvoker(List<Middleware> middleware, ExecutorService timeoutPool) {
    this.middleware = List.copyOf(middleware);
    this.timeoutPool = timeoutPool;
  }

  NodeResult invoke(NodeImplementation impl, NodeContext ctx, Duration timeout, DefaultCancellationSignal signal)
      throws Exception {
    if (timeout == null) {
      return chain(impl, ctx);
    }
    CompletableFuture<NodeResult> f = new CompletableFuture<>();
    Future<?> body = timeoutPool.submit(() -> {
      try {
        f.complete(chain(impl, ctx));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // stop the body, not only the wait: the signal for code that polls it, the interrupt for blocking calls
      signal.cancel("timeout");
      body.cancel(true);
      throw new NodeTimeoutException(ctx.nodeId(), timeout);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private NodeResult chain(NodeImplementation impl, NodeContext ctx) throws Exception {
    Middleware.Next next = () -> core(impl, ctx);
    for (int i = middleware.size() - 1; i >= 0; i--) {
      Middleware m = middleware.get(i);
      Middleware.Next inner = next;
      next = () -> m.aroundNode(ctx, inner);
    }
    NodeResult r = next.proceed();
    return r == null ? NodeResult.empty() : r;
  }

  private NodeResult core(NodeImplementation impl, NodeContext ctx) throws Exception {
    NodeResult result = null;
    Throwable error = null;
    try {
      for (Middleware m : middleware) {
        m.beforeNode(ctx);
      }
      CompletableFuture<NodeResult> f = impl.execute(ctx).toCompletableFuture();
      try {
        result = f.join();
      } catch (CompletionException e) {
        throw unwrap(e);
      }
      return result;
    } catch (Exception e) {
      error = e;
      throw e;
    } finally {
      for (Middleware m : middleware) {
        m.afterNode(ctx, result, error);
      }
    }
  }

  static Exception unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    if (cur instanceof Exception e) {
      return e;
    }
    if (cur instanceof Error err) {
      throw err;
    }
    return new RuntimeException(cur);
  }
}
