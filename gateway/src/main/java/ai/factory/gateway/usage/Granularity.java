package ai.factory.gateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A roll-up table and its bucket size. Each has a default span (when {@code from} is absent)
 * and a longest span, which bounds a response to about 1,500 buckets per group.
 */
public enum Granularity {
    MINUTE("usage_minute", ChronoUnit.MINUTES, Duration.ofHours(1), Duration.ofDays(1)),
    HOUR("usage_hour", ChronoUnit.HOURS, Duration.ofDays(1), Duration.ofDays(62)),
    DAY("usage_day", ChronoUnit.DAYS, Duration.ofDays(30), Duration.ofDays(1100));

    private final String table;
    private final ChronoUnit unit;
    private final Duration defaultSpan;
    private final Duration maxSpan;

    Granularity(String table, ChronoUnit unit, Duration defaultSpan, Duration maxSpan) {
        this.table = table;
        this.unit = unit;
        this.defaultSpan = defaultSpan;
        this.maxSpan = maxSpan;
    }

    public String table() {
        return table;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Duration defaultSpan() {
        return defaultSpan;
    }

    public Duration maxSpan() {
        return maxSpan;
    }

    /** The start of the bucket holding {@code t} (UTC). */
    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    /** The first bucket boundary at or after {@code t}. */
    public Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(1, unit);
    }
}
