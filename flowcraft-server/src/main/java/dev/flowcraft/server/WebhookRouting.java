package dev.flowcraft.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends {@code /webhooks/...} to the webhook handler of module flowcraft-kafka (its own checks, limits, body
 * reading and thread pool, exactly as {@code flowcraft webhook serve} answers), everything else on to the API.
 * Thread-safe.
 */
final class WebhookRouting extends Handler.Wrapper {

  static final String PREFIX = "/webhooks/";

  private final Handler webhooks;

  WebhookRouting(Handler webhooks, Handler api) {
    super(api);
    this.webhooks = webhooks;
    addBean(webhooks);
  }

  @Override
  public void setServer(org.eclipse.jetty.server.Server server) {
    super.setServer(server);
    webhooks.setServer(server);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path != null && (path.startsWith(PREFIX) || path.equals("/webhooks"))) {
      return webhooks.handle(request, response, callback);
    }
    return super.handle(request, response, callback);
  }
}
