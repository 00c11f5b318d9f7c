package dev.flowcraft.spi;

import java.time.Instant;
import java.util.Objects;

/** A job to enqueue at {@code dueAt}. The id is unique per purpose, e.g. the job's dedup key. */
public record Timer(String id, Instant dueAt, Job job) {
  public Timer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(job, "job");
  }

  public static Timer forJob(Job job, Instant dueAt) {
    return new Timer(job.dedupKey(), dueAt, job);
  }
}
