package ai.factory.gateway.auth;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What authentication costs per request before the key cache answers: the shape check and the
 * SHA-256 of the key (the cache is keyed by the hash, never the key). Run with
 * {@code load-tests/scripts/jmh.sh KeyHash}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyHashJmh {

    private final String key = ApiKeyCodec.newKey();

    @Benchmark
    public ApiKeyCodec.Shape shape() {
        return ApiKeyCodec.shape(key);
    }

    @Benchmark
    public String hash() {
        return ApiKeyCodec.hash(key);
    }
}
