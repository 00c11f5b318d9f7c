package dev.flowcraft.cli;

import dev.flowcraft.kafka.webhook.WebhookServerOptions;
import java.net.URI;

/**
 * The webhook flags shared by {@code webhook serve} and {@code worker --webhook-port}: from a port, a host, a
 * token and an optional public base URL to the server's options and the base URL that workers hand out.
 */
final class WebhookEndpoint {

  static final String ENV_TOKEN = "FLOWCRAFT_WEBHOOK_TOKEN";

  private WebhookEndpoint() {}

  /** The given base URL with a trailing slash, else {@code http://127.0.0.1:<port>/webhooks/}. */
  static String baseUrl(String given, int port) {
    String url = given != null && !given.isBlank() ? given : "http://127.0.0.1:" + port + WebhookServerOptions.DEFAULT_PATH;
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, "Invalid webhook base URL '" + url + "': " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new CliException(ExitCodes.INVALID, "The webhook base URL must be http(s)://host[:port]/path/, e.g."
          + " https://hooks.example.com/webhooks/, not '" + url + "'.");
    }
    return url.endsWith("/") ? url : url + "/";
  }

  /** Options serving the path of {@code baseUrl} on {@code host:port}; the token from the flag, else the environment. */
  static WebhookServerOptions serverOptions(String host, int port, String token, String baseUrl, long maxBodyBytes) {
    String path = URI.create(baseUrl).getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    String t = token != null && !token.isBlank() ? token : System.getenv(ENV_TOKEN);
    try {
      return WebhookServerOptions.builder().host(host).port(port).path(path.endsWith("/") ? path : path + "/")
          .token(t == null || t.isBlank() ? null : t).maxBodyBytes(maxBodyBytes).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID, e.getMessage());
    }
  }
}
