package dev.flowcraft.kafka.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the suite's workers did, as seen by the workers themselves: one append-only file per worker process,
 * one line per node body execution, recorded completion and final status.
 *
 * <p>Why a local file and not Redis or Cassandra: the suite kills, restarts and flushes exactly those
 * servers, and a tally kept there would be lost or fail with them. Each line is one {@code write(2)} on an
 * {@code O_APPEND} file, so it is in the page cache as soon as the call returns and survives a kill -9 of the
 * worker. Thread-safe.
 */
final class FaultJournal implements AutoCloseable {

  /** Line kinds. */
  static final String BODY = "B";
  static final String COMPLETED = "C";
  static final String FINAL = "F";

  /** Journals nothing: for the in-memory reference runs. */
  static final FaultJournal NONE = new FaultJournal(null);

  private final FileChannel out;

  private FaultJournal(FileChannel out) {
    this.out = out;
  }

  static FaultJournal open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new FaultJournal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the fault journal " + file, e);
    }
  }

  /** A node body started (run, node, attempt). */
  void body(String runId, String nodeId, int attempt) {
    write(BODY + " " + runId + " " + nodeId + " " + attempt);
  }

  /** A node completion was recorded (the engine's NodeFinish event follows its commit). */
  void completed(String runId, String instanceKey) {
    write(COMPLETED + " " + runId + " " + instanceKey);
  }

  /** The run reached a final status (the WorkflowFinish event follows the winning status change). */
  void finalStatus(String runId, String status) {
    write(FINAL + " " + runId + " " + status);
  }

  private void write(String line) {
    if (out == null) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      synchronized (this) {
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the fault journal", e);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing to keep
      }
    }
  }

  /** The tallies of every journal file in {@code dir}: counts per line without its kind. */
  static Tally read(Path dir) {
    Map<String, Integer> bodies = new HashMap<>();
    Map<String, Integer> completions = new HashMap<>();
    Map<String, Integer> finals = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return new Tally(bodies, completions, finals);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".journal")).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String line : lines) {
          if (line.length() < 3 || line.charAt(1) != ' ') {
            continue;
          }
          String rest = line.substring(2);
          switch (line.substring(0, 1)) {
            case BODY -> bodies.merge(rest, 1, Integer::sum);
            case COMPLETED -> completions.merge(rest, 1, Integer::sum);
            case FINAL -> finals.merge(rest.substring(0, rest.indexOf(' ')), 1, Integer::sum);
            default -> { }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the fault journals in " + dir, e);
    }
    return new Tally(bodies, completions, finals);
  }

  /**
   * @param bodies      "run node attempt" → executions of that body attempt
   * @param completions "run instanceKey" → recorded completions
   * @param finals      run → final statuses reached
   */
  record Tally(Map<String, Integer> bodies, Map<String, Integer> completions, Map<String, Integer> finals) {

    int bodies(String runId, String nodeId, int attempt) {
      return bodies.getOrDefault(runId + " " + nodeId + " " + attempt, 0);
    }

    int completions(String runId, String instanceKey) {
      return completions.getOrDefault(runId + " " + instanceKey, 0);
    }

    int finals(String runId) {
      return finals.getOrDefault(runId, 0);
    }
  }
}
