package ai.factory.gateway.observe.log;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.Events;
import java.io.IOException;
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
 * One access-log line: as written now (one StringBuilder) and through Jackson's generator over a
 * StringWriter, as it was. Run with {@code load-tests/scripts/jmh.sh AccessLogLineJmh -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessLogLineJmh {

    private final UsageEvent event = Events.ok("acme", "chat-default", 120, 30);
    private final String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Benchmark
    public String stringBuilder() {
        return AccessLogLine.of(event, trace);
    }

    @Benchmark
    public String jacksonGenerator() throws IOException {
        return AccessLogLineTest.jackson(event, trace);
    }
}
