package dev.flowcraft.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.flowcraft.kafka.ServerCallCounters;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.JobQueue;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

  /** A queue whose subscriber is handed the jobs the test delivers. */
  private static final class FakeQueue implements JobQueue {
    final List<JobHandler> handlers = new ArrayList<>();

    @Override
    public void enqueue(Job job) {
    }

    @Override
    public AutoCloseable subscribe(JobHandler handler) {
      handlers.add(handler);
      return () -> { };
    }

    void deliver(Job job) throws Exception {
      handlers.get(0).handle(job);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void redis(ServerCallCounters counters, CommandType type) {
    RedisCommand cmd = new Command<>(type, new StatusOutput<>(StringCodec.UTF8));
    counters.redisListener().commandStarted(new CommandStartedEvent(cmd, System.currentTimeMillis()));
  }

  private static void cassandra(ServerCallCounters counters, String cql) {
    counters.cassandraTracker().onSuccess(SimpleStatement.newInstance(cql), 1000, null, null, "t");
  }

  /** 2 jobs handled (one failing), 3 Cassandra statements (1 LWT), 4 Redis commands, 2 Kafka records. */
  private static ServerCallCounters busyCounters(FakeQueue fake) throws Exception {
    ServerCallCounters counters = new ServerCallCounters();
    JobQueue q = counters.countingQueue(fake);
    q.subscribe(job -> {
      if (job.nodeId().equals("boom")) {
        throw new IllegalStateException("boom");
      }
    });
    return counters;
  }

  private static void work(ServerCallCounters counters, FakeQueue fake) throws Exception {
    JobQueue q = counters.countingQueue(fake);
    q.enqueue(Job.execute("r", "a", ""));
    q.enqueue(Job.execute("r", "b", ""));
    fake.deliver(Job.execute("r", "a", ""));
    assertThatThrownBy(() -> fake.deliver(new Job(JobKind.WAKE, "r", "boom", "", -1, 1)))
        .isInstanceOf(IllegalStateException.class);
    cassandra(counters, "SELECT * FROM ctx WHERE run_id = ?");
    cassandra(counters, "INSERT INTO runs (id) VALUES (?) IF NOT EXISTS");
    cassandra(counters, "UPDATE runs SET status = ? WHERE id = ?");
    redis(counters, CommandType.EVALSHA);
    redis(counters, CommandType.EVALSHA);
    redis(counters, CommandType.SET);
    redis(counters, CommandType.GET);
  }

  @Test
  void prometheusTextHasTheCountersTimerAndPerJobGauges() throws Exception {
    FakeQueue fake = new FakeQueue();
    ServerCallCounters counters = busyCounters(fake);
    WorkerMetrics metrics = WorkerMetrics.prometheus(counters);
    work(counters, fake);

    String text = metrics.scrape();

    assertThat(text).contains("# TYPE flowcraft_worker_cassandra_statements_total counter");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_cassandra_statements_total 3(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_cassandra_lwt_total 1(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_redis_commands_total 4(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_kafka_records_total 2(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_jobs_total 2(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_calls_per_job\\{server=\"redis\"} 2(\\.0)?$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_calls_per_job\\{server=\"cassandra\"} 1\\.5$");
    assertThat(text).contains("# TYPE flowcraft_worker_job_seconds histogram");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_job_seconds_count\\{kind=\"execute\",outcome=\"ok\"} 1$");
    assertThat(text).containsPattern("(?m)^flowcraft_worker_job_seconds_count\\{kind=\"wake\",outcome=\"error\"} 1$");
    assertThat(text).containsPattern("flowcraft_worker_job_seconds_bucket\\{kind=\"execute\",outcome=\"ok\",le=\"\\+Inf\"} 1");
    // the breakdown by statement and command, registered at the scrape
    assertThat(text).containsPattern("(?m)^flowcraft_worker_calls_total\\{call=\"EVALSHA\",server=\"redis\"} 2(\\.0)?$");
    assertThat(text).containsPattern(
        "(?m)^flowcraft_worker_calls_total\\{call=\"LWT INSERT INTO runs\",server=\"cassandra\"} 1(\\.0)?$");
    assertThat(text).contains("process_cpu_usage");
  }

  @Test
  void anyRegistryGetsTheSameMetersAndCountsFollowTheCounters() throws Exception {
    FakeQueue fake = new FakeQueue();
    ServerCallCounters counters = busyCounters(fake);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkerMetrics metrics = WorkerMetrics.bind(counters, registry);
    work(counters, fake);
    work(counters, fake);
    metrics.refresh();

    assertThat(registry.get("flowcraft.worker.cassandra.statements").functionCounter().count()).isEqualTo(6);
    assertThat(registry.get("flowcraft.worker.jobs").functionCounter().count()).isEqualTo(4);
    assertThat(registry.get("flowcraft.worker.job").tags("kind", "execute").timer().count()).isEqualTo(2);
    assertThat(registry.get("flowcraft.worker.calls").tags("server", "redis", "call", "SET").functionCounter().count())
        .isEqualTo(2);
    assertThatThrownBy(metrics::scrape).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void perJobIsZeroBeforeTheFirstJob() {
    assertThat(WorkerMetrics.perJob(5, 0)).isZero();
    assertThat(WorkerMetrics.perJob(5, 2)).isEqualTo(2.5);
  }

  @Test
  void serverServesMetricsAndNothingElse() throws Exception {
    FakeQueue fake = new FakeQueue();
    ServerCallCounters counters = busyCounters(fake);
    WorkerMetrics metrics = WorkerMetrics.prometheus(counters);
    work(counters, fake);
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
      assertThat(ok.body()).containsPattern("(?m)^flowcraft_worker_jobs_total 2(\\.0)?$");

      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/other")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
