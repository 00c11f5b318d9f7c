package dev.flowcraft.server;

import io.javalin.http.Context;

/** Writes an endpoint's JSON answer. Stateless. */
final class Replies {
  private Replies() {}

  static void json(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(JsonResponses.JSON);
    ctx.result(ApiJson.write(body));
  }
}
