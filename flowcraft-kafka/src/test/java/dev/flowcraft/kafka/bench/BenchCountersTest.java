package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.kafka.ServerCallCounters;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCountersTest {

  @Test
  void theCountingQueueCountsEachEnqueuedJobAndDelegates() {
    List<Job> seen = new ArrayList<>();
    ServerCallCounters counters = new ServerCallCounters();
    JobQueue q = counters.countingQueue(new JobQueue() {
      @Override
      public void enqueue(Job job) {
        seen.add(job);
      }

      @Override
      public AutoCloseable subscribe(dev.flowcraft.spi.JobHandler handler) {
        return () -> { };
      }
    });
    q.enqueue(Job.execute("r", "a", ""));
    q.enqueue(Job.execute("r", "b", ""));
    assertThat(seen).hasSize(2);
    assertThat(counters.snapshot()).isEqualTo(new ServerCallCounters.Snapshot(0, 0, 0, 2));
  }

  @Test
  void snapshotsSubtract() {
    var a = new ServerCallCounters.Snapshot(10, 1, 20, 3);
    var b = new ServerCallCounters.Snapshot(4, 1, 5, 1);
    assertThat(a.minus(b)).isEqualTo(new ServerCallCounters.Snapshot(6, 0, 15, 2));
    assertThat(b.plus(a.minus(b))).isEqualTo(a);
  }
}
