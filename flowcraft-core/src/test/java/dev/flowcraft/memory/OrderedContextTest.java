package dev.flowcraft.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderedContextTest {

  @Test
  void behavesLikeALinkedHashMapIncludingNullValues() {
    Random random = new Random(42);
    Map<String, Object> expected = new LinkedHashMap<>();
    OrderedContext actual = OrderedContext.EMPTY;
    List<OrderedContext> versions = new ArrayList<>();
    List<Map<String, Object>> expectedVersions = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String key = "k" + random.nextInt(60);
      if (random.nextInt(4) == 0) {
        expected.remove(key);
        actual = actual.minus(key);
      } else {
        Object value = random.nextInt(5) == 0 ? null : i;
        expected.put(key, value);
        actual = actual.plus(key, value);
      }
      if (i % 100 == 0) {
        versions.add(actual);
        expectedVersions.add(new LinkedHashMap<>(expected));
      }
      assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
      assertThat(actual.get(key)).isEqualTo(expected.get(key));
    }
    assertThat(new ArrayList<>(actual.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    assertThat(actual).isEqualTo(expected).hasSize(expected.size());
    for (int v = 0; v < versions.size(); v++) {
      assertThat(new ArrayList<>(versions.get(v).entrySet())).as("version %s unchanged by later updates", v)
          .isEqualTo(new ArrayList<>(expectedVersions.get(v).entrySet()));
    }
  }

  @Test
  void cannotBeChangedInPlace() {
    OrderedContext c = OrderedContext.EMPTY.plus("a", 1);
    assertThatThrownBy(() -> c.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
