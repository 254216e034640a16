package ai.factory.routing.pool;

import java.util.Locale;

/** Where a pool runs, for data residency: on the factory's own GPUs, or at an outside provider. */
public enum Location {
    ON_PREM,
    EXTERNAL;

    public static Location parse(String value) {
        try {
            return Location.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pool location '" + value + "' (known: on-prem, external)");
        }
    }
}
