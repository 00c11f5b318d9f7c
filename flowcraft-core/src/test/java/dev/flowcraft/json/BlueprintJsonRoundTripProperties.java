package dev.flowcraft.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlueprintJsonRoundTripProperties {

  @Property(tries = 300)
  void writeThenReadGivesTheSameBlueprint(@ForAll("blueprints") Blueprint b) {
    String json = BlueprintJson.write(b);
    assertThat(BlueprintJson.read(json)).as(json).isEqualTo(b);
  }

  @Property(tries = 100)
  void writingIsStable(@ForAll("blueprints") Blueprint b) {
    String once = BlueprintJson.write(b);
    assertThat(BlueprintJson.write(BlueprintJson.read(once))).isEqualTo(once);
  }

  @Provide
  Arbitrary<Blueprint> blueprints() {
    return Combinators.combine(text(), nodes().list().ofMaxSize(6), edges().list().ofMaxSize(6), metadata())
        .as(Blueprint::new);
  }

  private Arbitrary<NodeDefinition> nodes() {
    return Combinators.combine(text(), text(), jsonObject(2), inputs(), config()).as(NodeDefinition::new);
  }

  private Arbitrary<EdgeDefinition> edges() {
    Arbitrary<String> optional = text().injectNull(0.5);
    return Combinators.combine(text(), text(), optional, optional, optional).as(EdgeDefinition::new);
  }

  private Arbitrary<InputMapping> inputs() {
    Arbitrary<InputMapping> key = text().map(InputMapping::key);
    Arbitrary<InputMapping> fields = Arbitraries.maps(anyString(), anyString()).ofMaxSize(3).map(InputMapping::fields);
    return Arbitraries.oneOf(key, fields).injectNull(0.4);
  }

  private Arbitrary<NodeConfig> config() {
    return Builders.withBuilder(() -> NodeConfig.DEFAULT)
        .use(Arbitraries.integers().between(1, 100)).withProbability(0.5).in(NodeConfig::withMaxRetries)
        .use(durations()).withProbability(0.5).in(NodeConfig::withRetryDelay)
        .use(durations()).withProbability(0.5).in(NodeConfig::withTimeout)
        .use(text()).withProbability(0.3).in(NodeConfig::withFallback)
        .use(Arbitraries.of(JoinStrategy.class)).withProbability(0.5).in(NodeConfig::withJoinStrategy)
        .build();
  }

  private Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 10_000_000).map(Duration::ofMillis),
        Arbitraries.longs().between(0, 1_000_000_000_000_000L).map(Duration::ofNanos),
        Arbitraries.longs().between(0, 1000).map(Duration::ofDays));
  }

  private Arbitrary<BlueprintMetadata> metadata() {
    Arbitrary<Map<String, Object>> extra = jsonObject(1)
        .filter(m -> !m.containsKey("version") && !m.containsKey("cycleEntryPoints"));
    return Combinators.combine(anyString().injectNull(0.3), text().list().ofMaxSize(3), extra)
        .as(BlueprintMetadata::new);
  }

  /** Canonical JSON values: what reading JSON produces, so equality survives the round trip. */
  private Arbitrary<Object> jsonValue(int depth) {
    List<Arbitrary<?>> scalars = List.of(
        Arbitraries.just(null), Arbitraries.of(true, false), anyString(),
        Arbitraries.integers(),
        Arbitraries.longs().filter(l -> l < Integer.MIN_VALUE || l > Integer.MAX_VALUE),
        Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
            BigInteger.TEN.pow(30)),
        Arbitraries.doubles().filter(d -> d != Math.rint(d)),
        Arbitraries.of(0.0, 1.0, -2.0, 1e300));
    Arbitrary<Object> scalar = Arbitraries.oneOf(scalars.stream().map(a -> a.map(v -> (Object) v)).toList());
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.oneOf(scalar,
        jsonValue(depth - 1).list().ofMaxSize(3).map(l -> (Object) l),
        jsonObject(depth - 1).map(m -> (Object) m));
  }

  private Arbitrary<Map<String, Object>> jsonObject(int depth) {
    return Arbitraries.maps(anyString(), jsonValue(depth)).ofMaxSize(3);
  }

  /** Non-empty strings, including quotes, unicode and JSON-path-hostile characters. */
  private Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').withChars("-_.$ ").ofMinLength(1).ofMaxLength(8),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8));
  }

  private Arbitrary<String> anyString() {
    return Arbitraries.strings().all().ofMaxLength(6);
  }
}
