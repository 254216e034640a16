package ai.factory.gateway.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.context.annotation.Requires;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import jakarta.inject.Singleton;

/**
 * One flush per event-loop tick on every Redis connection instead of one per command. Lettuce
 * flushes each command it writes; with many requests in flight that is one write syscall per
 * command on the gateway and one read per command on Redis. Netty's consolidation handler holds
 * the flushes of one read batch (commands sent from reply callbacks) or of one run of the loop's
 * task queue (commands sent from other threads) and flushes once after them: nothing waits on a
 * timer, and a lone command still leaves in the same loop tick.
 *
 * <p>Off unless {@code gateway.redis.consolidate-flushes=true}: AdmissionBatchJmh showed no clear
 * gain in Redis CPU once calls are joined (the scripts' own work dominates), and the extra loop
 * task before a settlement leaves Redis lets a client's next request, sent to another instance,
 * be admitted before the previous one's lease is released (RedisTopologyContract's settlement test).
 */
@Singleton
@Requires(property = "gateway.redis.consolidate-flushes", value = "true")
public class FlushConsolidation implements ClientResourcesMutator {

    /** A flush after this many held ones even inside one long read batch: bounds the delay. */
    static final int MAX_HELD = 256;

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration config) {
        apply(builder);
    }

    /** Outside Micronaut (benchmarks, tests): the same customisation on a builder. */
    public static ClientResources.Builder apply(ClientResources.Builder builder) {
        return builder.nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                channel.pipeline().addFirst(new FlushConsolidationHandler(MAX_HELD, true));
            }
        });
    }
}
