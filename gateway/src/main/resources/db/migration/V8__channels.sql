-- Requests that enter through a channel other than the HTTP API (MCP, chat platforms) say which,
-- and a chat turn names its end user, hashed, so usage groups by channel and a per-person limit can
-- be checked against the ledger. Null for the HTTP API.
alter table usage_events add column if not exists channel text;
alter table usage_events add column if not exists end_user text;
create index if not exists usage_events_tenant_channel_ts on usage_events (tenant_id, channel, ts)
    where channel is not null;
