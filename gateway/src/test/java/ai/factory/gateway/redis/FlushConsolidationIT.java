package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Held flushes always go out: nothing waits for a later command to push it onto the wire. */
class FlushConsolidationIT {

    @Test
    void a_lone_command_and_a_burst_from_many_threads_all_reach_redis_with_flushes_held_per_tick() throws Exception {
        ClientResources resources = FlushConsolidation.apply(ClientResources.builder()).build();
        RedisClient client = RedisClient.create(resources, TestServers.redisUri());
        try (var connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            assertEquals("OK", redis.set("flush:lone", "1").get(10, TimeUnit.SECONDS), "a lone command is flushed");

            List<CompletableFuture<Long>> burst = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        CompletableFuture<Long> f = redis.incr("flush:burst").toCompletableFuture();
                        synchronized (burst) {
                            burst.add(f);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals("2000", redis.get("flush:burst").get(10, TimeUnit.SECONDS));
            redis.del("flush:lone", "flush:burst").get(10, TimeUnit.SECONDS);
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }
}
