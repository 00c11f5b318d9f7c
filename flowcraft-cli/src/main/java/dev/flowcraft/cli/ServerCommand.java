package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapterOptions;
import dev.flowcraft.kafka.KafkaBackends;
import dev.flowcraft.kafka.queue.DeadLetters;
import dev.flowcraft.kafka.queue.KafkaQueueOptions;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.server.ApiToken;
import dev.flowcraft.server.FlowcraftServer;
import dev.flowcraft.server.HttpLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft server}: the HTTP API (runs, blueprints, dead letters, webhooks) until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve the HTTP API: start, read, list, cancel, pause, resume and signal distributed runs; list,",
        "lint and draw blueprints; list and replay dead letters; webhook deliveries (POST /webhooks/<id>), all on",
        "one port, as JSON under /api/v1, described by the OpenAPI document at /openapi.json (docs/api.md).",
        "",
        "The server is a client, like 'submit': it runs no node. Runs it starts are executed by the workers",
        "('flowcraft worker') on the same Kafka, Cassandra and Redis; start them separately.",
        "",
        "Every /api/v1 request needs 'Authorization: Bearer <token>'. A --token may do everything; a",
        "--read-token only reads (GET, lint, mermaid): writes get 403. No token or a wrong one: 401.",
        "/healthz and /openapi.json need no token. Webhook deliveries are authorized by their",
        "unguessable id (and --webhook-token, if set), not by the API tokens.",
        "",
        "Runs until stopped; SIGTERM or Ctrl-C let webhook deliveries in flight finish."},
    footer = {"", "Environment: FLOWCRAFT_API_TOKEN (a write token), FLOWCRAFT_API_READ_TOKEN (a read token),",
        "FLOWCRAFT_WEBHOOK_TOKEN, and the servers' FLOWCRAFT_* variables of 'flowcraft stack up'.",
        "Tokens have at least 16 characters, e.g. $(openssl rand -hex 32).", "",
        "Limits: bodies over --max-body-bytes get 413; headers over 8 KiB 431; a connection that sends",
        "nothing for --idle-timeout (also in the middle of its headers or body) is closed; at most",
        "--max-connections are open. CORS is off (no cross-origin headers).", "",
        "Example:", "  eval \"$(flowcraft stack up)\"",
        "  flowcraft worker &",
        "  export FLOWCRAFT_API_TOKEN=$(openssl rand -hex 32)",
        "  flowcraft server --port 8080 --blueprint-dir examples &",
        "  curl -H \"Authorization: Bearer $FLOWCRAFT_API_TOKEN\" -H 'Content-Type: application/json' \\",
        "      -d '{\"blueprintId\": \"approval\", \"input\": {\"orderId\": \"A-17\"}}' http://127.0.0.1:8080/api/v1/runs"})
final class ServerCommand implements Callable<Integer> {

