package ai.factory.gateway.request;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one pass over a request body found: the values the path acts on, where the spliced ones
 * sit in the original bytes, and the prompt's size and prefix. Offsets are byte offsets into the
 * body; -1 when the field is absent.
 *
 * @param rootStart offset of the body's opening brace
 * @param model the {@code model} value when it is a string, else null
 * @param modelPresent whether a non-null {@code model} field exists (of any type)
 * @param modelStart offset of the model string's opening quote
 * @param modelEnd offset just past its closing quote
 * @param user the {@code user} value when a string, else null
 * @param userInvalid {@code user} is present, not null and not a string
 * @param required the operation's required field: {@link #MISSING}, {@link #EMPTY}, {@link #ARRAY} or {@link #OTHER}
 * @param stream {@code stream}: {@link Boolean#TRUE}/{@link Boolean#FALSE}, null when absent or null
 * @param streamInvalid {@code stream} is present, not null and not a boolean
 * @param streamOptionsStart offset of the {@code stream_options} value
 * @param streamOptionsEnd offset just past it
 * @param clientWantsUsage {@code stream_options.include_usage} is truthy
 * @param scalars the small fields the limits and the cache read (temperature, max tokens, n, best_of)
 * @param promptTokens the prompt's text tokens (messages, prompt or input), as TokenCounter counts them
 * @param extraPromptTokens tool and function schemas, response format, image/audio/file parts
 * @param prefixBlocks block hashes of the prompt as routing's PromptPrefix renders it
 * @param prompt the prompt as PromptPrefix renders it, for pools that hash it as their servers do
 */
public record RequestFacts(int rootStart, String model, boolean modelPresent, int modelStart, int modelEnd,
        String user, boolean userInvalid, int required, Boolean stream, boolean streamInvalid,
        int streamOptionsStart, int streamOptionsEnd, boolean clientWantsUsage, ObjectNode scalars,
        long promptTokens, long extraPromptTokens, long[] prefixBlocks, CharSequence prompt) {

    public static final int MISSING = 0;
    /** null, or an empty array or object. */
    public static final int EMPTY = 1;
    public static final int ARRAY = 2;
    public static final int OTHER = 3;
}
