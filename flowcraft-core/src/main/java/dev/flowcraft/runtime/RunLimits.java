package dev.flowcraft.runtime;

/**
 * Bounds on what one run may produce, so that a node, a payload or a blueprint cannot take a worker, a partition
 * or the state store down. Exceeding a limit is a <em>fatal node error</em> (no retry, no fallback) whose message
 * names the limit: the run fails with that reason instead of being redelivered for ever (a 20 MB output exceeds
 * Cassandra's mutation size, fails every commit and would otherwise loop through the dead-letter topic and the
 * reconciler). Sizes are bytes of the value written as JSON (strings counted as UTF-8). Immutable; build with
 * {@link #builder()}.
 *
 * @param maxOutputBytes       largest output of one node attempt or batch item (default 1 MiB)
 * @param maxContextValueBytes largest value a node writes into the context with {@code ctx.set} (default 1 MiB)
 * @param maxBatchItems        most items a {@code batch-scatter} accepts (default 10,000)
 * @param maxFanOut            most outgoing edges of one node, checked when a run starts (default 1,000)
 */
public record RunLimits(long maxOutputBytes, long maxContextValueBytes, int maxBatchItems, int maxFanOut) {

  public static final RunLimits DEFAULT = builder().build();

  public RunLimits {
    if (maxOutputBytes < 1 || maxContextValueBytes < 1 || maxBatchItems < 1 || maxFanOut < 1) {
      throw new IllegalArgumentException("Every run limit must be >= 1, got maxOutputBytes=" + maxOutputBytes
          + ", maxContextValueBytes=" + maxContextValueBytes + ", maxBatchItems=" + maxBatchItems
          + ", maxFanOut=" + maxFanOut);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Not thread-safe; the built limits are. */
  public static final class Builder {
    private long maxOutputBytes = 1 << 20;
    private long maxContextValueBytes = 1 << 20;
    private int maxBatchItems = 10_000;
    private int maxFanOut = 1_000;

    private Builder() {}

    public Builder maxOutputBytes(long v) {
      maxOutputBytes = v;
      return this;
    }

    public Builder maxContextValueBytes(long v) {
      maxContextValueBytes = v;
      return this;
    }

    public Builder maxBatchItems(int v) {
      maxBatchItems = v;
      return this;
    }

    public Builder maxFanOut(int v) {
      maxFanOut = v;
      return this;
    }

    public RunLimits build() {
      return new RunLimits(maxOutputBytes, maxContextValueBytes, maxBatchItems, maxFanOut);
    }
  }
}
