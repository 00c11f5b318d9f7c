package dev.flowcraft.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.ErrorInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

  private static final Blueprint BP = BlueprintJson.read("""
      {"id":"m","nodes":[
        {"id":"fetch","uses":"fail","params":{"message":"no route"},
         "_sourceLocation":{"file":"src/flow.ts","line":12,"column":5}},
        {"id":"plain","uses":"fail"}],
       "edges":[{"source":"fetch","target":"plain"}]}
      """);
  private final ErrorMapper mapper = ErrorMapper.of(List.of(BP));


  @Test
  void mapsARunErrorOfANodeWithALocation() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(NodeRegistry.empty()).build()) {
      RunResult r = rt.run(BP);
      ErrorInfo err = r.errors().get(0);
      assertThat(mapper.map(err)).isEqualTo("Workflow error at src/flow.ts:12:5. Original error: " + err.message());
    }
  }

  @Test
  void mapsAnExceptionNamingTheNodeInItsMessage() {
    RuntimeException original = new IllegalStateException("Failed at nodeId: fetch, retry later");
    Throwable mapped = mapper.map(original);
    assertThat(mapped).isInstanceOf(FlowcraftException.class).hasCause(original)
        .hasMessage("Workflow error at src/flow.ts:12:5. Original error: Failed at nodeId: fetch, retry later");
  }

  @Test
  void mapsAnExceptionCarryingItsNodeId() {
    class Boom extends RuntimeException implements ErrorMapper.NodeFailure {
      Boom() {
        super("boom");
      }

      public String nodeId() {
        return "fetch";
      }
    }
    assertThat(mapper.map(new Boom())).hasMessage("Workflow error at src/flow.ts:12:5. Original error: boom");
  }

  @Test
  void leavesUnplaceableErrorsAlone() {
    RuntimeException noNode = new IllegalStateException("something broke");
    assertThat(mapper.map(noNode)).isSameAs(noNode);
    RuntimeException noLocation = new IllegalStateException("nodeId plain failed");
    assertThat(mapper.map(noLocation)).isSameAs(noLocation);
    ErrorInfo unknown = new ErrorInfo("ghost", "X", "gone", false, Instant.EPOCH);
    assertThat(mapper.map(unknown)).isEqualTo("gone");
    assertThat(mapper.locate("plain")).isEmpty();
  }
}
