package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Every example runs JSON-only to the documented status and values. */
class ExamplesTest {

  private static JsonNode runJson(String example, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "run";
    args[1] = Cli.example(example);
    args[2] = "--output";
    args[3] = "json";
    System.arraycopy(extra, 0, args, 4, extra.length);
    Cli.Result r = Cli.run(args);
    JsonNode json = r.json();
    assertThat(json.path("status").asText()).as(r.toString()).isNotBlank();
    return json;
  }

  private static JsonNode output(JsonNode run, String nodeId) {
    return run.path("context").path("_outputs." + nodeId);
  }

  @Test
  void helloComputesTotalWithTaxAndTakesTheFreeShippingBranch() {
    JsonNode run = runJson("hello.json", "--input", "@" + Cli.example("hello-input.json"));
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(output(run, "subtotal").asInt()).isEqualTo(120);
    assertThat(output(run, "total").asDouble()).isEqualTo(150.0);
    assertThat(output(run, "freeShipping").path("shipping").asInt()).isZero();
    assertThat(run.path("nodes").path("paidShipping").asText()).isEqualTo("skipped");
    assertThat(output(run, "receipt").path("amount").asDouble()).isEqualTo(150.0);
  }

  @Test
  void helloChargesShippingBelowOneHundred() {
    JsonNode run = runJson("hello.json", "--input", "{\"order\":{\"price\":10,\"quantity\":2,\"taxRate\":0.5}}");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(output(run, "paidShipping").path("amount").asDouble()).isEqualTo(35.0);
    assertThat(run.path("nodes").path("freeShipping").asText()).isEqualTo("skipped");
  }

  @Test
  void branchingJoinsAfterExclusiveBranchesThanksToDeadPathElimination() {
    JsonNode low = runJson("branching.json", "--input", "{\"amount\": 250}");
    assertThat(low.path("status").asText()).isEqualTo("completed");
    assertThat(output(low, "decision").path("outcome").asText()).isEqualTo("approved automatically");
    assertThat(low.path("nodes").path("rejected").asText()).isEqualTo("skipped");
    assertThat(low.path("nodes").path("manualReview").asText()).isEqualTo("skipped");
    assertThat(low.path("nodes").path("decision").asText()).isEqualTo("completed");

    JsonNode high = runJson("branching.json", "--input", "{\"amount\": 5000}");
    assertThat(output(high, "decision").path("outcome").asText()).isEqualTo("sent to a reviewer");
    assertThat(output(high, "decision").path("risk").asText()).isEqualTo("high");
  }

  @Test
  void retryFallbackQueuesTheChargeAfterThreeAttempts() {
    JsonNode run = runJson("retry-fallback.json", "--input", "{\"orderId\": \"A-17\", \"amount\": 99}");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("nodes").path("charge").asText()).isEqualTo("fell_back");
    assertThat(output(run, "confirm").asText()).isEqualTo("order A-17: payment queued");
    assertThat(run.path("context").path("_catch_error").path("message").asText())
        .isEqualTo("payment provider unavailable");
    assertThat(run.path("errors")).isEmpty();
  }

  @Test
  void loopCountsToFive() {
    JsonNode run = runJson("loop.json");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("context").path("count").asInt()).isEqualTo(5);
    assertThat(output(run, "done").asText()).isEqualTo("counted to 5");
  }

  @Test
  void batchSquaresEveryNumberInChunksOfTwo() {
    JsonNode run = runJson("batch.json", "--input", "{\"numbers\": [1, 2, 3, 4, 5]}");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("context").path("squares").toString()).isEqualTo("[1,4,9,16,25]");
    assertThat(output(run, "square_scatter").path("chunkSize").asInt()).isEqualTo(2);
    assertThat(output(run, "summary").path("count").asInt()).isEqualTo(5);
  }

  @Test
  void subflowFindsMathByIdInTheSameDirectory() {
    JsonNode run = runJson("subflow.json", "--input", "{\"x\": 6, \"y\": 7}");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("context").path("sum").asInt()).isEqualTo(13);
    assertThat(run.path("context").path("product").asInt()).isEqualTo(42);
    assertThat(output(run, "report").asText()).isEqualTo("sum 13, product 42");
  }

  @Test
  void sleepWaitAwaitsWithExit3ThenCompletesWithWaitFinal() {
    Cli.Result awaiting = Cli.run("run", Cli.example("sleep-wait.json"), "--output", "json");
    assertThat(awaiting.exit()).as(awaiting.toString()).isEqualTo(ExitCodes.AWAITING);
    assertThat(awaiting.json().path("status").asText()).isEqualTo("awaiting");
    assertThat(awaiting.json().path("awaiting").toString()).isEqualTo("[\"pause\"]");

    long t0 = System.nanoTime();
    Cli.Result done = Cli.run("run", Cli.example("sleep-wait.json"), "--output", "json", "--wait-final");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(done.exit()).as(done.toString()).isZero();
    assertThat(output(done.json(), "after").asText()).isEqualTo("started, then resumed after the sleep");
    assertThat(millis).isGreaterThanOrEqualTo(900);
  }

  @Test
  void approvalAwaitsTheDecisionAndSaysWhatItWaitsFor() {
    Cli.Result awaiting = Cli.run("run", Cli.example("approval.json"), "--input", "{\"orderId\": \"A-17\"}", "--output", "json");
    assertThat(awaiting.exit()).as(awaiting.toString()).isEqualTo(ExitCodes.AWAITING);
    JsonNode json = awaiting.json();
    assertThat(json.path("awaiting").toString()).isEqualTo("[\"approval\"]");
    assertThat(json.path("awaitingDetails").path("approval").path("reason").asText()).isEqualTo("external_event");
    assertThat(json.path("awaitingDetails").path("approval").path("eventName").asText()).isEqualTo("approval");
  }

  @Test
  void mathRunsOnItsOwnToo() {
    JsonNode run = runJson("math.json", "--input", "{\"a\": 2, \"b\": 3}");
    assertThat(output(run, "add").asInt()).isEqualTo(5);
    assertThat(output(run, "multiply").asInt()).isEqualTo(6);
  }
}
