package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.kafka.bench.BenchOptions;
import dev.flowcraft.kafka.bench.RawLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing of {@code flowcraft bench} (nothing here connects to a server). */
class BenchCommandTest {

  private static BenchCommand parse(String... args) {
    BenchCommand cmd = new BenchCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void rawOptionsDefaultToTenSecondsPerProbeAt64AndTheWorkersConcurrency() {
    RawLimits.Options o = parse("--raw").rawOptions();
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.cassandraConcurrency()).isEqualTo(64);
    assertThat(o.kafkaInFlight()).isEqualTo(1000);
    assertThat(o.redisConcurrency()).isEqualTo(16);
    assertThat(o.servers()).isEqualTo(EnumSet.allOf(RawLimits.Server.class));
    assertThat(o.progress()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rawOptionsFromFlags() {
    RawLimits.Options o = parse("--raw", "--duration", "60s", "--raw-concurrency", "32", "--raw-kafka-in-flight", "200",
        "--concurrency", "8", "--raw-servers", "redis,Kafka", "--progress", "0").rawOptions();
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(3)); // a fifth, at most 3 s
    assertThat(o.cassandraConcurrency()).isEqualTo(32);
    assertThat(o.kafkaInFlight()).isEqualTo(200);
    assertThat(o.redisConcurrency()).isEqualTo(8);
    assertThat(o.servers()).containsExactlyInAnyOrder(RawLimits.Server.REDIS, RawLimits.Server.KAFKA);
    assertThat(o.progress()).isNull();
  }

  @Test
  void badRawOptionsAreUsageErrors() {
    assertThatThrownBy(() -> parse("--raw", "--raw-servers", "mysql").rawOptions()).isInstanceOf(CliException.class)
        .hasMessageContaining("Unknown server 'mysql'");
    assertThatThrownBy(() -> parse("--raw", "--raw-concurrency", "0").rawOptions()).isInstanceOf(CliException.class)
        .hasMessageContaining(">= 1");
  }

  @Test
  void sweepRatesAndThePointsFileNextToThePlot() {
    assertThat(parse("--sweep-rates", "100,5, 20").rates()).containsExactly(5.0, 20.0, 100.0);
    assertThat(BenchCommand.pointsFile(Path.of("out", "latency.svg"))).isEqualTo(Path.of("out", "latency.json"));
    assertThat(BenchCommand.pointsFile(Path.of("latency.SVG"))).isEqualTo(Path.of("latency.json"));
    assertThat(BenchCommand.pointsFile(Path.of("plot"))).isEqualTo(Path.of("plot.json"));
    BenchOptions load = parse("--sweep-rates", "5,20", "--duration", "20s", "--warmup", "50").loadOptions();
    assertThat(load.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(load.warmup()).isEqualTo(50);
  }

  @Test
  void usageErrorsBeforeAnyConnection() {
    assertUsageError(Cli.run("bench", "--plot", "x.svg"), "--plot needs --sweep-rates");
    assertUsageError(Cli.run("bench", "--sweep-rates", "5,x"), "'x' is not a number");
    assertUsageError(Cli.run("bench", "--sweep-rates", "5,20", "--rate", "5"), "drop --rate and --in-flight");
    assertUsageError(Cli.run("bench", "--raw", "--rate", "5"), "--rate does not apply to --raw");
    assertUsageError(Cli.run("bench", "--raw", "--sweep-rates", "5"), "--sweep-rates does not apply to --raw");
    assertUsageError(Cli.run("bench", "--raw", "--raw-servers", "mysql"), "Unknown server 'mysql'");
  }

  private static void assertUsageError(Cli.Result r, String message) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).as(r.toString()).contains(message);
  }
}
