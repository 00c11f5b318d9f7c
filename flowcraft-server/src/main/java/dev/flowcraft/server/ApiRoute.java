package dev.flowcraft.server;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One endpoint the server registers: its method, its path template ({@code {name}} for a path parameter, the
 * OpenAPI syntax) and the scope its token needs (null: no token). Immutable.
 */
public record ApiRoute(String method, String path, Scope scope) {

  public ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }

  /** Whether a concrete request path fits the template. */
  boolean matches(String requestPath) {
    return Pattern.compile(path.replaceAll("\\{[^/}]+}", "[^/]+").replace(".", "\\.")).matcher(requestPath).matches();
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
