package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @TempDir
  Path dir;

  private String write(String name, String json) throws IOException {
    return Cli.write(dir, name, json);
  }

  @Test
  void jsonOutputHasEveryDocumentedField() {
    Cli.Result r = Cli.run("run", Cli.example("hello.json"), "--output", "json", "--input",
        "{\"order\":{\"price\":40,\"quantity\":3,\"taxRate\":0.25}}");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode json = r.json();
    assertThat(json.fieldNames()).toIterable()
        .contains("runId", "status", "context", "errors", "nodes", "awaiting");
    assertThat(json.path("runId").asText()).isNotBlank();
    assertThat(json.path("status").asText()).isEqualTo("completed");
    assertThat(json.path("context").path("_outputs.subtotal").asInt()).isEqualTo(120);
    assertThat(json.path("errors").isArray()).isTrue();
    assertThat(json.path("nodes").path("total").asText()).isEqualTo("completed");
    assertThat(json.path("awaiting").isArray()).isTrue();
  }

  @Test
  void textOutputShowsStatusThenContextKeys() {
    Cli.Result r = Cli.run("run", Cli.example("loop.json"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Run ").contains("of 'loop': COMPLETED").contains("  count = 5")
        .contains("  done = \"counted to 5\"").doesNotContain("_outputs.");
  }

  @Test
  void failedRunExitsOneAndListsTheError() throws IOException {
    String bp = write("failing.json", """
        {"id": "failing", "nodes": [
          {"id": "ok", "uses": "transform", "params": {"value": "1"}},
          {"id": "boom", "uses": "fail", "params": {"message": "disk full", "fatal": true}}],
         "edges": [{"source": "ok", "target": "boom"}]}""");
    Cli.Result json = Cli.run("run", bp, "--output", "json");
    assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.FAILED);
    JsonNode doc = json.json();
    assertThat(doc.path("status").asText()).isEqualTo("failed");
    JsonNode error = doc.path("errors").get(0);
    assertThat(error.path("nodeId").asText()).isEqualTo("boom");
    assertThat(error.path("message").asText()).isEqualTo("disk full");
    assertThat(error.path("fatal").asBoolean()).isTrue();
    assertThat(error.path("type").asText()).isNotBlank();
    assertThat(doc.path("nodes").path("boom").asText()).isEqualTo("failed");

    Cli.Result text = Cli.run("run", bp);
    assertThat(text.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(text.out()).contains("FAILED").contains("Errors:").contains("boom: disk full");
  }

  @Test
  void invalidBlueprintExitsTwoWithTheJsonPath() throws IOException {
    String bp = write("invalid.json", """
        {"id": "invalid", "nodes": [{"id": "a", "uses": "transform", "params": {"value": "1"}}],
         "edges": [{"source": "a", "target": "ghost"}]}""");
    Cli.Result r = Cli.run("run", bp);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("$.edges[0].target").contains("ghost");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownUsesKeyIsNamedWithTheKeysThatWork() throws IOException {
    String bp = write("unknown.json", """
        {"id": "unknown", "nodes": [{"id": "fetch", "uses": "fetchUser"}]}""");
    Cli.Result r = Cli.run("run", bp);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("'fetchUser'").contains("$.nodes[0].uses")
        .contains("JSON-only blueprints can use these node keys").contains("transform");
  }

  @Test
  void formatErrorsListEveryProblemWithItsPath() throws IOException {
    String bp = write("format.json", """
        {"id": 5, "nodes": [{"uses": 3}]}""");
    Cli.Result r = Cli.run("run", bp);
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("3 problems").contains("$.id").contains("$.nodes[0].id").contains("$.nodes[0].uses");
  }

  @Test
  void malformedJsonSaysWhere() throws IOException {
    String bp = write("malformed.json", "{\"id\": \"x\", \"nodes\": [ }");
    Cli.Result r = Cli.run("run", bp);
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("malformed JSON at line 1");
  }

  @Test
  void missingFileAndBadInputExitTwoWithAdvice() {
    Cli.Result missing = Cli.run("run", dir.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(missing.err()).contains("Blueprint file not found").contains("nope.json");

    Cli.Result notObject = Cli.run("run", Cli.example("loop.json"), "--input", "[1, 2]");
    assertThat(notObject.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(notObject.err()).contains("--input must be a JSON object");

    Cli.Result notJson = Cli.run("run", Cli.example("loop.json"), "--input", "{oops");
    assertThat(notJson.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(notJson.err()).contains("--input is not valid JSON");

    Cli.Result noFile = Cli.run("run", Cli.example("loop.json"), "--input", "@" + dir.resolve("none.json"));
    assertThat(noFile.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(noFile.err()).contains("Cannot read --input file");
  }

  @Test
  void timeoutExitsFourAndCancels() {
    Cli.Result r = Cli.run("run", Cli.example("sleep-wait.json"), "--wait-final", "--timeout", "200ms");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(r.err()).contains("did not settle within 200ms").contains("awaiting [pause]");
  }

  @Test
  void unknownSubflowIdPointsAtBlueprintDir() throws IOException {
    String bp = write("parent.json", """
        {"id": "parent", "nodes": [{"id": "child", "uses": "subflow", "params": {"blueprintId": "math"}}]}""");
    Cli.Result alone = Cli.run("run", bp);
    assertThat(alone.exit()).as(alone.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(alone.err()).contains("'math'").contains("--blueprint-dir");

    Cli.Result withDir = Cli.run("run", bp, "--blueprint-dir", Cli.EXAMPLES.toString(), "--input", "{\"a\": 1}",
        "--output", "json");
    assertThat(withDir.exit()).as(withDir.toString()).isZero();
  }

  @Test
  void verboseReportsNodeProgressOnStderr() {
    Cli.Result r = Cli.run("run", Cli.example("loop.json"), "--verbose");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("workflow:start").contains("node:start    count").contains("node:finish   done");
  }

  @Test
  void usageErrorsExitTwoAndEveryCommandHasHelp() {
    assertThat(Cli.run("run").exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(Cli.run("run", "x.json", "--output", "yaml").exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(Cli.run().exit()).isEqualTo(ExitCodes.INVALID);
    for (String cmd : new String[] {"run", "lint", "mermaid"}) {
      Cli.Result help = Cli.run(cmd, "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out()).contains("Usage: flowcraft " + cmd);
    }
    assertThat(Cli.run("--version").out()).startsWith("flowcraft ");
  }
}
