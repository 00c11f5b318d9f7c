package dev.flowcraft.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.json.ValueMapper;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run listing goes on: the status being listed and the last run returned (its update time and id, the
 * order of {@link dev.flowcraft.spi.RunStateStore#findByStatus}), and the filter it was made for. Opaque to
 * clients: base64url of a small JSON document. Immutable.
 *
 * @param filter    the {@code status} filter of the listing, or null for all statuses
 * @param status    the status the last run was listed under
 * @param updatedAt the last run's update time (null: the epoch)
 * @param runId     the last run's id
 */
record RunCursor(RunStatus filter, RunStatus status, Instant updatedAt, String runId) {

  RunCursor {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runId, "runId");
  }

  static RunCursor after(RunStatus filter, RunRecord last) {
    return new RunCursor(filter, last.status(), last.updatedAt(), last.runId());
  }

  /** A stand-in for the last run, as the store's {@code after} argument (only its order fields count). */
  RunRecord asRecord() {
    return new RunRecord(runId, null, "", null, null, status, false, null, null, updatedAt);
  }

  String encode() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("v", 1);
    doc.put("f", filter == null ? "*" : filter.name());
    doc.put("s", status.name());
    doc.put("u", updatedAt == null ? null : updatedAt.toString());
    doc.put("r", runId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(ApiJson.write(doc));
  }

  /**
   * @throws ApiException 400 when the text is no cursor of this API, or was made for another filter
   */
  static RunCursor decode(String text, RunStatus filter) {
    RunCursor c;
    try {
      JsonNode doc = ValueMapper.shared().readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      String f = doc.get("f").asText();
      JsonNode u = doc.get("u");
      c = new RunCursor("*".equals(f) ? null : RunStatus.valueOf(f), RunStatus.valueOf(doc.get("s").asText()),
          u == null || u.isNull() ? null : Instant.parse(u.asText()), doc.get("r").asText());
    } catch (RuntimeException | java.io.IOException e) {
      throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "The cursor is not one this API returned: pass the"
          + " nextCursor of the previous page unchanged.", java.util.List.of(new ErrorDetail("cursor", null, "invalid")));
    }
    if (c.filter() != filter) {
      throw new ApiException(400, ErrorCodes.INVALID_PARAMETER, "The cursor belongs to a listing with status="
          + (c.filter() == null ? "(any)" : c.filter().jsonName()) + ": keep the filters of the first page.",
          java.util.List.of(new ErrorDetail("cursor", null, "made for another filter")));
    }
    return c;
  }
}
