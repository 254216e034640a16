-- Rate limits and budgets: a tenant gets its tier's defaults (from configuration), overridden
-- here per tenant, and optionally narrowed per key or per product. A null limit inherits.
alter table tenants add column tier text not null default 'standard';

create table policy_overrides (
    id                  text primary key,           -- tenant_id/key_id/product ('' for none)
    tenant_id           text not null references tenants (id),
    key_id              text not null default '',
    product             text not null default '',
    rpm                 bigint,
    tpm                 bigint,
    concurrency         bigint,
    daily_tokens        bigint,
    monthly_tokens      bigint,
    daily_cost_nanos    bigint,
    monthly_cost_nanos  bigint,
    updated_at          timestamptz not null default now()
);

create index policy_overrides_tenant on policy_overrides (tenant_id);
