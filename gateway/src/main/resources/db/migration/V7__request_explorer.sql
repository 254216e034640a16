-- The request explorer (/admin/requests, the /ops page) finds usage events by the gateway's or
-- the client's request id, tenant, model, product, status and time range, newest first, a page at
-- a time (keyset on ts, request_id). IF NOT EXISTS everywhere: V5 may already have added
-- client_request_id, and this must apply on a ledger with or without it.
alter table usage_events add column if not exists client_request_id text;
alter table usage_events add column if not exists trace_id text;

-- Every page walks (ts, request_id) backwards from its cursor; filters ride along.
create index if not exists usage_events_ts_request on usage_events (ts, request_id);
-- One tenant's page, the operator's most common question.
create index if not exists usage_events_tenant_ts_request on usage_events (tenant_id, ts, request_id);
-- "What happened to my request X?" with the id the client sent.
create index if not exists usage_events_client_request on usage_events (client_request_id)
    where client_request_id is not null;
