package dev.flowcraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void controlCharactersAreEscapedAndOtherTextIsKept() {
    assertThat(SafeText.escapeControls("plain ünïcode → text")).isEqualTo("plain ünïcode → text");
    assertThat(SafeText.escapeControls("a\u001b[31mred\nforged\r\u007f\u0085"))
        .isEqualTo("a\\u001b[31mred\\u000aforged\\u000d\\u007f\\u0085");
    assertThat(SafeText.escapeControls(null)).isEqualTo("null");
  }

  @Test
  void quotedTextIsCutAfterItsLimit() {
    assertThat(SafeText.quoted("abc", 10)).isEqualTo("'abc'");
    assertThat(SafeText.quoted("abcdef", 3)).isEqualTo("'abc...'");
    assertThat(SafeText.quoted("a\nb", 10)).isEqualTo("'a\\u000ab'");
    assertThat(SafeText.quoted(null, 10)).isEqualTo("null");
  }
}
