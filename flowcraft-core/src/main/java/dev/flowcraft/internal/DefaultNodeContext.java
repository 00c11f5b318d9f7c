package dev.flowcraft.internal;

import dev.flowcraft.api.CancellationSignal;
import dev.flowcraft.api.NodeContext;
import dev.flowcraft.api.RunContext;
import java.util.Map;

record DefaultNodeContext(Object input, Map<String, Object> params, RunContext context, Map<String, Object> dependencies,
    CancellationSignal signal, String runId, String nodeId, String blueprintId, int attempt, String scope)
    implements NodeContext {}
