package dev.flowcraft.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** JsonSize counts what Jackson writes (for text without escapes) and stops early past the cap. */
class JsonSizeProperties {

  @Property
  void matchesJacksonForPlainValues(@ForAll @Size(max = 20) List<@AlphaChars @NumericChars @StringLength(max = 30) String> strings,
      @ForAll @Size(max = 10) Map<@AlphaChars @StringLength(min = 1, max = 10) String, Long> numbers)
      throws JsonProcessingException {
    Map<String, Object> value = Map.of("strings", strings, "numbers", numbers, "flag", true, "none", "");
    long jackson = JsonValues.MAPPER.writeValueAsBytes(value).length;
    assertThat(JsonSize.of(value, Long.MAX_VALUE)).isEqualTo(jackson);
  }

  @Property
  void passesTheCapExactlyWhenTheValueDoes(@ForAll @StringLength(max = 200) @AlphaChars String s,
      @ForAll("caps") long cap) {
    long real = s.length() + 2;
    assertThat(JsonSize.of(s, cap) > cap).isEqualTo(real > cap);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> caps() {
    return net.jqwik.api.Arbitraries.longs().between(0, 250);
  }
}