  static final String ENV_TOKEN = "FLOWCRAFT_API_TOKEN";
  static final String ENV_READ_TOKEN = "FLOWCRAFT_API_READ_TOKEN";

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(names = "--host", paramLabel = "<address>", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(names = "--token", paramLabel = "<token>",
      description = "An API token with the write scope (read and write); repeatable (env " + ENV_TOKEN + "). At least one token is required.")
  List<String> tokens = new ArrayList<>();

  @Option(names = "--read-token", paramLabel = "<token>",
      description = "An API token with the read scope only; repeatable (env " + ENV_READ_TOKEN + ").")
  List<String> readTokens = new ArrayList<>();

  @Option(names = "--blueprint-dir", paramLabel = "<dir>",
      description = "Directory whose *.json blueprints form the catalog: runs can be started by blueprintId (and"
          + " version), GET /api/v1/blueprints lists them, subflows may use them. Default: none (inline blueprints only).")
  Path blueprintDir;

  @Option(names = "--allow-uses", split = ",", paramLabel = "key",
      description = "Node keys the workers provide besides the built-ins, so lint does not report them as missing.")
  List<String> allowUses = new ArrayList<>();

  @Option(names = "--webhook-token", paramLabel = "<token>",
      description = "Require 'Authorization: Bearer <token>' on webhook deliveries (env " + WebhookEndpoint.ENV_TOKEN
          + "; default: none, the webhook id alone authorizes). Workers hand out webhook URLs under their"
          + " --webhook-base-url: give them http(s)://<this server>/webhooks/.")
  String webhookToken;

  @Option(names = "--max-body-bytes", paramLabel = "<n>", defaultValue = "1048576",
      description = "Largest request body, API and webhooks (default: ${DEFAULT-VALUE}); larger ones get 413.")
  long maxBodyBytes;

  @Option(names = "--idle-timeout", paramLabel = "<duration>", defaultValue = "10s", converter = DurationConverter.class,
      description = "Close a connection that sends nothing for this long, idle or stalled in its headers or body (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--max-connections", paramLabel = "<n>", defaultValue = "1000",
      description = "Connections open at once; beyond, new ones wait (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--threads", paramLabel = "<n>", defaultValue = "32",
      description = "API requests handled at once (default: ${DEFAULT-VALUE}); idle connections hold none.")
  int threads;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    List<ApiToken> apiTokens = tokens(System.getenv());
    HttpLimits limits;
    try {
      limits = HttpLimits.DEFAULT.withMaxBodyBytes(maxBodyBytes).withIdleTimeout(idleTimeout)
          .withMaxConnections(maxConnections).withThreads(threads);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
    }
    if (port < 0 || port > 65535) {
      throw new CliException(ExitCodes.INVALID, "--port must be between 0 (any free port) and 65535, not " + port + ".");
    }
    Collection<Blueprint> catalog = blueprintDir == null ? List.of() : Blueprints.readDirectory(blueprintDir).values();
    String hookToken = webhookToken != null && !webhookToken.isBlank() ? webhookToken : System.getenv(WebhookEndpoint.ENV_TOKEN);

    KafkaAdapterOptions options = servers.toOptions(System.getenv()).build();
    KafkaBackends backends = KafkaBackends.connect(options);
    FlowRuntime client = FlowRuntime.builder().checkUsesKeys(false).blueprints(catalog).backends(backends.backends())
        .webhookRegistrar(backends.webhooks()).startWorkers(false).onClose(backends).build();
    FlowcraftServer server;
    try {
      DeadLetters deadLetters = new DeadLetters(KafkaQueueOptions.builder(options.kafkaBootstrap()).topic(options.topic())
          .groupId(options.groupId()).deadLetterTopic(options.deadLetterTopic()).build(),
          DeadLetters.defaultReplayGroup(options.groupId()), Duration.ofSeconds(30));
      server = FlowcraftServer.builder().runtime(client).runStates(backends.backends().runs()).blueprints(catalog)
          .deadLetters(deadLetters).host(host).port(port).tokens(apiTokens).webhookToken(hookToken).limits(limits)
          .knownUses(allowUses).build().start();
    } catch (RuntimeException e) {
      client.close();
      throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("flowcraft server: stopping ...");
      err.flush();
      server.close();
      client.close();
      stopped.countDown();
    }, "flowcraft-server-shutdown"));
    err.println("flowcraft server: serving the API on " + server.baseUri() + "api/v1 (OpenAPI: " + server.baseUri()
        + "openapi.json; webhooks: " + server.baseUri() + "webhooks/<id>), " + catalog.size() + " blueprint(s) in the"
        + " catalog, " + apiTokens.size() + " token(s). Stop with Ctrl-C or SIGTERM.");
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The tokens of the flags, else of the environment; at least one. */
  List<ApiToken> tokens(Map<String, String> env) {
    List<String> write = new ArrayList<>(tokens);
    List<String> read = new ArrayList<>(readTokens);
    if (write.isEmpty() && env.get(ENV_TOKEN) != null && !env.get(ENV_TOKEN).isBlank()) {
      write.add(env.get(ENV_TOKEN).strip());
    }
    if (read.isEmpty() && env.get(ENV_READ_TOKEN) != null && !env.get(ENV_READ_TOKEN).isBlank()) {
      read.add(env.get(ENV_READ_TOKEN).strip());
    }
    if (write.isEmpty() && read.isEmpty()) {
      throw new CliException(ExitCodes.INVALID, "The API needs a token: pass --token <token> (or set " + ENV_TOKEN
          + "), e.g. --token $(openssl rand -hex 32); --read-token adds a read-only one.");
    }
    List<ApiToken> out = new ArrayList<>();
    try {
      write.forEach(t -> out.add(ApiToken.write(t)));
      read.forEach(t -> out.add(ApiToken.read(t)));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
    }
    return out;
  }
}
