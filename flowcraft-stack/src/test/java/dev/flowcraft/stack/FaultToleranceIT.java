package dev.flowcraft.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stops, kills and restarts servers of the shared stack; each test leaves the stack running again. */
@FlowcraftStackTest
class FaultToleranceIT {

    @Test
    void kafkaKeepsItsDataAcrossKillNine(TestStack stack) throws Exception {
        LocalStack local = stack.localStack();
        String topic = stack.uniqueName("durable");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 1, "k", "before-crash")).get(30, TimeUnit.SECONDS);
        }
        long oldPid = local.pid(Server.KAFKA).orElseThrow();

        local.kill(Server.KAFKA);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(local.pid(Server.KAFKA)).isEmpty();

        local.start(Server.KAFKA);
        assertThat(local.pid(Server.KAFKA)).isPresent().isNotEqualTo(OptionalLong.of(oldPid));

        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, stack.uniqueName("g"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("before-crash");
    }

    @Test
    void cassandraKeepsItsDataAcrossKillNine(TestStack stack) {
        LocalStack local = stack.localStack();
        String ks = stack.uniqueName("ks");
        try (CqlSession session = CassandraStackIT.session(stack)) {
            session.execute("CREATE KEYSPACE " + ks
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE " + ks + ".kv (k text PRIMARY KEY, v text)");
            session.execute("INSERT INTO " + ks + ".kv (k, v) VALUES ('x', 'before-crash')");
        }

        local.kill(Server.CASSANDRA);
        assertThat(local.pid(Server.CASSANDRA)).isEmpty();
        local.start(Server.CASSANDRA);

        try (CqlSession session = CassandraStackIT.session(stack)) {
            assertThat(session.execute("SELECT v FROM " + ks + ".kv WHERE k = 'x'").one().getString(0))
                    .isEqualTo("before-crash");
        }
    }

    @Test
    void redisKeepsItsDataAcrossRestart(TestStack stack) {
        LocalStack local = stack.localStack();
        String key = stack.uniqueName("k");
        RedisClient client = RedisClient.create(stack.redisUri());
        try {
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set(key, "before-restart");
            }
            long oldPid = local.pid(Server.REDIS).orElseThrow();
            local.restart(Server.REDIS);
            assertThat(local.pid(Server.REDIS).orElseThrow()).isNotEqualTo(oldPid);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().get(key)).isEqualTo("before-restart");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void startsAndKillsAJvmChildProcess(TestStack stack) throws Exception {
        String classpath = Path.of(SleeperMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        JvmProcess jvm = stack.localStack().startJvm(SleeperMain.class.getName(), classpath, List.of("worker-1"),
                stack.connectionInfo().toEnv());

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(jvm.logFile())
                && Files.readString(jvm.logFile()).contains("sleeper started with worker-1 bootstrap="
                + stack.kafkaBootstrap()));
        assertThat(jvm.isAlive()).isTrue();
        assertThat(stack.localStack().jvms()).contains(jvm);

        jvm.kill();
        assertThat(jvm.isAlive()).isFalse();
        assertThat(ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
