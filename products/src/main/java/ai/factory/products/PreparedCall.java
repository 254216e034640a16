package ai.factory.products;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link ProductRequest#prepare} made of a request: a backend call ready to send, or the reasons it was refused. */
public sealed interface PreparedCall permits PreparedCall.Ready, PreparedCall.Rejected {

    /**
     * A backend request body, ready to route.
     *
     * @param product         the product invoked
     * @param body            an OpenAI chat-completions body ({@code model}, {@code messages}, parameters and,
     *                        for JSON products, {@code response_format}) or an embeddings body ({@code model},
     *                        {@code input}). {@code model} is the product's alias, for the router to resolve.
     *                        Built for this call alone: the caller may add fields such as {@code stream}.
     * @param inputTokens     cl100k tokens of the rendered user message (of the texts, for embeddings):
     *                        the input part of a rate-limit reservation
     * @param maxOutputTokens the {@code max_tokens} sent (0 for embeddings): the output part of the reservation
     * @param cacheTtl        how long the answer may be cached, from the product's cache policy and the
     *                        temperature actually sent; empty when it must not be cached
     */
    record Ready(Product product, ObjectNode body, int inputTokens, int maxOutputTokens,
                 Optional<Duration> cacheTtl) implements PreparedCall {

        public Ready {
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(cacheTtl, "cacheTtl");
        }

        /** The backend path to call: chat completions or embeddings. */
        public String endpoint() {
            return product.output().kind().endpoint();
        }
    }

    /**
     * The request was refused; nothing should be sent to a backend. Answer 400 with every violation.
     *
     * @param violations every problem found, never empty: input schema violations, options outside their
     *                   bounds or unknown, and input over the product's limits
     */
    record Rejected(List<Violation> violations) implements PreparedCall {

        public Rejected {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one violation");
            }
        }
    }
}
