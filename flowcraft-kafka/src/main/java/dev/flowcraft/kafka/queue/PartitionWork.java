package dev.flowcraft.kafka.queue;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * The work of one assigned partition within a subscription. The poll thread hands records out and
 * tracks their offsets ({@link #offsets}, poll thread only); handler threads must {@link #tryStart()}
 * before handling one, so that once the partition is revoked no record of it starts and the poll thread
 * can wait for the ones already running. Start/finish/revoke are synchronized on this object.
 */
final class PartitionWork {
  final TopicPartition partition;
  final PartitionOffsets offsets = new PartitionOffsets();
  private boolean revoked;
  private int running;

  PartitionWork(TopicPartition partition) {
    this.partition = partition;
  }

  /** Whether a handler thread may handle a record of this partition; false once revoked. */
  synchronized boolean tryStart() {
    if (revoked) {
      return false;
    }
    running++;
    return true;
  }

  synchronized void finished() {
    running--;
    notifyAll();
  }

  /** No record of this partition starts any more. */
  synchronized void revoke() {
    revoked = true;
  }

  synchronized boolean isIdle() {
    return running == 0;
  }

  /** Waits until no record of this partition runs or {@code deadlineNanos} (System.nanoTime) passes. */
  synchronized boolean awaitIdle(long deadlineNanos) {
    while (running > 0) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
