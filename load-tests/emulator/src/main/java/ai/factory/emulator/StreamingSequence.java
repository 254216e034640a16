package ai.factory.emulator;

/**
 * A streamed completion, as vLLM sends it: headers as soon as the request is admitted, the
 * first token {@code ttft (+ spike)} after the slot is granted, then one chunk every
 * inter-token interval, each flushed on its own so the client sees tokens as they come. With
 * no inter-token latency all chunks go out in one flush (the overhead-benchmark case).
 */
final class StreamingSequence extends Sequence {

    private final boolean chat;
    private final boolean responses;

    StreamingSequence(Engine engine, Exchange exchange, GenerationPlan plan, FailureInjector.Fault fault,
            EmulatorConfig config) {
        super(engine, exchange, plan, fault, config);
        this.chat = plan.kind() == GenerationPlan.Kind.CHAT;
        this.responses = plan.kind() == GenerationPlan.Kind.RESPONSES;
    }

    @Override
    void admitted() {
        exchange.startStream();
    }

    @Override
    void begin() {
        after(config.ttftMillis() + fault.spikeMillis() + Math.max(loraLoadMillis(), prefillMillis()), this::emit);
    }

    private void emit() {
        if (isDone()) {
            return;
        }
        int total = plan.completionTokens();
        if (emitted == 0 && chat) {
            exchange.write(OpenAiWire.roleChunk(exchange.alloc(), plan));
        } else if (emitted == 0 && responses) {
            exchange.write(ResponsesWire.opening(exchange.alloc(), plan));
        }
        while (true) {
            if (fault.drops() && emitted >= Math.min(fault.dropAfterTokens(), total)) {
                dropped(); // flushes what was written, then closes: no [DONE], no final chunk
                return;
            }
            if (emitted == total) {
                finish();
                return;
            }
            exchange.write(responses ? ResponsesWire.delta(exchange.alloc(), plan, emitted)
                    : OpenAiWire.tokenChunk(exchange.alloc(), plan, emitted));
            emitted++;
            if (config.interTokenMillis() > 0 && emitted < total) {
                break;
            }
        }
        exchange.flush();
        after(engine.interTokenMillis(config), this::emit);
    }

    private void finish() {
        if (responses) {
            // The Responses API ends with response.completed (carrying usage): no [DONE].
            exchange.write(ResponsesWire.closing(exchange.alloc(), plan));
        } else if (plan.includeUsage()) {
            exchange.write(OpenAiWire.usageChunk(exchange.alloc(), plan));
        }
        if (!responses) {
            exchange.write(OpenAiWire.done());
        }
        completed(); // free the slot before the connection can take its next pipelined request
        exchange.endStream();
    }
}
