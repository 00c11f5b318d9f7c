package dev.flowcraft.kafka.queue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names and helpers of the record headers the queue writes: delivery counts and dead-letter reasons. */
public final class QueueHeaders {
  /** Which delivery of the job a record is (absent on a first delivery). */
  public static final String DELIVERY = "flowcraft.delivery";
  /** Why a record was dead-lettered. */
  public static final String ERROR = "flowcraft.error";
  public static final String ORIGINAL_TOPIC = "flowcraft.original.topic";
  public static final String ORIGINAL_PARTITION = "flowcraft.original.partition";
  public static final String ORIGINAL_OFFSET = "flowcraft.original.offset";
  /** On a copy of a record whose handler ran too long ({@code detachAfter}): the original's partition@offset. */
  public static final String DETACHED_FROM = "flowcraft.detached.from";

  private QueueHeaders() {}

  /** The delivery number of a record: 1 without (or with an unreadable) header. */
  public static int delivery(Headers headers) {
    String v = text(headers, DELIVERY);
    if (v == null) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The last value of a header as UTF-8 text, or null. */
  public static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static void put(Headers headers, String name, Object value) {
    headers.remove(name);
    headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }
}
