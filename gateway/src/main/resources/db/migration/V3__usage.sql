-- The usage ledger: one row per authenticated request, written by the flusher from the Redis
-- stream gateway:usage. request_id is the primary key, so a re-delivered stream entry inserts
-- nothing (ON CONFLICT DO NOTHING) and the roll-ups are only bumped for rows actually inserted.
--
-- Beyond one PostgreSQL the documented path is to partition usage_events (and usage_minute) by
-- day (PARTITION BY RANGE (ts)); the primary key then becomes (ts, request_id), which still
-- dedups a re-delivery because an event keeps its timestamp. Not done here: it needs partitions
-- created ahead of time (pg_partman or a daily job), and one instance is far from its limit.
create table usage_events (
    request_id      text primary key,
    ts              timestamptz not null,
    tenant_id       text not null,
    key_id          text not null,
    product         text,
    operation       text,
    model_alias     text,
    served_model    text,
    pool            text,
    endpoint        text,
    input_tokens    bigint not null,
    output_tokens   bigint not null,
    cached_tokens   bigint not null,
    cost_nanos      bigint not null,
    status          text not null,
    cache_hit       boolean not null,
    fallbacks       integer not null,
    latency_ms      bigint not null,
    ttft_ms         bigint not null,
    estimated       boolean not null,
    http_status     integer not null,
    stream_id       text,
    landed_at       timestamptz not null default now()
);

-- Per-tenant drill-down over time (invoices, disputes); the roll-ups serve the APIs.
create index usage_events_tenant_ts on usage_events (tenant_id, ts);

-- Roll-ups: one row per bucket × tenant × key × product × model. Absent product or model are ''
-- so they can be part of the primary key. Buckets are UTC. The primary key leads with tenant_id
-- and bucket, the shape of every tenant query; the bucket index serves the admin's all-tenant one.
create table usage_minute (
    bucket          timestamptz not null,
    tenant_id       text not null,
    key_id          text not null,
    product         text not null,
    model           text not null,
    requests        bigint not null,
    input_tokens    bigint not null,
    output_tokens   bigint not null,
    cached_tokens   bigint not null,
    cost_nanos      bigint not null,
    errors          bigint not null,
    cache_hits      bigint not null,
    estimated       bigint not null,
    primary key (tenant_id, bucket, key_id, product, model)
);
create index usage_minute_bucket on usage_minute (bucket);

create table usage_hour (like usage_minute including all);
create table usage_day (like usage_minute including all);

-- Stream entries the flusher could not read as a usage event. Kept (not dropped) so an operator
-- can see, fix and re-insert them; acknowledged in the stream so they cannot wedge the flusher.
create table usage_dead_letters (
    stream_id       text primary key,
    fields          text not null,
    reason          text not null,
    received_at     timestamptz not null default now()
);
