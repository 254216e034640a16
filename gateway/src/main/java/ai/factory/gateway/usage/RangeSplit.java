package ai.factory.gateway.usage;

import java.time.Instant;

/**
 * "Since t, until now" read from the coarsest roll-ups that fit exactly: minutes up to the next
 * whole hour, hours up to the next whole day, days after that. A budget asks from the start of a
 * UTC day or month, which reads day rows only (plus today's, still in the same day row).
 *
 * @param minutesFrom start of the minute part (t rounded down to its minute)
 * @param hoursFrom end of the minute part, start of the hour part
 * @param daysFrom end of the hour part, start of the (open-ended) day part
 */
public record RangeSplit(Instant minutesFrom, Instant hoursFrom, Instant daysFrom) {

    public static RangeSplit since(Instant t) {
        Instant minute = Granularity.MINUTE.floor(t);
        Instant hour = Granularity.HOUR.ceil(minute);
        Instant day = Granularity.DAY.ceil(minute);
        return new RangeSplit(minute, hour, day);
    }
}
