package dev.flowcraft.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueprintJsonErrorTest {

  private static List<Problem> problems(String singleQuoted) {
    BlueprintFormatException e = catchThrowableOfType(BlueprintFormatException.class,
        () -> BlueprintJson.read(singleQuoted.replace('\'', '"')));
    assertThat(e).as("expected a format error for %s", singleQuoted).isNotNull();
    return e.problems();
  }

  private static List<String> messages(String singleQuoted) {
    return problems(singleQuoted).stream().map(Problem::toString).toList();
  }

  private static String withNode(String node) {
    return "{'id':'b','nodes':[" + node + "],'edges':[]}";
  }

  @Test
  void briefExamples() {
    assertThat(messages("{'id':'b','nodes':[{'id':'a','uses':'f'},{'id':'b','uses':'g'},{'id':'c'}]}"))
        .containsExactly("$.nodes[2].uses: missing required string");
    assertThat(messages(withNode("{'id':'a','uses':'f','config':{'maxRetries':'three'}}")))
        .containsExactly("$.nodes[0].config.maxRetries: expected an integer >= 1, got \"three\"");
    assertThat(messages("{'id':'b','nodes':[],'edges':[{'source':'a','target':'b'},{'source':'a'}]}"))
        .containsExactly("$.edges[1].target: missing required string");
    assertThat(messages("{'id':'b','nodes':'a,b'}"))
        .containsExactly("$.nodes: expected an array or an object, got \"a,b\"");
  }

  @Test
  void reportsEveryProblemInDocumentOrder() {
    assertThat(messages("{'nodes':[{'uses':1},{'id':'x','uses':'f','params':[],'inputs':3,"
        + "'config':{'maxRetries':0,'retryDelay':-1,'timeout':'soon','fallback':7,'joinStrategy':'ANY'}}],"
        + "'edges':[{'source':'','target':null,'action':1},5],'metadata':{'version':true,'cycleEntryPoints':['a',2]}}"))
        .containsExactly(
            "$.id: missing required string",
            "$.nodes[0].id: missing required string",
            "$.nodes[0].uses: expected a string, got 1",
            "$.nodes[1].params: expected an object, got []",
            "$.nodes[1].inputs: expected a string or an object of strings, got 3",
            "$.nodes[1].config.maxRetries: expected an integer >= 1, got 0",
            "$.nodes[1].config.retryDelay: expected a duration >= 0: milliseconds, or a string like \"500ms\", "
                + "\"30s\", \"5m\", \"1h\", \"2d\"; got -1",
            "$.nodes[1].config.timeout: expected a duration >= 0: milliseconds, or a string like \"500ms\", "
                + "\"30s\", \"5m\", \"1h\", \"2d\"; got \"soon\"",
            "$.nodes[1].config.fallback: expected a string, got 7",
            "$.nodes[1].config.joinStrategy: expected \"all\" or \"any\", got \"ANY\"",
            "$.edges[0].source: must not be empty",
            "$.edges[0].target: missing required string",
            "$.edges[0].action: expected a string, got 1",
            "$.edges[1]: expected an edge object, got 5",
            "$.metadata.version: expected a string, got true",
            "$.metadata.cycleEntryPoints[1]: expected a string, got 2");
  }

  @Test
  void objectMapPathsUseTheKey() {
    assertThat(messages("{'id':'b','nodes':{'first':{'id':'a'},'with space':{'uses':'f'}},"
        + "'edges':{'e1':{'target':'a','source':'a','condition':false}}}"))
        .containsExactly(
            "$.nodes.first.uses: missing required string",
            "$.nodes[\"with space\"].id: missing required string",
            "$.edges.e1.condition: expected a string, got false");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
      "{'id':'b'} -> $.nodes: missing required array or object",
      "{'id':'b','nodes':null} -> $.nodes: missing required array or object",
      "{'id':'b','nodes':[],'edges':3} -> $.edges: expected an array or an object, got 3",
      "{'id':'b','nodes':[[]]} -> $.nodes[0]: expected a node object, got []",
      "{'id':'b','nodes':[],'metadata':[]} -> $.metadata: expected an object, got []",
      "{'id':'b','nodes':[],'metadata':{'cycleEntryPoints':'a'}} -> $.metadata.cycleEntryPoints: expected an array of strings, got \"a\"",
      "{'id':7,'nodes':[]} -> $.id: expected a string, got 7",
      "{'id':'','nodes':[]} -> $.id: must not be empty",
      "[] -> $: expected a blueprint object, got []",
      "{'id':'b','nodes':[{'id':'a','uses':'f','inputs':{'x':1}}]} -> $.nodes[0].inputs.x: expected a string, got 1",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':[]}]} -> $.nodes[0].config: expected an object, got []",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':{'maxRetries':1.5}}]} -> $.nodes[0].config.maxRetries: expected an integer >= 1, got 1.5",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':{'maxRetries':3000000000}}]} -> $.nodes[0].config.maxRetries: expected an integer >= 1, got 3000000000",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':{'timeout':'5w'}}]} -> $.nodes[0].config.timeout: expected a duration >= 0: milliseconds, or a string like \"500ms\", \"30s\", \"5m\", \"1h\", \"2d\"; got \"5w\"",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':{'timeout':'-5s'}}]} -> $.nodes[0].config.timeout: expected a duration >= 0: milliseconds, or a string like \"500ms\", \"30s\", \"5m\", \"1h\", \"2d\"; got \"-5s\"",
      "{'id':'b','nodes':[{'id':'a','uses':'f','config':{'timeout':1e30}}]} -> $.nodes[0].config.timeout: expected a duration >= 0: milliseconds, or a string like \"500ms\", \"30s\", \"5m\", \"1h\", \"2d\"; got 1E+30"})
  void singleProblems(String doc, String expected) {
    assertThat(messages(doc)).containsExactly(expected);
  }

  @Test
  void longValuesAreShortenedInMessages() {
    String longUses = "x".repeat(100);
    String message = messages(withNode("{'id':'a','uses':['" + longUses + "']}")).get(0);
    assertThat(message).startsWith("$.nodes[0].uses: expected a string, got [\"xxx").endsWith("...").hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void malformedJsonReportsLineAndColumn() {
    List<Problem> p = problems("{'id':'b',\n  'nodes': [\n    {'id': 'a' 'uses': 'f'}\n  ]}");
    assertThat(p).hasSize(1);
    assertThat(p.get(0).path()).isEqualTo("$");
    assertThat(p.get(0).message()).startsWith("malformed JSON at line 3, column ");
  }

  @Test
  void truncatedAndTrailingAndEmptyDocuments() {
    assertThat(messages("{'id':'b','nodes':[")).singleElement().asString().startsWith("$: malformed JSON at line 1");
    assertThat(messages("{'id':'b','nodes':[]} {}")).singleElement().asString().contains("malformed JSON");
    assertThat(messages("")).containsExactly("$: empty document");
    assertThat(messages("null")).containsExactly("$: expected a blueprint object, got null");
  }

  @Test
  void exceptionMessageListsProblems() {
    assertThatThrownBy(() -> BlueprintJson.read("{\"id\":\"b\",\"nodes\":[{}]}"))
        .isInstanceOf(BlueprintFormatException.class)
        .hasMessage("Invalid blueprint (2 problems)\n  $.nodes[0].id: missing required string\n"
            + "  $.nodes[0].uses: missing required string");
  }

  @Test
  void problemsAreImmutableAndNeverEmpty() {
    BlueprintFormatException e = new BlueprintFormatException(new java.util.ArrayList<>(List.of(new Problem("$", "x"))));
    assertThatThrownBy(() -> e.problems().add(new Problem("$", "y"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new BlueprintFormatException(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableFileIsAnIoError() {
    assertThatThrownBy(() -> BlueprintJson.read(Path.of("/nonexistent/blueprint.json")))
        .isInstanceOf(UncheckedIOException.class);
  }
}
