package dev.flowcraft.internal;

import dev.flowcraft.spi.CoordinationStore;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a job in progress in this engine: when it took its attempt's lease, and the attempt it is
 * running (its thread and deadline). {@link #supervise} runs now and then on the engine's watchdog thread: it
 * renews the lease of a running attempt, so that a node longer than the lease TTL is not taken over by a
 * redelivered copy (a rebalance), and it stops an attempt past its deadline (the worker's default node timeout)
 * by firing its cancellation signal and interrupting its thread.
 *
 * <p>Until half the lease TTL has passed since the lease was taken (or renewed), on both the monotonic and the
 * wall clock (a suspended VM stops the first, a clock step moves the second), no other delivery can hold the
 * lease, so the checks before and after the commit need no round trip. Past that (a GC or VM pause, SIGSTOP:
 * the watchdog froze too) they ask the coordination store. Only a lease lost with the store itself (FLUSHALL,
 * a restart without persistence) escapes the shortcut; the checks could retake it.
 *
 * <p>Thread-safety: the lease fields are volatile (one writer at a time: the delivery's thread or the
 * watchdog); the attempt's state changes under this object's lock, so an interrupt never reaches a thread
 * after its attempt ended.
 */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private volatile long leaseTakenNanos;
  private volatile long leaseTakenMillis; // 0 until the lease is taken; written last
  private volatile String leaseKey;
  private volatile Duration leaseTtl;

  // the running attempt, guarded by this
  private Thread attemptThread;
  private long deadlineNanos;
  private boolean hasDeadline;
  private boolean timedOut;
  private long timedOutNanos;
  private DefaultCancellationSignal signal;
  private String runId;
  private String instance;
  private int attempt;

  void leaseTaken(String key, Duration ttl) {
    leaseKey = key;
    leaseTtl = ttl;
    leaseTakenNanos = System.nanoTime();
    leaseTakenMillis = System.currentTimeMillis();
  }

  boolean leaseSurelyHeld(Duration ttl) {
    if (leaseTakenMillis == 0) {
      return false;
    }
    long half = ttl.toMillis() / 2;
    long wall = System.currentTimeMillis() - leaseTakenMillis;
    return (System.nanoTime() - leaseTakenNanos) / 1_000_000 < half && wall >= 0 && wall < half;
  }

  /**
   * The calling thread starts an attempt; {@code timeout} null means no deadline (the invoker enforces the
   * node's own timeout, or there is none).
   */
  synchronized void attemptStarted(String runId, String instance, int attempt, Duration timeout,
      DefaultCancellationSignal signal) {
    this.runId = runId;
    this.instance = instance;
    this.attempt = attempt;
    this.attemptThread = Thread.currentThread();
    this.signal = signal;
    this.hasDeadline = timeout != null;
    this.deadlineNanos = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    this.timedOut = false;
  }

  /**
   * The attempt's body returned or threw. Returns whether the watchdog stopped it for its deadline first (then
   * its outcome is a timeout, whatever the body did); clears the interrupt the watchdog sent.
   */
  boolean attemptEnded() {
    boolean stopped;
    synchronized (this) {
      if (attemptThread != Thread.currentThread()) {
        return false;
      }
      stopped = timedOut;
      attemptThread = null;
      signal = null;
    }
    if (stopped) {
      Thread.interrupted();
    }
    return stopped;
  }

  /**
   * Whether the attempt was stopped at its deadline more than {@code graceNanos} ago and its body has not
   * returned yet: it ignores both its cancellation signal and the interrupt, and holds its thread for good.
   */
  synchronized boolean hung(long graceNanos) {
    return attemptThread != null && timedOut && System.nanoTime() - timedOutNanos > graceNanos;
  }

  /**
   * One watchdog pass over this delivery: stops its attempt if past its deadline; renews its lease if a third
   * of the TTL has passed since it was taken and the attempt still runs. A lease that another delivery holds
   * (this one froze past it) is left alone.
   */
  void supervise(CoordinationStore coordination, String owner) {
    boolean running;
    synchronized (this) {
      running = attemptThread != null && !timedOut;
      if (running && hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
        timedOut = true;
        timedOutNanos = System.nanoTime();
        running = false;
        LOG.warn("Node '{}' of run {} (attempt {}) is past its deadline (the default node timeout): cancelling and"
            + " interrupting it", instance, runId, attempt);
        signal.cancel("timeout");
        attemptThread.interrupt();
      }
    }
    String key = leaseKey;
    Duration ttl = leaseTtl;
    if (!running || key == null || leaseTakenMillis == 0
        || System.nanoTime() - leaseTakenNanos < ttl.toNanos() / 3) {
      return;
    }
    try {
      Optional<String> holder = coordination.get(key);
      if (holder.isPresent() && holder.get().equals(owner) && coordination.extendTtl(key, ttl)) {
        leaseTaken(key, ttl);
      }
    } catch (RuntimeException e) {
      LOG.debug("Renewing lease {} failed; tried again on the next pass", key, e);
    }
  }
}
