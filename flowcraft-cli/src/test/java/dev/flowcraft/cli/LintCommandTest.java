package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {

  @TempDir
  Path dir;

  private String write(String name, String json) throws IOException {
    return Cli.write(dir, name, json);
  }

  @Test
  void edgeToUnknownNodeIsAnInvalidEdgeTarget() throws IOException {
    String bp = write("edge.json", """
        {"id": "edge", "nodes": [{"id": "a", "uses": "transform", "params": {"value": "1"}}],
         "edges": [{"source": "a", "target": "ghost"}]}""");
    Cli.Result r = Cli.run("lint", bp);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.out()).contains("ERROR $.edges[0].target INVALID_EDGE_TARGET: ").contains("'ghost'")
        .contains("INVALID (1 errors, 0 warnings)");
  }

  @Test
  void allowUsesDeclaresKeysProvidedElsewhere() throws IOException {
    String bp = write("custom.json", """
        {"id": "custom", "nodes": [{"id": "f", "uses": "fetchUser"}, {"id": "s", "uses": "saveUser"}],
         "edges": [{"source": "f", "target": "s"}]}""");
    Cli.Result unknown = Cli.run("lint", bp);
    assertThat(unknown.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.out()).contains("MISSING_NODE_IMPLEMENTATION").contains("'fetchUser'").contains("'saveUser'");

    Cli.Result allowed = Cli.run("lint", bp, "--allow-uses", "fetchUser,saveUser");
    assertThat(allowed.exit()).as(allowed.toString()).isZero();
    assertThat(allowed.out()).contains("valid (0 errors, 0 warnings)");
  }

  @Test
  void jsonOutputCarriesValidityAndIssues() throws IOException {
    String bp = write("orphan.json", """
        {"id": "orphan", "nodes": [
          {"id": "a", "uses": "transform", "params": {"value": "1"}},
          {"id": "b", "uses": "transform", "params": {"value": "2"}},
          {"id": "c", "uses": "log"}],
         "edges": [{"source": "a", "target": "b"}, {"source": "c", "target": "c"}]}""");
    Cli.Result r = Cli.run("lint", bp, "--output", "json");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
    JsonNode json = r.json();
    assertThat(json.path("valid").asBoolean()).isFalse();
    assertThat(json.path("issues").findValuesAsText("code")).contains("ORPHAN_NODE");
  }

  @Test
  void badExpressionIsReported() throws IOException {
    String bp = write("expr.json", """
        {"id": "expr", "nodes": [{"id": "a", "uses": "transform", "params": {"value": "1"}},
          {"id": "b", "uses": "log"}],
         "edges": [{"source": "a", "target": "b", "condition": "a >"}]}""");
    Cli.Result r = Cli.run("lint", bp);
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.out()).contains("$.edges[0].condition");
  }

  @Test
  void everyExampleBlueprintIsValid() throws IOException {
    try (var files = Files.list(Cli.EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith("-input.json")).toList()) {
        Cli.Result r = Cli.run("lint", f.toString());
        assertThat(r.exit()).as(f + "\n" + r).isZero();
      }
    }
  }

  @Test
  void malformedFileExitsTwoWithPaths() throws IOException {
    String bp = write("bad.json", """
        {"id": "bad", "nodes": [{"id": "a"}]}""");
    Cli.Result r = Cli.run("lint", bp);
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("$.nodes[0].uses");
  }
}
