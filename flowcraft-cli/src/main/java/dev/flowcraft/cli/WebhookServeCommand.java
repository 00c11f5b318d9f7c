package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.kafka.webhook.WebhookServer;
import dev.flowcraft.runtime.FlowRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowcraft webhook serve}: a webhook server on its own, until stopped (SIGTERM/Ctrl-C stop it gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve webhook endpoints: POST <base-url><id> with a JSON body resumes the waits on the"
        + " webhook's event in its run, with the body as their output.",
        "Answers 202 {\"runId\", \"resumed\"}; 404 unknown or expired id, 413 too large, 400 not JSON, 401 bad"
        + " token, 405 not POST.",
        "Looks ids up in Cassandra, where workers register them; runs no node itself. Runs until stopped; SIGTERM or"
        + " Ctrl-C let requests in flight finish."},
    footer = {"", "Workers hand out URLs under their --webhook-base-url: give them this server's",
        "base URL. Every worker must derive ids with the same secret: set",
        "FLOWCRAFT_WEBHOOK_SECRET everywhere, or nowhere (a random one is then shared",
        "through Cassandra).", "",
        "Example:", "  eval \"$(flowcraft stack up)\"",
        "  flowcraft webhook serve --port 8080 --token s3cret \\",
        "      --base-url https://hooks.example.com/webhooks/ &",
        "  flowcraft worker --webhook-base-url https://hooks.example.com/webhooks/ &",
        "  curl -H 'Authorization: Bearer s3cret' -d '{\"paid\": true}' \\",
        "      https://hooks.example.com/webhooks/<id>   # <id> from the webhook node"})
final class WebhookServeCommand implements Callable<Integer> {

  @Mixin
  ServerOptions servers;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(names = "--host", paramLabel = "<address>", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(names = "--token", paramLabel = "<token>",
      description = "Require 'Authorization: Bearer <token>' (env " + WebhookEndpoint.ENV_TOKEN + "; default: none, the id alone authorizes).")
  String token;

  @Option(names = "--base-url", paramLabel = "<url>",
      description = "Public URL of the endpoints, as workers hand them out; its path is served (default: http://127.0.0.1:<port>/webhooks/).")
  String baseUrl;

  @Option(names = "--max-body-bytes", paramLabel = "<n>", defaultValue = "1048576", description = "Largest request body (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Spec
  CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    String base = WebhookEndpoint.baseUrl(baseUrl, port);
    FlowRuntime client = KafkaAdapter.client(servers.toOptions(System.getenv()).webhookBaseUrl(base).build(),
        FlowRuntime.builder().checkUsesKeys(false));
    WebhookServer server;
    try {
      server = WebhookServer.start(client, WebhookEndpoint.serverOptions(host, port, token, base, maxBodyBytes));
    } catch (RuntimeException e) {
      client.close();
      throw new CliException(ExitCodes.INVALID, e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("flowcraft webhook serve: stopping (finishing requests in flight) ...");
      err.flush();
      server.close();
      client.close();
      stopped.countDown();
    }, "flowcraft-webhook-shutdown"));
    err.println("flowcraft webhook serve: listening on " + host + ":" + server.port() + ", endpoints "
        + (baseUrl == null ? server.baseUri() : base) + "<id>. Stop with Ctrl-C or SIGTERM.");
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
