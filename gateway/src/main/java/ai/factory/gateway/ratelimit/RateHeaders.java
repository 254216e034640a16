package ai.factory.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} for the tenant's
 * request and token buckets (absent when the tenant has no such limit).
 */
public record RateHeaders(Map<String, String> values) {

    public static final RateHeaders NONE = new RateHeaders(Map.of());

    public static RateHeaders of(java.util.List<Bucket> buckets, long[] remaining, long[] resetMillis) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            String family = buckets.get(i).header();
            if (family != null) {
                values.put("x-ratelimit-limit-" + family, Long.toString(buckets.get(i).limit()));
                values.put("x-ratelimit-remaining-" + family, Long.toString(Math.max(0, remaining[i])));
                values.put("x-ratelimit-reset-" + family, duration(resetMillis[i]));
            }
        }
        return new RateHeaders(Map.copyOf(values));
    }

    /** OpenAI writes resets as durations such as "1s", "6m0s" or "250ms". */
    static String duration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }
}
