package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The path every completion takes: parse and validate into a {@link GenerationPlan}, roll the
 * failure dice, then hand the plan to a sequence that waits for a batch slot and delivers it.
 * Subclasses only read their own request shape.
 */
abstract class GenerationHandler {

    protected final Engine engine;

    GenerationHandler(Engine engine) {
        this.engine = engine;
    }

    /** Reads the request; throws {@link ApiError} for anything a real server would reject. */
    abstract GenerationPlan plan(JsonNode body, EmulatorConfig config);

    final void handle(JsonNode body, ResponseWriter writer) {
        // One config snapshot per request: a reconfigure mid-request must not mix settings.
        EmulatorConfig config = engine.config();
        GenerationPlan plan = plan(body, config);
        FailureInjector.Fault fault = engine.decideFault(config);
        if (fault.error()) {
            engine.metrics().injectedErrors.increment();
            writer.respondError(ApiError.injected(config.errorStatus(), config.errorRate()));
            return;
        }
        Sequence sequence = plan.stream()
                ? new StreamingSequence(engine, writer, plan, fault, config)
                : new UnarySequence(engine, writer, plan, fault, config);
        sequence.submit();
    }

    /** A unique id with OpenAI's prefix; ids need not be deterministic, contents must be. */
    static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return prefix + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
