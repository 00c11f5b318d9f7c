package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.contract.JobQueueContract;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The {@link JobQueue} contract on a real Kafka; each test gets its own topic and group. */
@FlowcraftStackTest
class KafkaJobQueueIT extends JobQueueContract {
  private final TestStack stack;
  private final List<KafkaJobQueue> queues = new ArrayList<>();

  KafkaJobQueueIT(TestStack stack) {
    this.stack = stack;
  }

  @Override
  protected JobQueue createQueue() {
    KafkaJobQueue q = KafkaJobQueue.open(KafkaQueueTesting.options(stack, "contract").build());
    queues.add(q);
    return q;
  }

  @AfterEach
  void closeQueues() {
    queues.forEach(KafkaJobQueue::close);
  }
}
