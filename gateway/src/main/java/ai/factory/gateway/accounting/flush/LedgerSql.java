package ai.factory.gateway.accounting.flush;

/**
 * The one statement that lands a batch: insert the events (a re-delivered request id inserts
 * nothing), then add only the rows actually inserted ({@code RETURNING}) to the minute, hour and
 * day roll-ups. One statement, one round trip, atomic with the dead letters in the same
 * transaction. Buckets are truncated in UTC whatever the session's time zone.
 */
final class LedgerSql {

    static final String LAND_BATCH = """
            with batch as (
                select * from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                     ?::text[], ?::boolean[], ?::int[], ?::bigint[], ?::bigint[], ?::boolean[], ?::int[],
                                     ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as b(request_id, ts_ms, tenant_id, key_id, product, operation, model_alias, served_model, pool,
                         endpoint, input_tokens, output_tokens, cached_tokens, cost_nanos, status, cache_hit,
                         fallbacks, latency_ms, ttft_ms, estimated, http_status, stream_id, client_request_id,
                         trace_id, channel, end_user)
            ), ins as (
                insert into usage_events (request_id, ts, tenant_id, key_id, product, operation, model_alias,
                        served_model, pool, endpoint, input_tokens, output_tokens, cached_tokens, cost_nanos, status,
                        cache_hit, fallbacks, latency_ms, ttft_ms, estimated, http_status, stream_id, client_request_id,
                        trace_id, channel, end_user)
                select request_id, timestamptz 'epoch' + ts_ms * interval '1 millisecond', tenant_id, key_id, product,
                        operation, model_alias, served_model, pool, endpoint, input_tokens, output_tokens,
                        cached_tokens, cost_nanos, status, cache_hit, fallbacks, latency_ms, ttft_ms, estimated,
                        http_status, stream_id, client_request_id, trace_id, channel, end_user
                from batch
                on conflict (request_id) do nothing
                returning ts, tenant_id, key_id, coalesce(product, '') as product,
                        coalesce(model_alias, served_model, '') as model, input_tokens, output_tokens, cached_tokens,
                        cost_nanos, status, cache_hit, estimated
            )%s
            select count(*) from ins
            """.formatted(rollup("minute") + rollup("hour") + rollup("day"));

    static final String DEAD_LETTER = """
            insert into usage_dead_letters (stream_id, fields, reason) values (?, ?, ?)
            on conflict (stream_id) do nothing
            """;

    private LedgerSql() {
    }

    /** errors counts status 'error' only: a cancelled or rejected request is not a failure of ours. */
    private static String rollup(String unit) {
        return """
                , up_%1$s as (
                    insert into usage_%1$s as r (bucket, tenant_id, key_id, product, model, requests, input_tokens,
                            output_tokens, cached_tokens, cost_nanos, errors, cache_hits, estimated)
                    select date_trunc('%1$s', ts, 'UTC'), tenant_id, key_id, product, model, count(*),
                            sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_nanos),
                            count(*) filter (where status = 'error'), count(*) filter (where cache_hit),
                            count(*) filter (where estimated)
                    from ins
                    group by 1, 2, 3, 4, 5
                    on conflict (tenant_id, bucket, key_id, product, model) do update set
                        requests = r.requests + excluded.requests,
                        input_tokens = r.input_tokens + excluded.input_tokens,
                        output_tokens = r.output_tokens + excluded.output_tokens,
                        cached_tokens = r.cached_tokens + excluded.cached_tokens,
                        cost_nanos = r.cost_nanos + excluded.cost_nanos,
                        errors = r.errors + excluded.errors,
                        cache_hits = r.cache_hits + excluded.cache_hits,
                        estimated = r.estimated + excluded.estimated
                )
                """.formatted(unit);
    }
}
