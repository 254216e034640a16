-- Chat platform workspaces, teams, bots and official accounts bound to tenants. A workspace is
-- bound to one tenant at most (platform, workspace unique), so its users' turns can never be billed
-- to or answered from another tenant. Credentials are AES-GCM ciphertext (key GATEWAY_CHANNEL_KEY),
-- bound to the row's id and tenant as associated data: never stored, returned or logged in clear.
create table channel_bindings (
    id                   text primary key,
    tenant_id            text not null references tenants (id),
    platform             text not null,
    workspace            text not null,
    default_product      text not null,
    allowed_products     text not null default '',   -- comma-separated; empty: every entitled product
    end_user_rpm         integer not null default 0, -- 0: no per-person limit
    credentials          bytea not null,
    credential_names     text not null default '',   -- comma-separated, for the operator's view
    channels             text not null default '',   -- comma-separated channel/group ids where every message is answered
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    unique (platform, workspace)
);

create index channel_bindings_tenant on channel_bindings (tenant_id);
