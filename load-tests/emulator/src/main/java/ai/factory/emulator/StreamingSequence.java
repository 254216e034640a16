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

    StreamingSequence(Engine engine, ResponseWriter writer, GenerationPlan plan, FailureInjector.Fault fault,
            EmulatorConfig config) {
        super(engine, writer, plan, fault, config);
        this.chat = plan.kind() == GenerationPlan.Kind.CHAT;
        this.responses = plan.kind() == GenerationPlan.Kind.RESPONSES;
    }

    @Override
    void admitted() {
        writer.startStream();
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
            writer.write(OpenAiWire.roleChunk(writer.alloc(), plan));
        } else if (emitted == 0 && responses) {
            writer.write(ResponsesWire.opening(writer.alloc(), plan));
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
            writer.write(responses ? ResponsesWire.delta(writer.alloc(), plan, emitted)
                    : OpenAiWire.tokenChunk(writer.alloc(), plan, emitted));
            emitted++;
            if (config.interTokenMillis() > 0 && emitted < total) {
                break;
            }
        }
        writer.flush();
        after(engine.interTokenMillis(config), this::emit);
    }

    private void finish() {
        if (responses) {
            // The Responses API ends with response.completed (carrying usage): no [DONE].
            writer.write(ResponsesWire.closing(writer.alloc(), plan));
        } else if (plan.includeUsage()) {
            writer.write(OpenAiWire.usageChunk(writer.alloc(), plan));
        }
        if (!responses) {
            writer.write(OpenAiWire.done());
        }
        completed(); // free the slot before the connection can take its next pipelined request
        writer.endStream();
    }
}
