package ai.factory.gateway.ratelimit;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Over what a bucket counts: a rolling minute (refilling token buckets), the lease of a
 * concurrency slot, or a UTC calendar day or month (budgets, which start from zero when it turns).
 */
public enum Period {
    MINUTE,
    LEASE,
    DAY,
    MONTH;

    /** A calendar window: its counter is keyed by the day or month and turns over at midnight UTC. */
    public boolean calendar() {
        return this == DAY || this == MONTH;
    }

    /** Milliseconds from {@code now} until this calendar window turns over. */
    public long millisLeft(ZonedDateTime now) {
        ZonedDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC);
        ZonedDateTime next = switch (this) {
            case DAY -> utc.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC);
            case MONTH -> utc.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC);
            default -> throw new IllegalStateException(this + " is not a calendar window");
        };
        return Duration.between(utc, next).toMillis();
    }
}
