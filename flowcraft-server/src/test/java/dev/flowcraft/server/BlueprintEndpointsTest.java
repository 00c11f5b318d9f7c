package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog (list, versions, get), lint and Mermaid, on catalog blueprints and on a body. */
class BlueprintEndpointsTest {

  private static final String V1 = "{\"id\": \"greet\", \"metadata\": {\"version\": \"1\"}, \"nodes\": ["
      + "{\"id\": \"a\", \"uses\": \"transform\", \"params\": {\"value\": \"'v1'\"}}]}";
  private static final String V2 = "{\"id\": \"greet\", \"metadata\": {\"version\": \"2\"}, \"nodes\": ["
      + "{\"id\": \"a\", \"uses\": \"transform\", \"params\": {\"value\": \"'v2'\"}}]}";

  private InMemoryServer s;
  private Api api;

  @BeforeEach
  void start() {
    Blueprint v1 = BlueprintJson.read(V1);
    Blueprint v2 = BlueprintJson.read(V2);
    s = new InMemoryServer(List.of(v1, v2, InMemoryServer.example("approval.json")));
    api = s.api();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void theCatalogListsIdsWithTheirVersionsAndServesEach() {
    JsonNode list = api.get("/api/v1/blueprints").json().get("blueprints");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("id").asText()).isEqualTo("greet");
    assertThat(list.get(0).get("latestVersion").asText()).isEqualTo("2");
    assertThat(list.get(1).get("description").asText()).contains("Human in the loop");

    assertThat(api.get("/api/v1/blueprints/greet/versions").json().get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(api.get("/api/v1/blueprints/greet").json().get("metadata").get("version").asText()).isEqualTo("2");
    assertThat(api.get("/api/v1/blueprints/greet?version=1").json().get("nodes").get(0).get("params").get("value")
        .asText()).isEqualTo("'v1'");
    assertThat(api.get("/api/v1/blueprints/greet?version=3").errorCode()).isEqualTo("blueprint_not_found");
    assertThat(api.get("/api/v1/blueprints/nope").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/blueprints/nope/versions").status()).isEqualTo(404);
  }

  @Test
  void aRunOfAnOlderVersionRunsThatVersion() throws Exception {
    String runId = api.post("/api/v1/runs", "{\"blueprintId\": \"greet\", \"version\": \"1\"}").json().get("runId").asText();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
        "completed".equals(api.get("/api/v1/runs/" + runId).json().get("status").asText()));
    assertThat(api.get("/api/v1/runs/" + runId).json().get("context").get("_outputs.a").asText()).isEqualTo("v1");
  }

  @Test
  void lintReportsIssuesWithTheirPaths() {
    JsonNode ok = api.get("/api/v1/blueprints/approval/lint").json();
    assertThat(ok.get("valid").asBoolean()).isTrue();

    String bad = "{\"id\": \"bad\", \"nodes\": [{\"id\": \"a\", \"uses\": \"noSuchNode\"}],"
        + " \"edges\": [{\"source\": \"a\", \"target\": \"ghost\"}]}";
    Api.Reply report = api.post("/api/v1/blueprints/lint", bad);
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.json().get("valid").asBoolean()).isFalse();
    assertThat(report.json().get("issues").toString()).contains("$.edges[0].target").contains("noSuchNode");

    assertThat(api.post("/api/v1/blueprints/lint", "{\"id\": ").errorCode()).isEqualTo("malformed_json");
    assertThat(api.post("/api/v1/blueprints/lint", "[1]").status()).isEqualTo(422);
  }

  @Test
  void mermaidDrawsACatalogBlueprintOrTheBody() {
    JsonNode drawn = api.get("/api/v1/blueprints/approval/mermaid").json();
    assertThat(drawn.get("mermaid").asText()).startsWith("flowchart").contains("approval");
    JsonNode inline = api.post("/api/v1/blueprints/mermaid", V1).json();
    assertThat(inline.get("blueprintId").asText()).isEqualTo("greet");
    assertThat(inline.get("mermaid").asText()).contains("flowchart");
  }
}
