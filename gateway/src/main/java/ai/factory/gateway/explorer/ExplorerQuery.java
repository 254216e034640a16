package ai.factory.gateway.explorer;

import ai.factory.gateway.error.GatewayError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Function;

/**
 * One page request of the request explorer, checked: every filter optional, the page size bounded,
 * the time range bounded (a week by default) unless a request id is given, which finds a request
 * whenever it happened.
 *
 * @param requestId the gateway's or the client's request id
 * @param after the cursor of the last row already shown, or null for the first page
 */
public record ExplorerQuery(String requestId, String tenant, String model, String product, String status,
                            Instant from, Instant to, int limit, ExplorerCursor after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    private static final Set<String> STATUSES = Set.of("ok", "error", "cancelled", "rejected");
    private static final int MAX_FILTER_LENGTH = 200;

    /** @param param the query string's values by name (null when absent) */
    public static ExplorerQuery parse(Function<String, String> param, Instant now) {
        String requestId = text(param, "request_id");
        String status = text(param, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw GatewayError.invalidRequest("status", "status must be one of " + STATUSES.stream().sorted().toList());
        }
        Instant to = instant(param, "to");
        Instant from = instant(param, "from");
        if (requestId == null) {
            to = to == null ? now.plusSeconds(60) : to;
            from = from == null ? to.minus(DEFAULT_RANGE) : from;
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw GatewayError.invalidRequest("from", "'from' must be before 'to'");
        }
        String cursor = text(param, "cursor");
        return new ExplorerQuery(requestId, text(param, "tenant"), text(param, "model"), text(param, "product"), status,
                from, to, limit(param.apply("limit")), cursor == null ? null : ExplorerCursor.decode(cursor));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw GatewayError.invalidRequest("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static String text(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH) {
            throw GatewayError.invalidRequest(name, name + " is longer than " + MAX_FILTER_LENGTH + " characters");
        }
        return value.trim();
    }

    private static Instant instant(Function<String, String> param, String name) {
        String value = text(param, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayError.invalidRequest(name, name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
