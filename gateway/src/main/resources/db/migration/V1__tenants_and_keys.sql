-- Tenants and their API keys. Keys are stored only as a SHA-256 hash: they are 190-bit random
-- secrets, so a fast hash is as safe as a slow one and keeps the lookup cheap.
create table tenants (
    id          text primary key check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name        text not null,
    created_at  timestamptz not null default now()
);

create table api_keys (
    id              text primary key,
    tenant_id       text not null references tenants (id),
    name            text not null,
    prefix          text not null,
    key_hash        text not null unique,
    status          text not null check (status in ('active', 'revoked')),
    allowed_models  text[],
    expires_at      timestamptz,
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz
);

create index api_keys_tenant on api_keys (tenant_id);
