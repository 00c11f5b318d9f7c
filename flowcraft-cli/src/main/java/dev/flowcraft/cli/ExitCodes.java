package dev.flowcraft.cli;

/**
 * The process exit codes, the same for every command so scripts can branch on them.
 *
 * <ul>
 *   <li>0: the run completed / the blueprint is valid / the diagram was printed</li>
 *   <li>1: the run failed or was cancelled / lint found errors</li>
 *   <li>2: bad usage or input: unknown option, unreadable file, malformed or invalid blueprint, bad --input</li>
 *   <li>3: the run is awaiting (sleep, wait, webhook) and was not asked to wait for the end</li>
 *   <li>4: the run did not settle within --timeout</li>
 *   <li>5: an internal error (a bug: please report it with the stack trace printed by --verbose)</li>
 *   <li>7: the servers failed while waiting for a run (Kafka, Cassandra or Redis unreachable or erring)</li>
 *   <li>130: interrupted (Ctrl-C) while waiting; the run goes on</li>
 * </ul>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID = 2;
  public static final int AWAITING = 3;
  public static final int TIMEOUT = 4;
  public static final int INTERNAL = 5;
  public static final int UNAVAILABLE = 7;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
