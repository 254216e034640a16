package ai.factory.gateway.usage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * The JSON answer of {@code /v1/usage} and {@code /admin/usage}: buckets with one column per
 * group-by dimension (named at request time, so they are the one map here) and the counters.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageBody(String object, @Nullable String tenant, String granularity, String from, String to,
                        @JsonProperty("group_by") List<String> groupBy, List<Bucket> data, Counts totals) {

    /** One time bucket of one group: its group columns (null for "none"), then the counters. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bucket(String bucket, @JsonIgnore Map<String, String> groups, @JsonUnwrapped Counts counts) {

        @JsonAnyGetter
        public Map<String, String> groupColumns() {
            return groups;
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Counts(long requests, @JsonProperty("input_tokens") long inputTokens,
                         @JsonProperty("output_tokens") long outputTokens,
                         @JsonProperty("cached_tokens") long cachedTokens,
                         @JsonProperty("total_tokens") long totalTokens, long errors,
                         @JsonProperty("cache_hits") long cacheHits, long estimated,
                         @JsonProperty("cost_usd") String costUsd) {

        static Counts of(UsageCounts c) {
            return new Counts(c.requests(), c.inputTokens(), c.outputTokens(), c.cachedTokens(), c.totalTokens(),
                    c.errors(), c.cacheHits(), c.estimated(), c.costUsd());
        }

        /** In the CSV's column order. */
        List<Object> values() {
            return List.of(requests, inputTokens, outputTokens, cachedTokens, totalTokens, errors, cacheHits, estimated,
                    costUsd);
        }
    }
}
