package dev.flowcraft.testing;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import java.io.PrintStream;
import java.util.Map;

/**
 * Flowcraft's {@code runWithTrace}: runs a blueprint with an {@link InMemoryEventLogger} and prints the run's
 * event trace when it goes wrong, so a failing test shows what happened without a debugger. "Wrong" is a
 * run that ends {@code failed} or {@code cancelled}, or a call that throws (the trace is printed, then the
 * exception propagates). With debug on, the trace is always printed.
 *
 * <p>Debug defaults to the environment variable {@code DEBUG} (set, non-empty, not {@code 0} or {@code false})
 * or the system property {@code flowcraft.debug=true}.
 */
public final class RunTrace {
  private RunTrace() {}

  /**
   * Adds a fresh logger to {@code builder} (the builder keeps it: build it once per call), builds a runtime,
   * runs the blueprint to a settled state, closes the runtime, and prints the trace to {@code System.out}
   * as described above.
   */
  public static TracedRun runWithTrace(FlowRuntime.Builder builder, Blueprint blueprint, Map<String, Object> initialContext) {
    return runWithTrace(builder, blueprint, initialContext, debugFromEnvironment(), System.out);
  }

  /** As {@link #runWithTrace(FlowRuntime.Builder, Blueprint, Map)} with an explicit debug flag and output. */
  public static TracedRun runWithTrace(FlowRuntime.Builder builder, Blueprint blueprint, Map<String, Object> initialContext,
      boolean debug, PrintStream out) {
    InMemoryEventLogger logger = new InMemoryEventLogger();
    builder.eventBus(logger);
    RunResult result;
    try (FlowRuntime rt = builder.build()) {
      result = rt.run(blueprint, initialContext);
    } catch (RuntimeException | Error e) {
      out.println("Run of blueprint '" + blueprint.id() + "' threw " + e);
      logger.printLog(out);
      throw e;
    }
    boolean wrong = result.status() == RunStatus.FAILED || result.status() == RunStatus.CANCELLED;
    if (wrong || debug) {
      out.println("Run " + result.runId() + " of blueprint '" + blueprint.id() + "' ended " + result.status().jsonName()
          + (result.reason() == null ? "" : ": " + result.reason()));
      logger.printLog(result.runId(), out);
    }
    return new TracedRun(result, logger);
  }

  /** True when {@code DEBUG} is set to something other than empty, {@code 0} or {@code false}, or {@code -Dflowcraft.debug=true}. */
  public static boolean debugFromEnvironment() {
    return isOn(System.getenv("DEBUG")) || Boolean.getBoolean("flowcraft.debug");
  }

  static boolean isOn(String value) {
    return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }
}
