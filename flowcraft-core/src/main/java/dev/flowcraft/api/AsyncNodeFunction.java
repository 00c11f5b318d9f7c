package dev.flowcraft.api;

import java.util.concurrent.CompletionStage;

/** A node implemented as an asynchronous function. */
@FunctionalInterface
public interface AsyncNodeFunction {
  CompletionStage<NodeResult> apply(NodeContext ctx);
}
