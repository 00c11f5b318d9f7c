package dev.flowcraft.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CqlIdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "flowcraft", "Flowcraft_Context", "t1", "a_b_c_123",
      "a23456789012345678901234567890123456789012345678"})
  void acceptsPlainIdentifiers(String name) {
    assertThat(CqlIdentifiers.require("table", name)).isEqualTo(name);
    assertThat(CqlIdentifiers.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "_abc", "a-b", "a b", "a.b", "ks;DROP KEYSPACE x", "\"quoted\"", "tä",
      "a234567890123456789012345678901234567890123456789"})
  void rejectsAnythingElseWithAMessageSayingWhatIsAllowed(String name) {
    assertThat(CqlIdentifiers.isValid(name)).isFalse();
    assertThatThrownBy(() -> CqlIdentifiers.require("keyspace", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyspace")
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("letters, digits and underscores")
        .hasMessageContaining("starting with a letter");
  }

  @Test
  void rejectsNull() {
    assertThat(CqlIdentifiers.isValid(null)).isFalse();
    assertThatThrownBy(() -> CqlIdentifiers.require("table", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
  }
}
