locals {
  # Terraform's snake_case attributes become the gateway's kebab-case keys; null (unset optional)
  # attributes are left out so the gateway's own defaults apply.
  pools = { for name, p in var.pools : name => { for k, v in {
    protocol             = p.protocol
    balancer             = p.balancer
    location             = p.location
    "api-key"            = p.api_key_env == null ? null : "$${${p.api_key_env}:}"
    "first-byte-timeout" = p.first_byte_timeout
    "call-timeout"       = p.call_timeout
    "max-attempts"       = p.max_attempts
    endpoints = [for e in p.endpoints : {
      url              = e.url
      weight           = e.weight
      "max-concurrent" = e.max_concurrent
    }]
  } : k => v if v != null } }

  models = { for alias, m in var.models : alias => {
    targets = [for t in m.targets : { for k, v in {
      pool             = t.pool
      model            = t.model
      "context-window" = t.context_window
    } : k => v if v != null }]
  } }

  tiers = { for name, t in var.tiers : name => { for k, v in {
    priority           = t.priority
    rpm                = t.rpm
    tpm                = t.tpm
    concurrency        = t.concurrency
    "daily-tokens"     = t.daily_tokens
    "monthly-tokens"   = t.monthly_tokens
    "daily-cost-usd"   = t.daily_cost_usd
    "monthly-cost-usd" = t.monthly_cost_usd
  } : k => v if v != null } }

  tenant_routing = { for tenant, r in var.tenant_routing : tenant => {
    "allowed-pools"  = r.allowed_pools
    "data-residency" = r.data_residency
  } }

  gateway = { for k, v in {
    pools            = local.pools
    models           = local.models
    tiers            = local.tiers
    prices           = var.prices
    "tenant-routing" = local.tenant_routing
  } : k => v if length(v) > 0 }
}
