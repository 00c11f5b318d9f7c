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
 * @param retention      how long a finished run (completed, failed, cancelled) is kept after its final status:
 *                       the workers' periodic pass ({@link #reconcileInterval()}) deletes older ones (default 7
 *                       days; zero keeps them forever). Running and awaiting runs are never deleted.
 */
public record KafkaAdapterOptions(String kafkaBootstrap, Map<String, Object> kafkaProperties, String topic, String groupId,
    String deadLetterTopic, int partitions, int concurrency, String cassandraContact, String cassandraDc,
    CassandraOptions cassandra, String redisUri, boolean createSchema, Duration timerPollInterval,
    Duration reconcileInterval, Duration stallThreshold, String webhookBaseUrl, String webhookSecret,
    Duration retention) {

  public static final String ENV_KAFKA_BOOTSTRAP = "FLOWCRAFT_KAFKA_BOOTSTRAP";
  public static final String ENV_CASSANDRA_CONTACT = "FLOWCRAFT_CASSANDRA_CONTACT";
  public static final String ENV_CASSANDRA_DC = "FLOWCRAFT_CASSANDRA_DC";
  public static final String ENV_REDIS_URI = "FLOWCRAFT_REDIS_URI";
  public static final String ENV_WEBHOOK_SECRET = "FLOWCRAFT_WEBHOOK_SECRET";
  public static final String ENV_RETENTION = "FLOWCRAFT_RETENTION";
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
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
    Objects.requireNonNull(retention, "retention (Duration.ZERO keeps finished runs forever)");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must be zero (keep finished runs forever) or positive, not " + retention);
    }
    Duration indexTtl = cassandra.finalIndexTtl();
    if (!retention.isZero() && !indexTtl.isZero() && indexTtl.compareTo(retention) < 0) {
      throw new IllegalArgumentException("The Cassandra finalIndexTtl (" + indexTtl + ") is shorter than the retention ("
          + retention + "): the purge finds finished runs through those index rows, so runs whose rows expired first"
          + " would never be deleted. Leave finalIndexTtl at zero (the purge deletes the rows with the runs) or make it"
          + " at least the retention.");
    }
  }

  /** Whether the workers delete finished runs older than {@link #retention()}. */
  public boolean retains() {
    return !retention.isZero();
  }

  /** Like the record's, without the webhook secret. */
  @Override
  public String toString() {
    return "KafkaAdapterOptions[kafkaBootstrap=" + kafkaBootstrap + ", topic=" + topic + ", groupId=" + groupId
        + ", deadLetterTopic=" + deadLetterTopic + ", partitions=" + partitions + ", concurrency=" + concurrency
        + ", cassandraContact=" + cassandraContact + ", cassandraDc=" + cassandraDc + ", cassandra=" + cassandra
        + ", createSchema=" + createSchema + ", timerPollInterval=" + timerPollInterval + ", reconcileInterval="
        + reconcileInterval + ", stallThreshold=" + stallThreshold + ", webhookBaseUrl="
        + webhookBaseUrl + ", webhookSecret=" + (webhookSecret == null ? "null" : "***") + ", retention=" + retention
        + "]";
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
    b.retention = retention;
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
    if (env.get(ENV_RETENTION) != null && !env.get(ENV_RETENTION).isBlank()) {
      try {
        b.retention(parseRetention(env.get(ENV_RETENTION)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(ENV_RETENTION + ": " + e.getMessage(), e);
      }
    }
    return b;
  }

  private static final java.util.regex.Pattern SIMPLE_DURATION = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  /**
   * Parses a retention period: a duration as {@link #parseDuration} reads it; {@code 0}, {@code none} or
   * {@code off} keep finished runs forever ({@link Duration#ZERO}).
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  public static Duration parseRetention(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("none") || v.equals("off") || v.equals("forever")) {
      return Duration.ZERO;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + value + "' is not a retention period; use e.g. 7d, 12h, 30m, P7D, or 0"
          + " (or none) to keep finished runs forever");
    }
  }

  /**
   * Parses a duration as operators write it: {@code 500ms}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, a
   * bare number of seconds, or ISO-8601 ({@code PT1M}, {@code P7D}). Never negative. The one grammar of the
   * environment variables and the CLI's duration options.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  public static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = SIMPLE_DURATION.matcher(v);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
      }
      Duration d = Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (RuntimeException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 500ms, 60s, 5m, 1h, 7d or PT1M");
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
    private Duration retention = DEFAULT_RETENTION;

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
     * How often the workers of a group run a maintenance pass (one worker at a time, chosen through a Redis
     * lock): reconciliation of stalled runs, then the deletion of finished runs older than the
     * {@link #retention(Duration) retention}. Null turns both off. Default 1 minute.
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

    /**
     * How long finished runs are kept after their final status (default 7 days; env {@value #ENV_RETENTION});
     * the workers' periodic pass deletes older ones from Cassandra. {@link Duration#ZERO} (or null) keeps them
     * forever. Keep it well above the time clients take to read a result: a deleted run is unknown.
     */
    public Builder retention(Duration d) {
      this.retention = d == null ? Duration.ZERO : d;
      return this;
    }

    public KafkaAdapterOptions build() {
      return new KafkaAdapterOptions(kafkaBootstrap, kafkaProperties, topic, groupId,
          deadLetterTopic != null ? deadLetterTopic : topic + "-dlq", partitions, concurrency, cassandraContact, cassandraDc,
          cassandra, redisUri, createSchema, timerPollInterval, reconcileInterval, stallThreshold, webhookBaseUrl,
          webhookSecret, retention);
    }
  }
}
