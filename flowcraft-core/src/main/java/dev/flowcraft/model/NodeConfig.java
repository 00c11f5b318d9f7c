package dev.flowcraft.model;

import java.time.Duration;

/**
 * Execution settings of a node.
 *
 * @param maxRetries   total number of attempts, as in Flowcraft (1 = one attempt, no retry); null means 1
 * @param retryDelay   delay before the second attempt; it doubles for each further attempt (with jitter)
 * @param timeout      maximum duration of one attempt; null means no limit
 * @param fallback     id of the node that runs in place of this one when its last attempt fails
 * @param joinStrategy how several predecessors are joined; null means {@link JoinStrategy#ALL}
 */
public record NodeConfig(Integer maxRetries, Duration retryDelay, Duration timeout, String fallback, JoinStrategy joinStrategy) {

  public static final NodeConfig DEFAULT = new NodeConfig(null, null, null, null, null);

  public int attempts() {
    return maxRetries == null ? 1 : maxRetries;
  }

  public JoinStrategy join() {
    return joinStrategy == null ? JoinStrategy.ALL : joinStrategy;
  }

  public Duration retryDelayOrZero() {
    return retryDelay == null ? Duration.ZERO : retryDelay;
  }

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  public NodeConfig withMaxRetries(Integer v) {
    return new NodeConfig(v, retryDelay, timeout, fallback, joinStrategy);
  }

  public NodeConfig withRetryDelay(Duration v) {
    return new NodeConfig(maxRetries, v, timeout, fallback, joinStrategy);
  }

  public NodeConfig withTimeout(Duration v) {
    return new NodeConfig(maxRetries, retryDelay, v, fallback, joinStrategy);
  }

  public NodeConfig withFallback(String v) {
    return new NodeConfig(maxRetries, retryDelay, timeout, v, joinStrategy);
  }

  public NodeConfig withJoinStrategy(JoinStrategy v) {
    return new NodeConfig(maxRetries, retryDelay, timeout, fallback, v);
  }
}
