package dev.flowcraft.kafka.queue;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.UnprocessableJobException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record on a handler thread and decides its fate: handled (and its successor jobs durable),
 * produced again for a redelivery, or dead-lettered (undecodable, {@link UnprocessableJobException}, or
 * failed too often). A record is done only when that outcome is durable in
 * Kafka; {@link #process} returns false when it gave up (the subscription is stopping), leaving the record
 * undone so that its offset is not committed and the next owner of the partition gets it again.
 * Thread-safe (stateless apart from the shared, thread-safe producer).
 */
final class RecordProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  private final KafkaJobQueue queue;
  private final KafkaQueueOptions options;
  private final JobHandler handler;
  private final BooleanSupplier stopping;

  RecordProcessor(KafkaJobQueue queue, JobHandler handler, BooleanSupplier stopping) {
    this.queue = queue;
    this.options = queue.options();
    this.handler = handler;
    this.stopping = stopping;
  }

  /** Whether the record is done. */
  boolean process(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    if (value != null && value.length > options.maxJobBytes()) {
      return deadLetter(record, "record of " + value.length + " bytes exceeds maxJobBytes " + options.maxJobBytes());
    }
    Job job;
    try {
      job = JobCodec.decode(value);
    } catch (MalformedJobException e) {
      return deadLetter(record, "malformed job: " + e.getMessage());
    }
    int delivery = QueueHeaders.delivery(record.headers());
    Throwable failure = handle(job);
    if (failure == null) {
      return true;
    }
    if (failure instanceof UnprocessableJobException) {
      LOG.error("Job {} cannot be processed; dead-lettering it: {}", job, failure.getMessage());
      return deadLetter(record, failure.getMessage());
    }
    if (stopping.getAsBoolean()) {
      return false; // interrupted by a forced stop rather than failed: the next owner redoes it
    }
    if (delivery >= options.maxRedeliveries()) {
      LOG.error("Job {} failed on delivery {} of {}; dead-lettering it", job, delivery, options.maxRedeliveries(),
          failure);
      return deadLetter(record, "failed " + delivery + " deliveries, last: " + failure);
    }
    java.time.Duration wait = options.backoffBefore(delivery + 1);
    LOG.warn("Job {} failed on delivery {}; redelivering it in {} ms", job, delivery, wait.toMillis(), failure);
    if (!pause(wait)) {
      return false; // stopping: left undone, the next owner of the partition redoes it
    }
    return redeliver(record, delivery + 1);
  }

  /**
   * Waits on this handler thread (its record stays in flight and holds back the commit of later offsets, so a
   * crash meanwhile redelivers it); false if the subscription stops first.
   */
  private boolean pause(java.time.Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      if (stopping.getAsBoolean()) {
        return false;
      }
      long left = until - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Runs the handler and awaits the jobs it enqueued; returns what went wrong, or null. */
  private Throwable handle(Job job) {
    List<Future<RecordMetadata>> sends = queue.beginHandlerCall();
    try {
      handler.handle(job);
    } catch (Throwable t) {
      // any abnormal return (also an Error) leaves the job unacknowledged, and must not kill the thread
      return t;
    } finally {
      queue.endHandlerCall();
    }
    for (Future<RecordMetadata> f : sends) {
      try {
        f.get();
      } catch (ExecutionException e) {
        return new KafkaQueueException("a job enqueued by the handler was not acknowledged: " + e.getCause(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
    }
    return null;
  }

  private boolean redeliver(ConsumerRecord<byte[], byte[]> record, int nextDelivery) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    QueueHeaders.put(headers, QueueHeaders.DELIVERY, nextDelivery);
    return sendDurably(new ProducerRecord<>(options.topic(), null, record.key(), record.value(), headers),
        "redelivery of " + where(record));
  }

  private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    LOG.warn("Dead-lettering record {} to {}: {}", where(record), options.deadLetterTopic(), reason);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    QueueHeaders.put(headers, QueueHeaders.ERROR, reason);
    QueueHeaders.put(headers, QueueHeaders.ORIGINAL_TOPIC, record.topic());
    QueueHeaders.put(headers, QueueHeaders.ORIGINAL_PARTITION, record.partition());
    QueueHeaders.put(headers, QueueHeaders.ORIGINAL_OFFSET, record.offset());
    try {
      return sendDurably(new ProducerRecord<>(options.deadLetterTopic(), null, record.key(), record.value(), headers),
          "dead-lettering of " + where(record));
    } catch (RecordTooLargeException e) {
      // keep the reason and the coordinates; the value stays readable at its original offset until retention
      QueueHeaders.put(headers, QueueHeaders.ERROR, reason + " (value dropped: too large for the dead-letter topic)");
      return sendDurably(new ProducerRecord<>(options.deadLetterTopic(), null, record.key(), null, headers),
          "dead-lettering of " + where(record));
    }
  }

  /**
   * Sends until Kafka acknowledges, retrying with back-off (the record must not count as done before);
   * false if the subscription stops first. A record too large for Kafka is thrown, as retrying cannot help.
   */
  private boolean sendDurably(ProducerRecord<byte[], byte[]> out, String what) {
    long backoff = 100;
    while (true) {
      try {
        queue.producer().send(out).get();
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RecordTooLargeException tooLarge) {
          throw tooLarge;
        }
        LOG.error("{} to {} failed, retrying in {} ms: {}", what, out.topic(), backoff, e.getCause().toString());
      } catch (RuntimeException e) {
        LOG.error("{} to {} failed, retrying in {} ms", what, out.topic(), backoff, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (stopping.getAsBoolean()) {
        return false;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private static String where(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }
}
