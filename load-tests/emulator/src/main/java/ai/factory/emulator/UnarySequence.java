package ai.factory.emulator;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A non-streaming completion: the answer is sent whole when the last token would have been
 * generated, {@code ttft + spike + (tokens - 1) * itl} after the slot was granted.
 */
final class UnarySequence extends Sequence {

    UnarySequence(Engine engine, ResponseWriter writer, GenerationPlan plan, FailureInjector.Fault fault,
            EmulatorConfig config) {
        super(engine, writer, plan, fault, config);
    }

    @Override
    void begin() {
        long firstToken = config.ttftMillis() + fault.spikeMillis() + Math.max(loraLoadMillis(), prefillMillis());
        if (fault.drops()) {
            // Crash after N tokens: the client waited that long and gets no response at all.
            int tokens = Math.min(fault.dropAfterTokens(), plan.completionTokens());
            after(firstToken + Math.max(0, tokens - 1) * config.interTokenMillis(), this::dropped);
            return;
        }
        after(firstToken + (plan.completionTokens() - 1L) * engine.interTokenMillis(config), this::deliver);
    }

    private void deliver() {
        if (isDone()) {
            return;
        }
        emitted = plan.completionTokens();
        completed(); // free the slot before the connection can take its next pipelined request
        writer.respondJson(HttpResponseStatus.OK, plan.kind() == GenerationPlan.Kind.RESPONSES
                ? ResponsesWire.response(writer.alloc(), plan) : OpenAiWire.response(writer.alloc(), plan));
    }
}
