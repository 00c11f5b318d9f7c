package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the endpoints the server registers, with their scopes. */
class OpenApiDocumentTest {

  private static InMemoryServer s;
  private static JsonNode doc;

  @BeforeAll
  static void start() {
    s = new InMemoryServer(List.of());
    doc = s.api().withToken(null).get("/openapi.json").json();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  /** "METHOD path" → x-flowcraft-scope of every operation of the document. */
  private static Map<String, String> documented() {
    Map<String, String> ops = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> op = methods.next();
        ops.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue().path("x-flowcraft-scope").asText());
      }
    }
    return ops;
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndViceVersa() {
    Set<String> registered = new TreeSet<>(s.server.registeredRoutes());
    registered.add("POST /webhooks/{webhookId}"); // routed by Jetty before the router
    assertThat(documented().keySet()).isEqualTo(registered);
    Set<String> declared = new TreeSet<>();
    s.server.routes().forEach(r -> declared.add(r.toString()));
    assertThat(declared).isEqualTo(registered);
  }

  @Test
  void everyOperationStatesTheScopeItsRouteNeeds() {
    Map<String, String> scopes = documented();
    for (ApiRoute r : s.server.routes()) {
      assertThat(scopes.get(r.toString())).as(r.toString()).isEqualTo(r.scope() == null ? "none" : r.scope().jsonName());
    }
  }

  @Test
  void everyOperationHasAnIdAResponseAndResolvableReferences() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
    Set<String> ids = new TreeSet<>();
    doc.get("paths").forEach(path -> path.forEach(op -> {
      assertThat(op.hasNonNull("operationId")).isTrue();
      assertThat(ids.add(op.get("operationId").asText())).as("unique operationId").isTrue();
      assertThat(op.get("responses").size()).isPositive();
    }));
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (n.isArray()) {
      n.forEach(c -> collectRefs(c, out));
    }
  }
}
