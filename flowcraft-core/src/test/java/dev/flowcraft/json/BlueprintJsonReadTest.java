package dev.flowcraft.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueprintJsonReadTest {

  /** Builds JSON from single-quoted text, so tests stay readable. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Blueprint read(String singleQuoted) {
    return BlueprintJson.read(json(singleQuoted));
  }

  private static NodeDefinition onlyNode(String nodeJson) {
    return read("{'id':'b','nodes':[" + nodeJson + "],'edges':[]}").nodes().get(0);
  }

  @Test
  void minimalBlueprint() {
    Blueprint b = read("{'id':'b','nodes':[{'id':'a','uses':'fn'}],'edges':[]}");
    assertThat(b).isEqualTo(new Blueprint("b", List.of(NodeDefinition.of("a", "fn")), List.of()));
    assertThat(b.version()).isEmpty();
  }

  @Test
  void missingOrNullEdgesMeanNone() {
    assertThat(read("{'id':'b','nodes':[]}").edges()).isEmpty();
    assertThat(read("{'id':'b','nodes':[],'edges':null}").edges()).isEmpty();
  }

  @Test
  void nodesAndEdgesAsObjectMapsKeepDocumentOrder() {
    Blueprint b = read("{'id':'b','nodes':{'z':{'id':'first','uses':'f'},'a':{'id':'second','uses':'g'}},"
        + "'edges':{'k':{'source':'first','target':'second'},'0':{'source':'second','target':'first'}}}");
    assertThat(b.nodes()).extracting(NodeDefinition::id).containsExactly("first", "second");
    assertThat(b.edges()).containsExactly(EdgeDefinition.of("first", "second"), EdgeDefinition.of("second", "first"));
  }

  @Test
  void unknownKeysAreDroppedEverywhereAndNodeSourceLocationsKept() {
    Blueprint b = read("{'id':'b','ui':{'zoom':2},'nodes':[{'id':'a','uses':'f','position':{'x':1},"
        + "'_sourceLocation':{'file':'f.ts','line':1,'column':2},'config':{'maxRetries':2,'color':'red'}}],"
        + "'edges':[{'source':'a','target':'a','label':'self','_sourceLocation':{}}]}");
    assertThat(b).isEqualTo(new Blueprint("b",
        List.of(NodeDefinition.of("a", "f").withConfig(NodeConfig.DEFAULT.withMaxRetries(2))
            .withSourceLocation(new dev.flowcraft.model.SourceLocation("f.ts", 1, 2))),
        List.of(EdgeDefinition.of("a", "a"))));
  }

  @Test
  void edgeOptionalFields() {
    Blueprint b = read("{'id':'b','nodes':[],'edges':[{'source':'a','target':'b','action':'go',"
        + "'condition':'x > 1','transform':'input.y'},{'source':'a','target':'c','action':null}]}");
    assertThat(b.edges()).containsExactly(
        new EdgeDefinition("a", "b", "go", "x > 1", "input.y"), EdgeDefinition.of("a", "c"));
  }

  @Test
  void metadata() {
    Blueprint b = read("{'id':'b','nodes':[],'metadata':{'version':'1.2.0','cycleEntryPoints':['x','y'],"
        + "'owner':'ann','limits':{'max':3,'ratio':0.25},'tags':['a',null]}}");
    assertThat(b.version()).contains("1.2.0");
    assertThat(b.metadata().cycleEntryPoints()).containsExactly("x", "y");
    assertThat(b.metadata().extra()).containsOnlyKeys("owner", "limits", "tags");
    assertThat(b.metadata().extra().get("limits")).isEqualTo(Map.of("max", 3, "ratio", 0.25));
    assertThat(b.metadata().extra().get("tags")).isEqualTo(java.util.Arrays.asList("a", null));
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {"2 -> 2", "1.0 -> 1.0", "1.5 -> 1.5", "'3.1' -> 3.1",
      "12345678901234567890 -> 12345678901234567890"})
  void numericVersionIsStringified(String version, String expected) {
    assertThat(read("{'id':'b','nodes':[],'metadata':{'version':" + version + "}}").version()).contains(expected);
  }

  @Test
  void inputsAsKeyOrFields() {
    assertThat(onlyNode("{'id':'a','uses':'f','inputs':'load'}").inputs()).isEqualTo(InputMapping.key("load"));
    assertThat(onlyNode("{'id':'a','uses':'f','inputs':{'x':'a','y':'_outputs.b'}}").inputs())
        .isEqualTo(InputMapping.fields(Map.of("x", "a", "y", "_outputs.b")));
    assertThat(onlyNode("{'id':'a','uses':'f','inputs':null}").inputs()).isNull();
  }

  @Test
  void paramsAreJsonLikeValues() {
    NodeDefinition n = onlyNode("{'id':'a','uses':'f','params':{'i':1,'l':3000000000,'big':123456789012345678901,"
        + "'d':0.5,'e':1e3,'s':'x','b':true,'n':null,'list':[1,[2]],'map':{'k':{'v':-1}}}}");
    Map<String, Object> p = n.params();
    assertThat(p.get("i")).isEqualTo(1);
    assertThat(p.get("l")).isEqualTo(3_000_000_000L);
    assertThat(p.get("big")).isEqualTo(new BigInteger("123456789012345678901"));
    assertThat(p.get("d")).isEqualTo(0.5);
    assertThat(p.get("e")).isEqualTo(1000.0);
    assertThat(p.get("s")).isEqualTo("x");
    assertThat(p.get("b")).isEqualTo(true);
    assertThat(p).containsKey("n");
    assertThat(p.get("n")).isNull();
    assertThat(p.get("list")).isEqualTo(List.of(1, List.of(2)));
    assertThat(p.get("map")).isEqualTo(Map.of("k", Map.of("v", -1)));
    assertThat(List.copyOf(p.keySet())).containsExactly("i", "l", "big", "d", "e", "s", "b", "n", "list", "map");
  }

  @Test
  void config() {
    NodeConfig c = onlyNode("{'id':'a','uses':'f','config':{'maxRetries':3,'retryDelay':250,'timeout':'5m',"
        + "'fallback':'backup','joinStrategy':'any'}}").config();
    assertThat(c).isEqualTo(new NodeConfig(3, Duration.ofMillis(250), Duration.ofMinutes(5), "backup", JoinStrategy.ANY));
    assertThat(onlyNode("{'id':'a','uses':'f','config':{'joinStrategy':'all'}}").config().joinStrategy())
        .isEqualTo(JoinStrategy.ALL);
    assertThat(onlyNode("{'id':'a','uses':'f','config':{}}").config()).isEqualTo(NodeConfig.DEFAULT);
    assertThat(onlyNode("{'id':'a','uses':'f','config':null}").config()).isEqualTo(NodeConfig.DEFAULT);
    assertThat(onlyNode("{'id':'a','uses':'f','config':{'maxRetries':2.0}}").config().maxRetries()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
      "0 -> PT0S", "1500 -> PT1.5S", "0.5 -> PT0.0005S", "'500ms' -> PT0.5S", "'30s' -> PT30S", "'5m' -> PT5M",
      "'1h' -> PT1H", "'2d' -> PT48H", "'1.5h' -> PT1H30M", "'250' -> PT0.25S", "' 10 s ' -> PT10S", "'2H' -> PT2H"})
  void durations(String json, String expected) {
    NodeConfig c = onlyNode("{'id':'a','uses':'f','config':{'retryDelay':" + json + ",'timeout':" + json + "}}").config();
    assertThat(c.retryDelay()).isEqualTo(Duration.parse(expected));
    assertThat(c.timeout()).isEqualTo(Duration.parse(expected));
  }

  @Test
  void readsFromPathAndStream(@TempDir Path dir) throws Exception {
    String text = json("{'id':'b','nodes':[{'id':'a','uses':'f'}]}");
    Path file = dir.resolve("b.json");
    Files.writeString(file, text);
    Blueprint expected = BlueprintJson.read(text);
    assertThat(BlueprintJson.read(file)).isEqualTo(expected);
    assertThat(BlueprintJson.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(expected);
    assertThat(BlueprintJson.fromJson(BlueprintJson.mapper().readTree(text))).isEqualTo(expected);
  }

  @Test
  void sharedMapperReadsJsonLikeValues() throws Exception {
    Object v = BlueprintJson.mapper().readValue(json("{'b':1,'a':[2.5,3000000000,{'x':null}]}"), Object.class);
    assertThat(v).isInstanceOf(java.util.LinkedHashMap.class).isEqualTo(
        Map.of("b", 1, "a", java.util.Arrays.asList(2.5, 3_000_000_000L, java.util.Collections.singletonMap("x", null))));
    assertThat(List.<Object>copyOf(((Map<?, ?>) v).keySet())).containsExactly("b", "a");
    assertThat(((List<?>) ((Map<?, ?>) v).get("a")).get(0)).isInstanceOf(Double.class);
  }
}
