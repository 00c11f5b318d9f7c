package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.spi.ErrorInfo;

/** A node's (or the run's) failure as the API shows it. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorView(String nodeId, String type, String message, boolean fatal, String at) {

  static ErrorView of(ErrorInfo e) {
    return e == null ? null : new ErrorView(e.nodeId(), e.type(), e.message(), e.fatal(), Times.text(e.at()));
  }
}
