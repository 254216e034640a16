package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChatDispatcherTest {

    private static InboundTurn turn(String id) {
        ChannelBinding binding = new ChannelBinding("ch_1", "acme", Platform.SLACK, "T1", "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of()));
        return new InboundTurn(binding, id, "C1", "C1", "u", "hi", ReplyTarget.of("C1", null));
    }

    @Test
    void refuses_turns_beyond_its_workers_and_queue_so_the_platform_delivers_them_again() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        ChatDispatcher dispatcher = new ChatDispatcher((platform, turn) -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered.add(turn.eventId());
        }, 1, 1);
        assertTrue(dispatcher.submit(null, turn("a")), "taken by the worker");
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(dispatcher.submit(null, turn("b")), "queued");
        assertFalse(dispatcher.submit(null, turn("c")), "refused: worker busy, queue full");
        release.countDown();
        dispatcher.stop();
        assertEquals(List.of("a", "b"), List.copyOf(answered));
    }
}
