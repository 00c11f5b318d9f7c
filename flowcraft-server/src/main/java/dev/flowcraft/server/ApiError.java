package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The {@code error} member of every 4xx/5xx answer: a stable machine-readable {@code code} (see
 * {@link ErrorCodes}), a message for people, and for some codes the {@code details} (e.g. every problem of an
 * invalid blueprint with its JSON path). Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, List<ErrorDetail> details) {

  public ApiError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    details = details == null ? List.of() : List.copyOf(details);
  }
}
