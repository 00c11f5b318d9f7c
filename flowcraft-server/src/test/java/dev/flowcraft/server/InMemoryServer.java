package dev.flowcraft.server;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.Backends;
import dev.flowcraft.runtime.FlowRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/** An in-memory runtime (worker threads included) behind a started API server on a free port. */
final class InMemoryServer implements AutoCloseable {

  static final String WRITE = "write-token-0123456789abcdef";
  static final String READ = "read-token-0123456789abcdef";

  final Backends backends;
  final FlowRuntime runtime;
  final FlowcraftServer server;

  InMemoryServer(NodeRegistry registry, List<Blueprint> blueprints, UnaryOperator<FlowcraftServer.Builder> options) {
    backends = Backends.inMemory(4, Clock.systemUTC());
    runtime = FlowRuntime.builder().backends(backends).registry(registry).blueprints(blueprints)
        .timerPollInterval(java.time.Duration.ofMillis(10)).build();
    server = options.apply(FlowcraftServer.builder().runtime(runtime).runStates(backends.runs()).blueprints(blueprints)
        .token(ApiToken.write(WRITE)).token(ApiToken.read(READ)).port(0)).build().start();
  }

  InMemoryServer(List<Blueprint> blueprints) {
    this(NodeRegistry.empty(), blueprints, b -> b);
  }

  Api api() {
    return new Api(server.baseUri(), WRITE);
  }

  Api readOnly() {
    return new Api(server.baseUri(), READ);
  }

  static Blueprint example(String name) {
    return BlueprintJson.read(Path.of(System.getProperty("flowcraft.examples", "../examples")).resolve(name));
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
  }
}
