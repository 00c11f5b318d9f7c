package dev.flowcraft.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.BlueprintStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link BlueprintStore}. Extend it with {@link #createStore()} returning a fresh, empty store.
 *
 * <p>Blueprint values are JSON-like (String, Boolean, Integer, Double, List, Map with String keys, null), so
 * a store that keeps blueprints as JSON can pass with plain equality.
 */
public abstract class BlueprintStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract BlueprintStore createStore();

  protected BlueprintStore store;
  protected String id;

  @BeforeEach
  void setUpStore() {
    store = createStore();
    id = "bp-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  protected Blueprint simple(String version, Map<String, Object> params) {
    return new Blueprint(id, List.of(NodeDefinition.of("A", "fetch").withParams(params), NodeDefinition.of("B", "store")),
        List.of(EdgeDefinition.of("A", "B")), version == null ? BlueprintMetadata.EMPTY : BlueprintMetadata.ofVersion(version));
  }

  /** A blueprint using every part of the model. */
  protected Blueprint rich() {
    Map<String, Object> params = mapOf("url", "https://example.org/a?b=c&d=\"e\"", "retries", 3, "ratio", 0.75,
        "enabled", true, "none", null, "list", Arrays.asList(1, "x", null, List.of(), Map.of()),
        "nested", mapOf("deep", mapOf("deeper", List.of(mapOf("k", "v")))), "unicode", "ünï ✓");
    NodeConfig config = NodeConfig.DEFAULT.withMaxRetries(3).withRetryDelay(Duration.ofMillis(250))
        .withTimeout(Duration.ofSeconds(30)).withFallback("F").withJoinStrategy(JoinStrategy.ANY);
    List<NodeDefinition> nodes = List.of(
        NodeDefinition.of("A", "http").withParams(params).withInputs(InputMapping.key("order")),
        NodeDefinition.of("B", "transform").withInputs(InputMapping.fields(Map.of("x", "A", "y", "order.id")))
            .withConfig(config),
        NodeDefinition.of("C", "loop-controller").withParams(mapOf("condition", "count < 3")),
        NodeDefinition.of("F", "fallback"));
    List<EdgeDefinition> edges = List.of(
        EdgeDefinition.of("A", "B").withAction("ok").withCondition("result.total > 10").withTransform("result.total"),
        EdgeDefinition.of("A", "C"),
        EdgeDefinition.of("C", "A").withAction("continue"));
    BlueprintMetadata metadata = new BlueprintMetadata("2.1.0", List.of("A"), mapOf("owner", "team-x",
        "tags", List.of("a", "b"), "limits", mapOf("max", 10)));
    return new Blueprint(id, nodes, edges, metadata);
  }

  @Test
  void getReturnsAnEqualBlueprint() {
    Blueprint bp = rich();
    String ref = store.put(bp);
    assertThat(ref).isNotBlank();
    assertThat(store.get(ref)).contains(bp);
  }

  @Test
  void getOfAnUnknownRefIsEmpty() {
    assertThat(store.get("no-such-ref")).isEmpty();
    store.put(simple("1", Map.of()));
    assertThat(store.get("no-such-ref")).isEmpty();
  }

  @Test
  void putIsIdempotent() {
    Blueprint bp = rich();
    String ref = store.put(bp);
    assertThat(store.put(bp)).isEqualTo(ref);
    assertThat(store.put(rich())).as("an equal instance").isEqualTo(ref);
    assertThat(store.get(ref)).contains(bp);
  }

  @Test
  void equalBlueprintsHaveTheSameRefWhateverTheirMapOrder() {
    Map<String, Object> ab = mapOf("a", 1, "b", mapOf("x", 1, "y", 2));
    Map<String, Object> ba = mapOf("b", mapOf("y", 2, "x", 1), "a", 1);
    Blueprint first = simple("1", ab);
    Blueprint second = simple("1", ba);
    assertThat(first).isEqualTo(second);
    assertThat(store.put(second)).isEqualTo(store.put(first));
  }

  @Test
  void theRefIsStableAcrossStoreInstances() {
    // workers in other processes must find the blueprint under the same ref
    Blueprint bp = rich();
    String ref = store.put(bp);
    BlueprintStore other = createStore();
    assertThat(other.put(rich())).isEqualTo(ref);
  }

  @Test
  void differentVersionsHaveDifferentRefs() {
    String v1 = store.put(simple("1", Map.of()));
    String v2 = store.put(simple("2", Map.of()));
    String none = store.put(simple(null, Map.of()));
    assertThat(Set.of(v1, v2, none)).hasSize(3);
    assertThat(store.get(v1)).contains(simple("1", Map.of()));
    assertThat(store.get(v2)).contains(simple("2", Map.of()));
    assertThat(store.get(none)).contains(simple(null, Map.of()));
  }

  @Test
  void differentContentHasDifferentRefs() {
    // same id and version, different content: each must stay retrievable as it was
    List<Blueprint> variants = List.of(
        simple("1", Map.of()),
        simple("1", mapOf("a", 1)),
        simple("1", mapOf("a", 2)),
        simple("1", mapOf("a", "1")),
        simple("1", mapOf("a", 1.5)),
        simple("1", mapOf("a", true)),
        simple("1", mapOf("a", "true")),
        simple("1", mapOf("a", null)),
        simple("1", mapOf("a", "null")),
        simple("1", mapOf("a", List.of(1, 2))),
        simple("1", mapOf("a", List.of(2, 1))),
        simple("1", mapOf("a", "[1, 2]")),
        simple("1", mapOf("a", "1, b=2")),
        simple("1", mapOf("a", "1", "b", "2")),
        simple("1", mapOf("a", mapOf("b", 1))),
        simple("1", mapOf("a", "{b=1}")),
        new Blueprint(id, List.of(NodeDefinition.of("A", "fetch"), NodeDefinition.of("B", "store")),
            List.of(EdgeDefinition.of("B", "A")), BlueprintMetadata.ofVersion("1")),
        new Blueprint(id, List.of(NodeDefinition.of("A", "fetch"), NodeDefinition.of("B", "store")),
            List.of(EdgeDefinition.of("A", "B").withAction("ok")), BlueprintMetadata.ofVersion("1")),
        new Blueprint(id, List.of(NodeDefinition.of("A", "fetch"), NodeDefinition.of("B", "store")
            .withConfig(NodeConfig.DEFAULT.withMaxRetries(2))), List.of(EdgeDefinition.of("A", "B")),
            BlueprintMetadata.ofVersion("1")));
    assertThat(variants.stream().distinct().count()).as("the variants differ").isEqualTo(variants.size());

    List<String> refs = variants.stream().map(store::put).toList();
    assertThat(refs.stream().collect(Collectors.toSet())).as("refs %s", refs).hasSize(variants.size());
    for (int i = 0; i < variants.size(); i++) {
      assertThat(store.get(refs.get(i))).as("variant %s", i).contains(variants.get(i));
    }
  }

  @Test
  void differentIdsHaveDifferentRefs() {
    Blueprint a = new Blueprint(id + "-a", List.of(NodeDefinition.of("A", "x")), List.of());
    Blueprint b = new Blueprint(id + "-b", List.of(NodeDefinition.of("A", "x")), List.of());
    String ra = store.put(a);
    String rb = store.put(b);
    assertThat(ra).isNotEqualTo(rb);
    assertThat(store.get(ra)).contains(a);
    assertThat(store.get(rb)).contains(b);
  }

  @Test
  @Timeout(60)
  void concurrentPutsOfAnEqualBlueprintAgreeOnTheRef() {
    List<String> refs = Concurrently.run(8, t -> () -> store.put(rich()));
    assertThat(refs.stream().distinct().toList()).hasSize(1);
    assertThat(store.get(refs.get(0))).contains(rich());
  }
}
