-- The client's x-request-id, kept as a correlation field. The ledger's identity (request_id) is
-- an id the gateway generates for every request, so a client reusing its own id can no longer
-- fold several requests into one ledger row (or one concurrency lease). The client's id is
-- checked at the edge (at most 128 visible ASCII characters), so it fits a btree entry.
alter table usage_events add column if not exists client_request_id text;

-- "Which of our requests was the one you sent as X?": a tenant's lookup by its own id.
create index if not exists usage_events_tenant_client_request_id
    on usage_events (tenant_id, client_request_id) where client_request_id is not null;
