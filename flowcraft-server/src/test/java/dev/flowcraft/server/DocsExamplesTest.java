package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of docs/api.md are valid requests: each one, run (in document order) against an in-memory
 * server with the examples as the catalog, reaches an endpoint with the right method, is authorized, and is
 * well-formed (its answer is no 404 for the route, 400 for the body, 401, 403, 405, 415 or 5xx; dead letters
 * answer 501 without Kafka). Examples with a {@code <placeholder>} are skipped.
 */
class DocsExamplesTest {

  private static final Path DOCS = Path.of(System.getProperty("flowcraft.examples", "../examples")).resolveSibling("docs");
  private static final Set<String> MALFORMED = Set.of("malformed_json", "bad_request", "unsupported_media_type",
      "unauthorized", "forbidden", "method_not_allowed", "invalid_parameter", "internal");

  @Test
  void everyCurlExampleIsAValidRequest() throws IOException {
    List<List<String>> commands = curlCommands(Files.readString(DOCS.resolve("api.md")));
    assertThat(commands).hasSizeGreaterThan(15);
    List<Blueprint> catalog;
    try (Stream<Path> files = Files.list(DOCS.resolveSibling("examples"))) {
      catalog = files.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith("-input.json"))
          .sorted().map(BlueprintJson::read).toList();
    }
    try (InMemoryServer s = new InMemoryServer(catalog)) {
      Map<String, String> vars = Map.of("API", s.server.baseUri().toString().replaceAll("/$", ""),
          "FLOWCRAFT_API_TOKEN", InMemoryServer.WRITE,
          "AUTH", "Authorization: Bearer " + InMemoryServer.WRITE, "JSON", "Content-Type: application/json");
      int ran = 0;
      for (List<String> raw : commands) {
        if (String.join(" ", raw).contains("<")) {
          continue;
        }
        Api.Reply r = run(expand(raw, vars));
        String what = String.join(" ", raw) + " -> " + r;
        assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
        if (r.status() >= 400) {
          String code = r.errorCode();
          assertThat(code).as(what).isNotIn(MALFORMED);
          assertThat(r.status() == 404 && code.equals("not_found")).as(what + ": no such route").isFalse();
          assertThat(r.status() < 500 || code.equals("not_configured")).as(what).isTrue();
        }
        ran++;
      }
      assertThat(ran).isGreaterThanOrEqualTo(12);
    }
  }

  /** The curl commands of the bash blocks, as shell words (quotes removed, variables not yet expanded). */
  static List<List<String>> curlCommands(String markdown) {
    List<List<String>> out = new ArrayList<>();
    Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      for (List<String> words : shellWords(block.group(1))) {
        if (!words.isEmpty() && words.get(0).equals("curl")) {
          out.add(words);
        }
      }
    }
    return out;
  }

  /**
   * Splits shell text into commands of words: single quotes literal, double quotes and bare words keep
   * {@code $VAR} for {@link #expand} (marked with \u0001), {@code \}-newline continues, {@code #} comments.
   */
  private static List<List<String>> shellWords(String text) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder w = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      } else if (c == '\n' || c == '&' || c == ';') {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
        commands.add(words);
        words = new ArrayList<>();
      } else if (c == ' ' || c == '\t') {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
      } else if (c == '#' && w == null) {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '\'') {
        w = w == null ? new StringBuilder() : w;
        int end = text.indexOf('\'', i + 1);
        w.append(text, i + 1, end);
        i = end;
      } else if (c == '"') {
        w = w == null ? new StringBuilder() : w;
        int end = text.indexOf('"', i + 1);
        w.append(text.substring(i + 1, end).replace("$", "\u0001"));
        i = end;
      } else {
        w = w == null ? new StringBuilder() : w;
        w.append(c == '$' ? '\u0001' : c);
      }
    }
    if (w != null) {
      words.add(w.toString());
    }
    commands.add(words);
    return commands;
  }

  private static List<String> expand(List<String> words, Map<String, String> vars) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      Matcher m = Pattern.compile("\u0001([A-Z_]+)").matcher(word);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = vars.get(m.group(1));
        assertThat(v).as("variable $" + m.group(1)).isNotNull();
        m.appendReplacement(sb, Matcher.quoteReplacement(v));
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  /** Runs a curl command's request with java.net.http: -X, -H, -d, --data-binary @file, -s, -i, the URL. */
  private static Api.Reply run(List<String> curl) throws IOException {
    String method = null;
    String url = null;
    String body = null;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < curl.size(); i++) {
      String a = curl.get(i);
      switch (a) {
        case "-s", "-i" -> { }
        case "-X" -> method = curl.get(++i);
        case "-H" -> {
          String h = curl.get(++i);
          int colon = h.indexOf(':');
          headers.add(new String[] {h.substring(0, colon).strip(), h.substring(colon + 1).strip()});
        }
        case "-d" -> body = curl.get(++i);
        case "--data-binary" -> {
          String f = curl.get(++i);
          body = f.startsWith("@") ? Files.readString(DOCS.resolveSibling(f.substring(1))) : f;
        }
        default -> {
          assertThat(a).as("an option this test does not know: " + curl).startsWith("http");
          url = a;
        }
      }
    }
    if (method == null) {
      method = body != null ? "POST" : "GET";
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(h -> b.header(h[0], h[1]));
    return Api.send(b);
  }
}
