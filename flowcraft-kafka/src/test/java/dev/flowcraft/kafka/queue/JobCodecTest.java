package dev.flowcraft.kafka.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobCodecTest {
  private static final String VALID =
      "{'v':1,'kind':'WAKE','runId':'r1','nodeId':'n','scope':'loop=2','item':3,'attempt':2}";

  @Test
  void roundTripsEveryField() {
    for (JobKind kind : JobKind.values()) {
      Job job = new Job(kind, "run-ü-1", "node \"x\"", "loop=2/inner=1", 7, 3);
      assertThat(JobCodec.decode(JobCodec.encode(job))).isEqualTo(job);
    }
    Job plain = Job.execute("r", "n", null);
    assertThat(JobCodec.decode(JobCodec.encode(plain))).isEqualTo(plain);
  }

  @Test
  void encodesAVersionedObjectKeyedByRunId() {
    Job job = new Job(JobKind.EXECUTE, "run-1", "n", "", -1, 1);
    assertThat(new String(JobCodec.encode(job), StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":1,\"kind\":\"EXECUTE\",\"runId\":\"run-1\",\"nodeId\":\"n\",\"scope\":\"\",\"item\":-1,\"attempt\":1}");
    assertThat(new String(JobCodec.key(job), StandardCharsets.UTF_8)).isEqualTo("run-1");
  }

  @Test
  void batchItemsOfOneRunSpreadOverThePartitions() {
    java.util.Set<Integer> partitions = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      byte[] key = JobCodec.key(new Job(JobKind.EXECUTE, "run-1", "scatter", "", i, 1));
      // the default partitioner's choice for a keyed record
      partitions.add(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % 4);
    }
    assertThat(partitions).as("partitions of 100 batch items on 4 partitions").hasSize(4);
    assertThat(new String(JobCodec.key(new Job(JobKind.EXECUTE, "run-1", "scatter", "", 7, 1)), StandardCharsets.UTF_8))
        .isEqualTo("run-1#7");
  }

  @Test
  void decodesTheValidSample() {
    assertThat(JobCodec.decode(json(VALID))).isEqualTo(new Job(JobKind.WAKE, "r1", "n", "loop=2", 3, 2));
  }

  @Test
  void rejectsNoValue() {
    assertThatThrownBy(() -> JobCodec.decode(null)).isInstanceOf(MalformedJobException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> JobCodec.decode(new byte[0])).isInstanceOf(MalformedJobException.class)
        .hasMessageContaining("empty");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json                 | hello                                   | not valid JSON",
      "truncated                | {'v':1,'kind'                           | not valid JSON",
      "trailing tokens          | {'v':1} {}                              | not valid JSON",
      "array                    | [1,2]                                   | not a JSON object but ARRAY",
      "number                   | 42                                      | not a JSON object but NUMBER",
      "duplicate field          | {'v':1,'v':1}                           | not valid JSON: Duplicate field 'v'",
  })
  void rejectsNonObjects(String name, String text, String message) {
    assertThatThrownBy(() -> JobCodec.decode(json(text))).isInstanceOf(MalformedJobException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAJsonString() {
    assertThatThrownBy(() -> JobCodec.decode("\"job\"".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedJobException.class).hasMessage("not a JSON object but STRING");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "runId      | missing field runId",
      "v          | missing field v",
      "kind       | missing field kind",
      "nodeId     | missing field nodeId",
      "scope      | missing field scope",
      "item       | missing field item",
      "attempt    | missing field attempt",
  })
  void namesAMissingField(String field, String message) {
    String text = VALID.replaceFirst("'" + field + "':[^,}]*,?", "").replace(",}", "}");
    assertThatThrownBy(() -> JobCodec.decode(json(text))).isInstanceOf(MalformedJobException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown kind       | 'kind':'WAKE'      | 'kind':'RUN'     | unknown kind RUN (known: EXECUTE, WAKE, CONTINUE)",
      "lower-case kind    | 'kind':'WAKE'      | 'kind':'wake'    | unknown kind wake (known: EXECUTE, WAKE, CONTINUE)",
      "kind not a string  | 'kind':'WAKE'      | 'kind':1         | field kind must be a string, got NUMBER",
      "other version      | 'v':1              | 'v':2            | unsupported version v=2 (supported: 1)",
      "version as string  | 'v':1              | 'v':'1'          | field v must be a 32-bit integer, got STRING",
      "null runId         | 'runId':'r1'       | 'runId':null     | field runId must be a string, got NULL",
      "empty runId        | 'runId':'r1'       | 'runId':''       | field runId must not be empty",
      "empty nodeId       | 'nodeId':'n'       | 'nodeId':''      | field nodeId must not be empty",
      "scope not a string | 'scope':'loop=2'   | 'scope':{}       | field scope must be a string, got OBJECT",
      "fractional item    | 'item':3           | 'item':1.5       | field item must be a 32-bit integer, got 1.5",
      "huge item          | 'item':3           | 'item':9999999999 | field item must be a 32-bit integer, got 9999999999",
      "item below -1      | 'item':3           | 'item':-2        | field item must be >= -1, got -2",
      "attempt zero       | 'attempt':2        | 'attempt':0      | field attempt must be >= 1, got 0",
      "unknown field      | 'attempt':2        | 'attempt':2,'x':0 | unknown field x",
  })
  void saysWhatIsWrong(String name, String from, String to, String message) {
    String text = VALID.replace(from, to);
    assertThat(text).isNotEqualTo(VALID);
    assertThatThrownBy(() -> JobCodec.decode(json(text))).isInstanceOf(MalformedJobException.class)
        .hasMessage(message);
  }

  private static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
