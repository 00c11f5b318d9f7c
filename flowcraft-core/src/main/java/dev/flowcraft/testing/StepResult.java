package dev.flowcraft.testing;

import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.Job;

/**
 * What one {@link Stepper#next()} did: the job it processed (one node instance: run, retry, wake-up) and the
 * run's state right after it. Immutable.
 *
 * @param number 1 for the first step of the run
 */
public record StepResult(int number, Job job, RunResult after) {}
