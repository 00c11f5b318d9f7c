package dev.flowcraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run endpoints over real HTTP against an in-memory runtime. */
class RunEndpointsTest {

  private InMemoryServer s;
  private Api api;

  @BeforeEach
  void start() {
    s = new InMemoryServer(List.of(InMemoryServer.example("hello.json"), InMemoryServer.example("approval.json")));
    api = s.api();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private JsonNode awaitStatus(String runId, String status) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      Api.Reply r = api.get("/api/v1/runs/" + runId);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      last[0] = r.json();
      return status.equals(last[0].get("status").asText());
    });
    return last[0];
  }

  @Test
  void aRunStartedByIdCompletesAndReadsBackWithItsNodes() {
    Api.Reply started = api.post("/api/v1/runs", "{\"blueprintId\": \"hello\", \"input\": {\"order\": {\"price\": 40, \"quantity\": 3, \"taxRate\": 0.25}}}");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String runId = started.json().get("runId").asText();
    assertThat(started.header("Location")).isEqualTo("/api/v1/runs/" + runId);
    assertThat(started.json().get("blueprintId").asText()).isEqualTo("hello");

    JsonNode run = awaitStatus(runId, "completed");
    assertThat(run.get("context").isObject()).isTrue();
    assertThat(run.get("nodes").isArray()).isTrue();
    assertThat(run.get("context").get("_outputs.freeShipping").get("amount").asDouble()).isEqualTo(150.0);
    assertThat(statusOf(run, "freeShipping")).isEqualTo("completed");
    assertThat(statusOf(run, "paidShipping")).isEqualTo("skipped");
    assertThat(run.get("nodes")).hasSize(5).allSatisfy(n -> assertThat(n.get("recordedAt").asText()).isNotBlank());
    assertThat(run.get("nodes").get(0).get("nodeId").asText()).isEqualTo("subtotal");
    assertThat(run.get("nodes").get(0).get("attempts").asInt()).isEqualTo(1);
    assertThat(run.get("createdAt").asText()).isNotBlank();
    assertThat(run.get("errors")).isEmpty();
  }

  @Test
  void anInlineBlueprintRuns() {
    String bp = "{\"id\": \"inline\", \"nodes\": [{\"id\": \"a\", \"uses\": \"transform\", \"params\": {\"value\": \"1 + 2\"}}]}";
    Api.Reply started = api.post("/api/v1/runs", "{\"blueprint\": " + bp + "}");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    JsonNode run = awaitStatus(started.json().get("runId").asText(), "completed");
    assertThat(run.get("context").get("_outputs.a").asInt()).isEqualTo(3);
  }

  @Test
  void theApprovalExampleAwaitsThenRejectOverHttpRunsTheRejectBranchOnly() {
    Api.Reply started = api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"input\": {\"orderId\": \"A-17\"}}");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String runId = started.json().get("runId").asText();
    JsonNode awaiting = awaitStatus(runId, "awaiting");
    assertThat(awaiting.get("awaiting").get(0).asText()).isEqualTo("approval");
    JsonNode detail = awaiting.get("awaitingDetails").get(0);
    assertThat(detail.get("nodeId").asText()).isEqualTo("approval");
    assertThat(detail.get("since").asText()).isNotBlank();

    Api.Reply unknown = api.post("/api/v1/runs/" + runId + "/resume", "{\"action\": \"maybe\"}");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(409);
    assertThat(unknown.errorCode()).isEqualTo("cannot_resume");
    assertThat(unknown.json().get("error").get("message").asText()).contains("approve").contains("reject");

    Api.Reply resumed = api.post("/api/v1/runs/" + runId + "/resume", "{\"action\": \"reject\", \"output\": {\"by\": \"ops\"}}");
    assertThat(resumed.status()).as(resumed.toString()).isEqualTo(202);
    assertThat(resumed.json().get("resumedNode").asText()).isEqualTo("approval");

    JsonNode done = awaitStatus(runId, "completed");
    assertThat(done.get("context").get("_outputs.rejected").asText()).isEqualTo("order A-17 rejected");
    assertThat(statusOf(done, "rejected")).isEqualTo("completed");
    assertThat(statusOf(done, "approved")).isEqualTo("skipped");
    assertThat(statusOf(done, "approval")).isEqualTo("completed");

    Api.Reply again = api.post("/api/v1/runs/" + runId + "/resume", "{\"action\": \"approve\"}");
    assertThat(again.status()).as(again.toString()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("run_finished");
  }

  private static String statusOf(JsonNode run, String nodeId) {
    for (JsonNode n : run.get("nodes")) {
      if (n.get("nodeId").asText().equals(nodeId)) {
        return n.get("status").asText();
      }
    }
    return null;
  }

  @Test
  void anIdempotentStartReturnsTheExistingRunWith200() {
    String body = "{\"blueprintId\": \"approval\", \"runId\": \"order-42:try-1\", \"input\": {\"orderId\": \"B\"}}";
    Api.Reply first = api.post("/api/v1/runs", body);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().get("runId").asText()).isEqualTo("order-42:try-1");
    Api.Reply second = api.post("/api/v1/runs", body);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().get("runId").asText()).isEqualTo("order-42:try-1");

    Api.Reply other = api.post("/api/v1/runs", "{\"blueprintId\": \"hello\", \"runId\": \"order-42:try-1\"}");
    assertThat(other.status()).as(other.toString()).isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("run_id_conflict");
  }

  @Test
  void cancelEndsAnAwaitingRunCancelled() {
    String runId = api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"input\": {\"orderId\": \"C\"}}")
        .json().get("runId").asText();
    awaitStatus(runId, "awaiting");
    Api.Reply cancelled = api.post("/api/v1/runs/" + runId + "/cancel", null);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
    assertThat(cancelled.json().get("cancelRequested").asBoolean()).isTrue();
    awaitStatus(runId, "cancelled");
    Api.Reply twice = api.post("/api/v1/runs/" + runId + "/cancel", null);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.errorCode()).isEqualTo("run_finished");
  }

  @Test
  void aSignalResumesTheNodesWaitingForTheEvent() {
    String bp = "{\"id\": \"signalled\", \"nodes\": ["
        + "{\"id\": \"w\", \"uses\": \"wait\", \"params\": {\"eventName\": \"paid\"}},"
        + "{\"id\": \"after\", \"uses\": \"transform\", \"params\": {\"value\": \"'paid ' + w.amount\"}}],"
        + "\"edges\": [{\"source\": \"w\", \"target\": \"after\"}]}";
    String runId = api.post("/api/v1/runs", "{\"blueprint\": " + bp + "}").json().get("runId").asText();
    JsonNode awaiting = awaitStatus(runId, "awaiting");
    assertThat(awaiting.get("awaitingDetails").get(0).get("details").get("eventName").asText()).isEqualTo("paid");

    Api.Reply none = api.post("/api/v1/runs/" + runId + "/signal", "{\"event\": \"other\"}");
    assertThat(none.status()).as(none.toString()).isEqualTo(200);
    assertThat(none.json().get("resumed").asInt()).isZero();

    Api.Reply signalled = api.post("/api/v1/runs/" + runId + "/signal", "{\"event\": \"paid\", \"payload\": {\"amount\": 12}}");
    assertThat(signalled.status()).as(signalled.toString()).isEqualTo(200);
    assertThat(signalled.json().get("resumed").asInt()).isEqualTo(1);
    JsonNode done = awaitStatus(runId, "completed");
    assertThat(done.get("context").get("_outputs.after").asText()).isEqualTo("paid 12");
  }

  @Test
  void pauseThenResumeWithoutAction() {
    String bp = "{\"id\": \"sleepy\", \"nodes\": ["
        + "{\"id\": \"nap\", \"uses\": \"sleep\", \"params\": {\"duration\": \"300ms\"}},"
        + "{\"id\": \"next\", \"uses\": \"transform\", \"params\": {\"value\": \"'up'\"}}],"
        + "\"edges\": [{\"source\": \"nap\", \"target\": \"next\"}]}";
    String runId = api.post("/api/v1/runs", "{\"blueprint\": " + bp + "}").json().get("runId").asText();
    Api.Reply paused = api.post("/api/v1/runs/" + runId + "/pause", null);
    assertThat(paused.status()).as(paused.toString()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode r = api.get("/api/v1/runs/" + runId).json();
      return "awaiting".equals(r.get("status").asText()) && r.get("awaiting").toString().contains("next");
    });
    Api.Reply resumed = api.post("/api/v1/runs/" + runId + "/resume", "");
    assertThat(resumed.status()).as(resumed.toString()).isEqualTo(202);
    awaitStatus(runId, "completed");
  }

  @Test
  void listingPagesThroughEveryRunOfAStatusWithTheCursor() {
    for (int i = 0; i < 7; i++) {
      assertThat(api.post("/api/v1/runs", "{\"blueprintId\": \"approval\", \"runId\": \"page-" + i
          + "\", \"input\": {\"orderId\": \"" + i + "\"}}").status()).isEqualTo(201);
    }
    for (int i = 0; i < 7; i++) {
      awaitStatus("page-" + i, "awaiting");
    }
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Reply page = api.get("/api/v1/runs?status=awaiting&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.json().get("runs").size()).isLessThanOrEqualTo(3);
      page.json().get("runs").forEach(r -> {
        assertThat(r.get("status").asText()).isEqualTo("awaiting");
        assertThat(seen.add(r.get("runId").asText())).as("each run once").isTrue();
      });
      cursor = page.json().hasNonNull("nextCursor") ? page.json().get("nextCursor").asText() : null;
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).hasSize(7).allMatch(id -> id.startsWith("page-"));
    assertThat(pages).isBetween(3, 4);

    // without status: every status in turn; with a cursor of another filter: 400
    Api.Reply all = api.get("/api/v1/runs?limit=500");
    assertThat(all.json().get("runs").size()).isEqualTo(7);
    String awaitingCursor = api.get("/api/v1/runs?status=awaiting&limit=1").json().get("nextCursor").asText();
    Api.Reply mismatch = api.get("/api/v1/runs?status=running&cursor=" + awaitingCursor);
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.errorCode()).isEqualTo("invalid_parameter");
    Api.Reply garbage = api.get("/api/v1/runs?cursor=not-a-cursor");
    assertThat(garbage.status()).isEqualTo(400);
    Api.Reply byBlueprint = api.get("/api/v1/runs?blueprint=approval");
    assertThat(byBlueprint.status()).isEqualTo(400);
    assertThat(byBlueprint.errorCode()).isEqualTo("unsupported_filter");
    assertThat(api.get("/api/v1/runs?status=bogus").errorCode()).isEqualTo("invalid_parameter");
    assertThat(api.get("/api/v1/runs?limit=0").errorCode()).isEqualTo("invalid_parameter");
  }
}
