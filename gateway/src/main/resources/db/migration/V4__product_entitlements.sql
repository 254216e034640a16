-- Which products a tenant may use, where it differs from the configured default
-- (gateway.products.default-entitlement).
create table product_entitlements (
    id          text primary key,        -- tenant_id/product
    tenant_id   text not null references tenants (id),
    product     text not null,
    enabled     boolean not null,
    updated_at  timestamptz not null default now()
);

create index product_entitlements_tenant on product_entitlements (tenant_id);
