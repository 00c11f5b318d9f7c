package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.server.ApiToken;
import dev.flowcraft.server.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code flowcraft server}: its help and the checks made before it connects to anything. */
class ServerCommandTest {

  @Test
  void helpExplainsTokensScopesLimitsAndThatItRunsNoNode() {
    Cli.Result help = Cli.run("server", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--port", "--host", "--token", "--read-token", "FLOWCRAFT_API_TOKEN",
        "--blueprint-dir", "--webhook-token", "--max-body-bytes", "--idle-timeout", "--max-connections",
        "--kafka-bootstrap", "/openapi.json", "runs no node", "403", "401", "CORS is off");
    assertThat(Cli.run("--help").out()).contains("server");
  }

  @Test
  void withoutATokenItRefusesToStart() {
    Cli.Result r = Cli.run("server", "--port", "0", "--kafka-bootstrap", "127.0.0.1:1");
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("needs a token").contains("--token");
  }

  @Test
  void aShortTokenIsRefused() {
    Cli.Result r = Cli.run("server", "--token", "short", "--kafka-bootstrap", "127.0.0.1:1");
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("16");
  }

  @Test
  void tokensComeFromTheFlagsElseTheEnvironment() {
    ServerCommand cmd = new ServerCommand();
    List<ApiToken> fromEnv = cmd.tokens(Map.of(ServerCommand.ENV_TOKEN, "env-token-0123456789",
        ServerCommand.ENV_READ_TOKEN, "env-read-0123456789"));
    assertThat(fromEnv).extracting(ApiToken::scope).containsExactly(Scope.WRITE, Scope.READ);
    cmd.tokens = List.of("flag-token-0123456789");
    List<ApiToken> fromFlag = cmd.tokens(Map.of(ServerCommand.ENV_TOKEN, "env-token-0123456789"));
    assertThat(fromFlag).extracting(ApiToken::token).containsExactly("flag-token-0123456789");
  }
}
