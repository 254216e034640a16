package ai.factory.gateway.chat;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The chat workers: turns are answered here, after the webhook was acknowledged, never on a Netty
 * event loop. A bounded queue: when it is full a turn is refused, and the webhook answers 503 so the
 * platform delivers it again later.
 */
@Singleton
public class ChatDispatcher {

    private final BiConsumer<ChatPlatform, InboundTurn> handler;
    private final ThreadPoolExecutor workers;

    @Inject
    public ChatDispatcher(TurnHandler handler, ChatConfig config) {
        this(handler::handle, config.workers(), config.queue());
    }

    ChatDispatcher(BiConsumer<ChatPlatform, InboundTurn> handler, int threads, int queue) {
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "chat-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    /** Queues the turn; false when the workers are saturated. */
    public boolean submit(ChatPlatform platform, InboundTurn turn) {
        try {
            workers.execute(() -> handler.accept(platform, turn));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
