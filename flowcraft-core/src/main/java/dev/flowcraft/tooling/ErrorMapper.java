package dev.flowcraft.tooling;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.model.SourceLocation;
import dev.flowcraft.spi.ErrorInfo;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flowcraft's {@code createErrorMapper}: turns an error about a node into one that points at the node's source
 * code, "Workflow error at file:line:col. Original error: …", using the nodes' {@code _sourceLocation}. The node
 * is the error's own node id ({@link ErrorInfo#nodeId()}, {@link NodeFailure#nodeId()}) or the id after
 * "nodeId" and a colon or spaces in the message (e.g. {@code "nodeId: fetch failed"}). Errors it cannot place
 * are returned unchanged. Immutable and thread-safe.
 */
public final class ErrorMapper {
  private static final Pattern NODE_ID_IN_MESSAGE = Pattern.compile("nodeId[:\\s]+([^\\s,.;'\"]+)");

  private final Map<String, SourceLocation> locations;

  private ErrorMapper(Map<String, SourceLocation> locations) {
    this.locations = Map.copyOf(locations);
  }

  /** Indexes the nodes of these blueprints by id; when two blueprints share a node id, the first listed wins. */
  public static ErrorMapper of(Collection<Blueprint> blueprints) {
    Map<String, SourceLocation> locs = new LinkedHashMap<>();
    for (Blueprint bp : blueprints) {
      for (NodeDefinition n : bp.nodes()) {
        if (n.sourceLocation() != null) {
          locs.putIfAbsent(n.id(), n.sourceLocation());
        }
      }
    }
    return new ErrorMapper(locs);
  }

  /** An exception that knows which node failed; implement it (or use {@link ErrorInfo}) to be placed without parsing. */
  public interface NodeFailure {
    String nodeId();
  }

  /** The source location of a node, if a blueprint gave one. */
  public Optional<SourceLocation> locate(String nodeId) {
    return Optional.ofNullable(nodeId == null ? null : locations.get(nodeId));
  }

  /** A mapped {@link FlowcraftException} (cause: {@code error}), or {@code error} itself when it cannot be placed. */
  public Throwable map(Throwable error) {
    String nodeId = error instanceof NodeFailure f ? f.nodeId() : nodeIdIn(error.getMessage());
    return locate(nodeId).<Throwable>map(loc -> new FlowcraftException(message(loc, error.getMessage()), error)).orElse(error);
  }

  /** The mapped message of a run's error entry, or its own message when it cannot be placed. */
  public String map(ErrorInfo error) {
    String nodeId = error.nodeId() != null ? error.nodeId() : nodeIdIn(error.message());
    return locate(nodeId).map(loc -> message(loc, error.message())).orElse(error.message());
  }

  private static String message(SourceLocation loc, String original) {
    return "Workflow error at " + loc + ". Original error: " + original;
  }

  private static String nodeIdIn(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = NODE_ID_IN_MESSAGE.matcher(message);
    return m.find() ? m.group(1) : null;
  }
}
