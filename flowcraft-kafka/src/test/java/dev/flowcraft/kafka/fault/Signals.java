package dev.flowcraft.kafka.fault;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals Java cannot send itself (SIGSTOP, SIGCONT), through kill(1). */
final class Signals {
  private Signals() {}

  static void send(String signal, long pid) {
    try {
      Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("kill -" + signal + " " + pid + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
