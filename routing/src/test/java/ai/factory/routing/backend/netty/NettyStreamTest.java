package ai.factory.routing.backend.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.pool.Endpoint;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** An answer once its head is in: silence mid-stream, a client that leaves, a client that reads slowly. */
class NettyStreamTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 1024; // 64 MiB, far past what socket buffers can hide

    private final Loops loops = new Loops();

    @AfterEach
    void stop() {
        loops.close();
    }

    @Test
    void a_backend_silent_mid_answer_past_the_idle_timeout_ends_the_body_with_a_timeout() throws Exception {
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            RawBackend.write(out, self, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                    + chunk("data: {\"first\":true}\n\n"));
            Thread.sleep(30_000); // then nothing: a hung GPU
            return false;
        }); NettyTransport transport = loops.transport(new NettySettings(Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofSeconds(4), 8))) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)).get(10, TimeUnit.SECONDS);
            AtomicLong pieces = new AtomicLong();
            RuntimeException cut = assertThrows(RuntimeException.class,
                    () -> reply.body().doOnNext(b -> pieces.incrementAndGet()).blockLast(Duration.ofSeconds(20)));
            BackendFailure failure = assertInstanceOf(BackendFailure.class, cut);
            assertEquals(BackendFailure.Kind.TIMEOUT, failure.kind());
            assertEquals(1, pieces.get(), "what came before the silence was relayed");
        }
    }

    @Test
    void a_client_pausing_longer_than_the_idle_timeout_is_not_a_silent_backend() throws Exception {
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            RawBackend.write(out, self, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n");
            for (int i = 0; i < 5; i++) {
                RawBackend.write(out, self, chunk("data: {\"token\":" + i + "}\n\n"));
                Thread.sleep(20);
            }
            RawBackend.write(out, self, "0\r\n\r\n");
            return true;
        }); NettyTransport transport = loops.transport(new NettySettings(Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofSeconds(4), 8))) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)).get(10, TimeUnit.SECONDS);
            AtomicLong pieces = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            BaseSubscriber<ByteBuffer> pausing = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    request(1);
                }

                @Override
                protected void hookOnNext(ByteBuffer value) {
                    pieces.incrementAndGet();
                }

                @Override
                protected void hookOnComplete() {
                    done.complete(null);
                }

                @Override
                protected void hookOnError(Throwable error) {
                    done.completeExceptionally(error);
                }
            };
            reply.body().subscribe(pausing);
            Thread.sleep(1_000); // the client's pause: three idle timeouts long
            pausing.request(Long.MAX_VALUE);
            done.get(10, TimeUnit.SECONDS);
            assertTrue(pieces.get() >= 2, "the rest arrived after the pause, got " + pieces.get() + " pieces");
        }
    }

    @Test
    void a_client_leaving_mid_stream_closes_the_backend_connection_and_frees_the_gpu_slot() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(1).interTokenMillis(20).build());
                NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create(emulator.baseUrl()), 1, 8);
            BackendReply reply = Loops.on(loops.first, () -> transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)))
                    .get(10, TimeUnit.SECONDS);
            reply.body().take(3).blockLast(Duration.ofSeconds(20)); // three pieces, then the client is gone
            assertTrue(eventually(() -> emulator.running() + emulator.openConnections()),
                    "the emulator saw the connection close and stopped generating");
            assertEquals(0, Loops.on(loops.first, () -> transport.idleConnections(loops.first, endpoint)),
                    "a connection cut mid-answer is never pooled");
        }
    }

    @Test
    void a_client_leaving_closes_the_connection_even_when_the_backend_is_between_tokens() throws Exception {
        CountDownLatch backendSawClose = new CountDownLatch(1);
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            RawBackend.write(out, self, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n");
            RawBackend.write(out, self, chunk("data: {\"token\":1}\n\n"));
            // A long pause before the next token: only a close from the gateway can end this read.
            if (socket.getInputStream().read() == -1) {
                backendSawClose.countDown();
            }
            return false;
        }); NettyTransport transport = loops.transport(new NettySettings(Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofSeconds(60), 8))) { // long keep-alive and idle limits: neither may be what closes it
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)).get(10, TimeUnit.SECONDS);
            reply.body().take(1).blockLast(Duration.ofSeconds(20));
            assertTrue(backendSawClose.await(20, TimeUnit.SECONDS), "the backend saw its connection closed");
        }
    }

    @Test
    void a_slow_reader_stops_the_transport_reading_the_backend() throws Exception {
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            RawBackend.write(out, self, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n");
            String piece = chunk("x".repeat(CHUNK));
            for (int i = 0; i < CHUNKS; i++) {
                RawBackend.write(out, self, piece);
            }
            RawBackend.write(out, self, "0\r\n\r\n");
            return true;
        }); NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)).get(10, TimeUnit.SECONDS);
            AtomicLong received = new AtomicLong();
            BaseSubscriber<ByteBuffer> slow = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    request(1);
                }

                @Override
                protected void hookOnNext(ByteBuffer value) {
                    received.addAndGet(value.remaining());
                }
            };
            reply.body().subscribe(slow);
            long stalledAt = settled(backend.written::get);
            long total = (long) CHUNK * CHUNKS;
            assertTrue(stalledAt < total / 4, "the backend could write only what socket buffers hold, wrote " + stalledAt);
            assertTrue(received.get() <= CHUNK, "one piece asked for, got " + received.get() + " bytes");

            slow.request(Long.MAX_VALUE); // the reader catches up: the rest flows, nothing was lost
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(total, received.get());
        }
    }

    /** Waits until the value stops moving (unchanged over half a second), and returns it. */
    private static long settled(LongSupplier value) throws InterruptedException {
        long last = -1;
        int still = 0;
        while (still < 5) {
            Thread.sleep(100);
            long now = value.getAsLong();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return last;
    }

    /** True once the value reaches zero (within 20 s). */
    private static boolean eventually(LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (value.getAsLong() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return value.getAsLong() == 0;
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }
}
