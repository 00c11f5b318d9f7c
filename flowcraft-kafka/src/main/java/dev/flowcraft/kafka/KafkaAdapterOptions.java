package dev.flowcraft.kafka;

import dev.flowcraft.cassandra.CassandraOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the servers are and how a worker uses them: Kafka (topic, group, dead-letter topic, partitions,
 * handler concurrency, extra client properties), Cassandra (contact point, data center, keyspace and table
 * names), Redis (URI), webhooks (the base URL of their endpoints, the secret of their ids). Immutable; build with {@link #builder()} or read the {@code FLOWCRAFT_*} environment
 * that {@code flowcraft stack up} prints with {@link #fromEnvironment(Map)}.
 *
 * @param webhookBaseUrl where a {@code WebhookServer} serves the endpoints of webhook nodes, as callers reach it
 *                       (default {@code http://127.0.0.1:8080/webhooks/})
 * @param webhookSecret  secret of the webhook ids, the same in every process (16+ bytes); null: a random one
 *                       stored in Cassandra by the first process and shared by all
 */
public record KafkaAdapterOptions(String kafkaBootstrap, Map<String, Object> kafkaProperties, String topic, String groupId,
    String deadLetterTopic, int partitions, int concurrency, String cassandraContact, String cassandraDc,
    CassandraOptions cassandra, String redisUri, boolean createSchema, Duration timerPollInterval,
    Duration reconcileInterval, Duration stallThreshold, String webhookBaseUrl, String webhookSecret) {

  public static final String ENV_KAFKA_BOOTSTRAP = "FLOWCRAFT_KAFKA_BOOTSTRAP";
  public static final String ENV_CASSANDRA_CONTACT = "FLOWCRAFT_CASSANDRA_CONTACT";
  public static final String ENV_CASSANDRA_DC = "FLOWCRAFT_CASSANDRA_DC";
  public static final String ENV_REDIS_URI = "FLOWCRAFT_REDIS_URI";
  public static final String ENV_WEBHOOK_SECRET = "FLOWCRAFT_WEBHOOK_SECRET";
  public static final String DEFAULT_WEBHOOK_BASE_URL = "http://127.0.0.1:8080/webhooks/";

  public KafkaAdapterOptions {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(cassandraContact, "cassandraContact");
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(cassandra, "cassandra");
    Objects.requireNonNull(webhookBaseUrl, "webhookBaseUrl");
    if (!webhookBaseUrl.startsWith("http://") && !webhookBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("webhookBaseUrl must be an http:// or https:// URL, e.g. "
          + DEFAULT_WEBHOOK_BASE_URL + ", not '" + webhookBaseUrl + "'");
    }
    if (webhookSecret != null && webhookSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException("webhookSecret must have at least 16 bytes (e.g. openssl rand -base64 32),"
          + " or be unset to share a random one through Cassandra");
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (partitions < 1 || concurrency < 1) {
      throw new IllegalArgumentException("partitions and concurrency must be >= 1, got " + partitions + " and " + concurrency);
    }
  }

  /** Like the record's, without the webhook secret. */
  @Override
  public String toString() {
    return "KafkaAdapterOptions[kafkaBootstrap=" + kafkaBootstrap + ", topic=" + topic + ", groupId=" + groupId
        + ", deadLetterTopic=" + deadLetterTopic + ", partitions=" + partitions + ", concurrency=" + concurrency
        + ", cassandraContact=" + cassandraContact + ", cassandraDc=" + cassandraDc + ", cassandra=" + cassandra
        + ", createSchema=" + createSchema + ", timerPollInterval=" + timerPollInterval + ", reconcileInterval="
        + reconcileInterval + ", stallThreshold=" + stallThreshold + ", webhookBaseUrl="
        + webhookBaseUrl + ", webhookSecret=" + (webhookSecret == null ? "null" : "***") + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kafkaBootstrap = kafkaBootstrap;
    b.kafkaProperties.putAll(kafkaProperties);
    b.topic = topic;
    b.groupId = groupId;
    b.deadLetterTopic = deadLetterTopic;
    b.partitions = partitions;
    b.concurrency = concurrency;
    b.cassandraContact = cassandraContact;
    b.cassandraDc = cassandraDc;
    b.cassandra = cassandra;
    b.redisUri = redisUri;
    b.createSchema = createSchema;
    b.timerPollInterval = timerPollInterval;
    b.reconcileInterval = reconcileInterval;
    b.stallThreshold = stallThreshold;
    b.webhookBaseUrl = webhookBaseUrl;
    b.webhookSecret = webhookSecret;
    return b;
  }

  /**
   * Options from the {@code FLOWCRAFT_*} variables ({@code eval "$(flowcraft stack up)"} sets them), with the
   * defaults for everything else.
   *
   * @throws IllegalArgumentException naming the missing variables
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    StringBuilder missing = new StringBuilder();
    for (String v : new String[] {ENV_KAFKA_BOOTSTRAP, ENV_CASSANDRA_CONTACT, ENV_REDIS_URI}) {
      if (env.get(v) == null || env.get(v).isBlank()) {
        missing.append(missing.length() == 0 ? "" : ", ").append(v);
      }
    }
    if (missing.length() > 0) {
      throw new IllegalArgumentException("Missing " + missing + ": pass the servers as flags, or set the variables"
          + " (eval \"$(flowcraft stack up)\" starts a local stack and prints them).");
    }
    Builder b = builder().kafkaBootstrap(env.get(ENV_KAFKA_BOOTSTRAP)).cassandraContact(env.get(ENV_CASSANDRA_CONTACT))
        .redisUri(env.get(ENV_REDIS_URI));
    if (env.get(ENV_CASSANDRA_DC) != null && !env.get(ENV_CASSANDRA_DC).isBlank()) {
      b.cassandraDc(env.get(ENV_CASSANDRA_DC));
    }
    if (env.get(ENV_WEBHOOK_SECRET) != null && !env.get(ENV_WEBHOOK_SECRET).isBlank()) {
      b.webhookSecret(env.get(ENV_WEBHOOK_SECRET));
    }
    return b;
  }

  /** Builder with the defaults of the Flowcraft Kafka adapter: topic {@code flowcraft-jobs}, group {@code flowcraft-workers}. */
  public static final class Builder {
    private String kafkaBootstrap;
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
    private String topic = "flowcraft-jobs";
    private String groupId = "flowcraft-workers";
    private String deadLetterTopic;
    private int partitions = 16;
    private int concurrency = 16;
    private String cassandraContact;
    private String cassandraDc = "datacenter1";
    private CassandraOptions cassandra = CassandraOptions.builder().build();
    private String redisUri;
    private boolean createSchema = true;
    private Duration timerPollInterval = Duration.ofMillis(250);
    private Duration reconcileInterval = Duration.ofMinutes(1);
    private Duration stallThreshold = Duration.ofMinutes(10);
    private String webhookBaseUrl = DEFAULT_WEBHOOK_BASE_URL;
    private String webhookSecret;

    public Builder kafkaBootstrap(String servers) {
      this.kafkaBootstrap = servers;
      return this;
    }

    /** Extra Kafka client properties for the producer and the consumer (security, tuning). */
    public Builder kafkaProperty(String key, Object value) {
      kafkaProperties.put(key, value);
      return this;
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /** Default: the job topic with {@code -dlq} appended. */
    public Builder deadLetterTopic(String topic) {
      this.deadLetterTopic = topic;
      return this;
    }

    /** Partitions of the job topic when this adapter creates it (default 16). */
    public Builder partitions(int n) {
      this.partitions = n;
      return this;
    }

    /** Node jobs one worker runs at once (default 16). */
    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    /** One or more {@code host:port}, comma-separated. */
    public Builder cassandraContact(String contact) {
      this.cassandraContact = contact;
      return this;
    }

    public Builder cassandraDc(String dc) {
      this.cassandraDc = dc;
      return this;
    }

    /** Keyspace and table names (validated as CQL identifiers), replication. */
    public Builder cassandra(CassandraOptions options) {
      this.cassandra = options;
      return this;
    }

    public Builder redisUri(String uri) {
      this.redisUri = uri;
      return this;
    }

    /** Whether to create the keyspace, tables and topics if missing (default true). */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /** How often a worker looks for due timers (sleeps, retry back-offs); default 250 ms. */
    public Builder timerPollInterval(Duration d) {
      this.timerPollInterval = d;
      return this;
    }

    /**
     * How often the workers of a group run a reconciliation pass (one worker at a time, chosen through a Redis
     * lock); null turns it off. Default 1 minute.
     */
    public Builder reconcileInterval(Duration d) {
      this.reconcileInterval = d;
      return this;
    }

    /**
     * A running run without recorded progress for this long is reconciled (default 10 minutes; keep it above
     * your longest node and retry delay, or an attempt that is merely slow is started a second time).
     */
    public Builder stallThreshold(Duration d) {
      this.stallThreshold = java.util.Objects.requireNonNull(d, "stallThreshold");
      return this;
    }

    /** Base URL of webhook endpoints as callers reach the webhook server (default {@value #DEFAULT_WEBHOOK_BASE_URL}). */
    public Builder webhookBaseUrl(String url) {
      this.webhookBaseUrl = url;
      return this;
    }

    /** Secret of webhook ids, the same in every process (env {@value #ENV_WEBHOOK_SECRET}); null: shared via Cassandra. */
    public Builder webhookSecret(String secret) {
      this.webhookSecret = secret;
      return this;
    }

    public KafkaAdapterOptions build() {
      return new KafkaAdapterOptions(kafkaBootstrap, kafkaProperties, topic, groupId,
          deadLetterTopic != null ? deadLetterTopic : topic + "-dlq", partitions, concurrency, cassandraContact, cassandraDc,
          cassandra, redisUri, createSchema, timerPollInterval, reconcileInterval, stallThreshold, webhookBaseUrl,
          webhookSecret);
    }
  }
}
