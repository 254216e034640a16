package ai.factory.gateway.chat;

import java.util.List;

/** What a platform made of a webhook call: refused, or acknowledged with the turns to answer. */
public sealed interface WebhookOutcome {

    /**
     * Refused before anything was processed or stored (a bad or missing signature, a timestamp
     * outside the window, an event for another workspace): answered with {@code status}, usually 401.
     * The reason goes to the log, never the body.
     */
    record Rejected(int status, String reason) implements WebhookOutcome {
    }

    /**
     * Accepted. The platform gets {@code body} (JSON, or empty for a bare 200) at once; the turns are
     * answered afterwards, off the event loop. A Slack url_verification is an Ack with its challenge and no turns.
     */
    record Ack(String body, List<InboundTurn> turns) implements WebhookOutcome {

        public Ack {
            turns = List.copyOf(turns);
        }

        public static Ack empty() {
            return new Ack("", List.of());
        }
    }

    static Rejected unauthorized(String reason) {
        return new Rejected(401, reason);
    }
}
