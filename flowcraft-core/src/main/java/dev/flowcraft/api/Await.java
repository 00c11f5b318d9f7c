package dev.flowcraft.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a node waits and for what.
 *
 * @param reason    {@code timer}, {@code external_event}, {@code webhook}, {@code subflow} or a caller's own word
 * @param wakeUpAt  for timers: when the engine resumes the node by itself
 * @param eventName for events: the name a {@code signal} must carry to resume it (null: any resume)
 */
public record Await(String reason, Instant wakeUpAt, String eventName) {

  public static Await timer(Instant wakeUpAt) {
    return new Await("timer", wakeUpAt, null);
  }

  public static Await event(String eventName) {
    return new Await("external_event", null, eventName);
  }

  /** A node held back by a pause request ({@code FlowRuntime.pause}); resuming it runs it. */
  public static Await userPause() {
    return new Await(USER_PAUSE, null, null);
  }

  public static final String USER_PAUSE = "user_pause";

  public Map<String, Object> toDetails() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", reason);
    if (wakeUpAt != null) {
      d.put("wakeUpAt", wakeUpAt.toString());
    }
    if (eventName != null) {
      d.put("eventName", eventName);
    }
    return d;
  }
}
