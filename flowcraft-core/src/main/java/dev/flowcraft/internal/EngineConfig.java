package dev.flowcraft.internal;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.Middleware;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.RunLimits;
import dev.flowcraft.spi.BlueprintStore;
import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.TimerStore;
import dev.flowcraft.spi.WebhookRegistrar;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the step engine runs on.
 *
 * @param blueprints  resolves blueprint ids for subflows
 * @param webhooks    registers webhook endpoints for webhook nodes
 * @param listener    told about run status changes (in memory: completes waiting callers)
 * @param maxRetryDelay cap of the exponential back-off
 * @param leaseTtl    how long a delivery owns a node attempt before another delivery may take it over (a crashed
 *                    worker's attempts are retried after this); a node's timeout is added to it; a running
 *                    attempt renews it (see {@link Engine#superviseDeliveries})
 * @param defaultNodeTimeout how long an attempt of a node without its own {@code timeout} may run before it is
 *                    cancelled and interrupted, or null for no bound
 * @param limits      bounds on outputs, context values, batch items and fan-out; exceeding one is a fatal node error
 */
public record EngineConfig(RunStateStore runs, CoordinationStore coordination, JobQueue queue, TimerStore timers,
    BlueprintStore blueprintStore, NodeRegistry registry, Function<String, Optional<Blueprint>> blueprints,
    ExpressionEvaluator evaluator, EventBus events, List<Middleware> middleware, Map<String, Object> dependencies,
    WebhookRegistrar webhooks, RunListener listener, Clock clock, Duration coordinationTtl, Duration maxRetryDelay,
    Duration leaseTtl, Duration defaultNodeTimeout, RunLimits limits) {}
