package ai.factory.gateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a time limit costs a Redis call that answers in time: the call is limited, then answered.
 * {@code orTimeout} (a task scheduled into the JDK's delay thread and cancelled) against
 * {@link Deadlines#within} (one append; a sweep per tick drops it). Two threads, as two event
 * loops. The delay thread's own wakes are not in these numbers. Run with
 * {@code load-tests/scripts/jmh.sh DeadlinesJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(2)
@Fork(1)
public class DeadlinesJmh {

    private final Deadlines deadlines = new Deadlines(Duration.ofMillis(10));

    @Benchmark
    public Object orTimeout() {
        CompletableFuture<Object> call = new CompletableFuture<>();
        CompletableFuture<Object> limited = call.orTimeout(2000, TimeUnit.MILLISECONDS);
        call.complete("ok");
        return limited;
    }

    @Benchmark
    public Object deadlines() {
        CompletableFuture<Object> call = new CompletableFuture<>();
        CompletableFuture<Object> limited = deadlines.within(call, 2000);
        call.complete("ok");
        return limited;
    }
}
