package dev.flowcraft.api;

/** A node implemented as a synchronous function. */
@FunctionalInterface
public interface NodeFunction {
  NodeResult apply(NodeContext ctx) throws Exception;
}
