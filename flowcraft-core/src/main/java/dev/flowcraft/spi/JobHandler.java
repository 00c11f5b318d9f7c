package dev.flowcraft.spi;

/** Processes one job. */
@FunctionalInterface
public interface JobHandler {
  void handle(Job job) throws Exception;
}
