package ai.factory.gateway.policy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The UTC day and month names that budget counters and ledger seeds are keyed by. */
public final class AdmissionPeriods {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private AdmissionPeriods() {
    }

    public static String day(ZonedDateTime time) {
        return DAY.format(time.withZoneSameInstant(ZoneOffset.UTC));
    }

    public static String month(ZonedDateTime time) {
        return MONTH.format(time.withZoneSameInstant(ZoneOffset.UTC));
    }
}
