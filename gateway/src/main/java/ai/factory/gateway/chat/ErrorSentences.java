package ai.factory.gateway.chat;

/** A failed turn as one short sentence a business user understands, with the request id to quote. */
final class ErrorSentences {

    private ErrorSentences() {
    }

    static String of(Throwable failure, String product, String requestId) {
        String id = " (request id " + requestId + ")";
        if (!(failure instanceof TurnFailure f)) {
            return "Something went wrong on our side." + id;
        }
        if (f.status() == 429) {
            return "Your team has reached a usage limit. Try again in "
                    + (f.retryAfterSeconds() > 0 ? f.retryAfterSeconds() + " s." : "a moment.") + id;
        }
        if (f.status() == 403 || f.status() == 404) {
            return "Your team may not use " + product + " here." + id;
        }
        if (f.status() == 400 || f.status() == 413) {
            return "I could not use that input: " + shorten(f.getMessage()) + id;
        }
        return "The model service is failing right now; please try again shortly." + id;
    }

    private static String shorten(String s) {
        if (s == null || s.isBlank()) {
            return "it is not valid.";
        }
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
