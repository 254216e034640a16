package ai.factory.gateway.usage;

import ai.factory.gateway.error.GatewayError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Query parameters to a {@link UsageQuery}, or a 400 naming the offending parameter.
 *
 * <ul>
 *   <li>{@code from}, {@code to}: ISO-8601 instants ({@code 2025-05-01T10:00:00Z}, offsets allowed)
 *       or dates ({@code 2025-05-01}, UTC). {@code to} is exclusive, but a date {@code to} means
 *       the whole of that day, so {@code from=2025-05-01&to=2025-05-31} is all of May.
 *       {@code to} defaults to now, {@code from} to the granularity's default span before it.
 *   <li>Bounds are widened to whole buckets ({@code from} down, {@code to} up); the response
 *       echoes the bounds actually used.
 * </ul>
 */
public final class UsageQueryParser {

    private UsageQueryParser() {
    }

    /**
     * @param tenantId the caller's tenant (tenant API), or the optional filter (admin API)
     * @param admin whether {@code tenant} may be grouped by
     */
    public static UsageQuery parse(String tenantId, String from, String to, String granularity, String groupBy,
            boolean admin, Instant now) {
        Granularity g = granularity(granularity);
        Instant end = to == null || to.isBlank() ? now : instant("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(g.defaultSpan()) : instant("from", from, false);
        start = g.floor(start);
        end = g.ceil(end);
        if (!start.isBefore(end)) {
            throw GatewayError.invalidRequest("from", "'from' must be before 'to'");
        }
        if (Duration.between(start, end).compareTo(g.maxSpan()) > 0) {
            throw GatewayError.invalidRequest("to", "at " + g.label() + " granularity a query may span at most "
                    + g.maxSpan().toDays() + " day(s); use a coarser granularity or a shorter range");
        }
        return new UsageQuery(tenantId, start, end, g, dimensions(groupBy, admin));
    }

    private static Granularity granularity(String value) {
        if (value == null || value.isBlank()) {
            return Granularity.DAY;
        }
        try {
            return Granularity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidRequest("granularity", "granularity must be one of minute, hour, day");
        }
    }

    private static Instant instant(String param, String value, boolean endOfDate) {
        String v = value.trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException ignored) {
            // not an instant in Z form; try an offset date-time, then a plain date
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // try a plain date
        }
        try {
            LocalDate date = LocalDate.parse(v);
            return (endOfDate ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw GatewayError.invalidRequest(param, "'" + param + "' must be an ISO-8601 instant "
                    + "(2025-05-01T10:00:00Z) or date (2025-05-01)");
        }
    }

    private static List<Dimension> dimensions(String value, boolean admin) {
        List<Dimension> dims = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return dims;
        }
        for (String part : value.split(",")) {
            String label = part.trim().toLowerCase(Locale.ROOT);
            if (label.isEmpty()) {
                continue;
            }
            Dimension d = Dimension.of(label);
            if (d == null || (d == Dimension.TENANT && !admin)) {
                throw GatewayError.invalidRequest("group_by", "group_by takes a comma-separated list of "
                        + (admin ? "tenant, " : "") + "product, model, key, channel, end_user; got '" + label + "'");
            }
            if (!dims.contains(d)) {
                dims.add(d);
            }
        }
        return dims;
    }
}
