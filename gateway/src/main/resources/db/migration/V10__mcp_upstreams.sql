-- Upstream MCP servers the gateway aggregates behind /mcp (mcp/upstream). The name is the tools'
-- prefix (<name>__<tool>). Credentials are the headers injected on upstream requests, AES-GCM
-- sealed like channel credentials (key GATEWAY_CHANNEL_KEY, the row's name as associated data);
-- only their names are ever returned. Grants and per-tool limits are small JSON objects.
create table mcp_upstreams (
    name                  text primary key,
    url                   text not null,
    credentials           bytea,                      -- null: no headers injected
    credential_names      text not null default '',   -- comma-separated header names, for the operator's view
    timeout_ms            integer not null,
    requests_per_minute   integer not null default 0, -- per tenant and per tool; 0: no limit
    tool_limits           text not null default '{}', -- {"tool": requests per minute}
    grants                text not null default '{}', -- {"tenant id or *": ["tool or *", ...]}
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
