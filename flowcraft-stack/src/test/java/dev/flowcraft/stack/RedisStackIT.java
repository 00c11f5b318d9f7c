package dev.flowcraft.stack;

import dev.flowcraft.stack.junit.FlowcraftStackTest;
import dev.flowcraft.stack.junit.TestStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@FlowcraftStackTest
class RedisStackIT {

    /** Compare-and-set in Lua: sets KEYS[1] to ARGV[2] only if it currently equals ARGV[1]. */
    private static final String CAS = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    @Test
    void runsALuaScript(TestStack stack) {
        RedisClient client = RedisClient.create(stack.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String key = stack.uniqueName("lease");
            redis.set(key, "owner-a");

            Long swapped = redis.eval(CAS, ScriptOutputType.INTEGER, new String[]{key}, "owner-a", "owner-b");
            Long refused = redis.eval(CAS, ScriptOutputType.INTEGER, new String[]{key}, "owner-a", "owner-c");

            assertThat(swapped).isEqualTo(1L);
            assertThat(refused).isEqualTo(0L);
            assertThat(redis.get(key)).isEqualTo("owner-b");
        } finally {
            client.shutdown();
        }
    }
}
