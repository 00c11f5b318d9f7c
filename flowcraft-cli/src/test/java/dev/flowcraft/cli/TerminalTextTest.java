package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hardening: context keys, ids and messages printed for an operator cannot carry terminal control codes. */
class TerminalTextTest {

  @Test
  void controlCharactersInContextKeysAndValuesAreEscaped() {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("\u001b[2J\u001b[31mred", "ok");
    ctx.put("forged\nRun x of 'y': COMPLETED", 1);
    RunResult r = new RunResult("run-1", "bp", RunStatus.FAILED, "boom\r\nfake", ctx, List.of(), Map.of(), List.of(),
        null, null);
    StringWriter text = new StringWriter();
    RunReport.printText(r, new PrintWriter(text, true));
    String out = text.toString();
    assertThat(out).doesNotContain("\u001b").doesNotContain("\r");
    assertThat(out.lines()).noneMatch(l -> l.startsWith("Run x"));
    assertThat(out).contains("\\u001b[2J").contains("forged\\u000aRun x").contains("boom\\u000d\\u000afake");
  }

  @Test
  void plainTextIsUnchanged() {
    assertThat(TerminalText.safe("order-42 é ✓")).isEqualTo("order-42 é ✓");
  }
}
