package dev.flowcraft.api;

/**
 * A node implemented as a class with a lifecycle: {@code prep} → {@code exec} → {@code post}, with
 * {@code fallback} when exec fails and {@code recover} for cleanup. A fresh instance is created for every
 * attempt (through the factory given to the registry), so fields are per attempt.
 *
 * <p>One attempt runs prep and exec. When exec fails, {@link #fallback} may turn the error into a
 * result; if it rethrows, the attempt failed and the engine retries (per {@code maxRetries}) or fails the
 * node. {@link #recover} runs after any error, even one that fallback rescued.
 */
public abstract class BaseNode {

  /** Prepares exec's argument; by default the node input. */
  public Object prep(NodeContext ctx) throws Exception {
    return ctx.input();
  }

  /** The work itself. Return a {@link NodeResult} or a plain output value. */
  public abstract Object exec(Object prepResult, NodeContext ctx) throws Exception;

  /** Turns exec's value into the node result; by default wraps a plain value as the output. */
  public NodeResult post(Object execResult, NodeContext ctx) throws Exception {
    return execResult instanceof NodeResult r ? r : NodeResult.of(execResult);
  }

  /** Called when exec failed; rethrows by default. A returned value is used as exec's result. */
  public Object fallback(Exception error, NodeContext ctx) throws Exception {
    throw error;
  }

  /** Cleanup after any error; exceptions thrown here are logged and ignored. */
  public void recover(Exception error, NodeContext ctx) {}
}
