variable "pools" {
  description = "Pools of model servers by name (gateway.pools.<name>). Credentials are never values here: api_key_env names the environment variable that holds the pool's key at run time."
  type = map(object({
    protocol           = optional(string, "openai")
    balancer           = optional(string, "least-outstanding")
    location           = optional(string, "on-prem")
    api_key_env        = optional(string)
    first_byte_timeout = optional(string)
    call_timeout       = optional(string)
    max_attempts       = optional(number)
    endpoints = list(object({
      url            = string
      weight         = optional(number, 1)
      max_concurrent = optional(number, 64)
    }))
  }))

  validation {
    condition = alltrue([for p in values(var.pools) : contains(
    ["openai", "anthropic"], p.protocol)])
    error_message = "A pool's protocol is openai or anthropic."
  }
  validation {
    condition = alltrue([for p in values(var.pools) : contains(
    ["round-robin", "least-outstanding", "p2c", "queue-kv", "prefix-aware", "session-affinity"], p.balancer)])
    error_message = "A pool's balancer is round-robin, least-outstanding, p2c, queue-kv, prefix-aware or session-affinity."
  }
  validation {
    condition     = alltrue([for p in values(var.pools) : contains(["on-prem", "external"], p.location)])
    error_message = "A pool's location is on-prem or external."
  }
  validation {
    condition     = alltrue([for p in values(var.pools) : length(p.endpoints) > 0])
    error_message = "Every pool needs at least one endpoint."
  }
  validation {
    condition = alltrue(flatten([for p in values(var.pools) : [
    for e in p.endpoints : e.weight > 0 && e.max_concurrent > 0]]))
    error_message = "Endpoint weight and max_concurrent are positive."
  }
}

variable "models" {
  description = "Model aliases tenants call (gateway.models.<alias>): an ordered fallback chain of targets, each a pool and the model name it serves the alias under."
  type = map(object({
    targets = list(object({
      pool           = string
      model          = optional(string)
      context_window = optional(number)
    }))
  }))

  validation {
    condition     = alltrue([for m in values(var.models) : length(m.targets) > 0])
    error_message = "Every model alias needs at least one target."
  }
  validation {
    condition = alltrue(flatten([for m in values(var.models) : [
    for t in m.targets : contains(keys(var.pools), t.pool)]]))
    error_message = "Every model target names a pool defined in var.pools."
  }
}

variable "tiers" {
  description = "Default limits per tenant tier (gateway.tiers.<tier>); absent limits are unlimited. Per-tenant overrides live in PostgreSQL. priority: higher goes first in a saturated pool's queue and in SLO admission (the gateway's own default when unset)."
  type = map(object({
    priority         = optional(number)
    rpm              = optional(number)
    tpm              = optional(number)
    concurrency      = optional(number)
    daily_tokens     = optional(number)
    monthly_tokens   = optional(number)
    daily_cost_usd   = optional(number)
    monthly_cost_usd = optional(number)
  }))
  default = {}

  validation {
    condition = alltrue(flatten([for t in values(var.tiers) : [
    for v in values(t) : v == null ? true : v >= 0]]))
    error_message = "Tier limits are not negative."
  }
}

variable "prices" {
  description = "USD per million tokens by model alias (gateway.prices.<alias>; 'default' for the rest)."
  type = map(object({
    input  = number
    output = number
    cached = optional(number, 0)
  }))
  default = {}

  validation {
    condition     = alltrue([for p in values(var.prices) : p.input >= 0 && p.output >= 0 && p.cached >= 0])
    error_message = "Prices are not negative."
  }
}

variable "tenant_routing" {
  description = "Where a tenant's requests may go (gateway.tenant-routing.<tenant>): allowed pools (empty = any) and data residency (any | on-prem-only)."
  type = map(object({
    allowed_pools  = optional(list(string), [])
    data_residency = optional(string, "any")
  }))
  default = {}

  validation {
    condition     = alltrue([for r in values(var.tenant_routing) : contains(["any", "on-prem-only"], r.data_residency)])
    error_message = "data_residency is any or on-prem-only."
  }
  validation {
    condition = alltrue(flatten([for r in values(var.tenant_routing) : [
    for p in r.allowed_pools : contains(keys(var.pools), p)]]))
    error_message = "allowed_pools name pools defined in var.pools."
  }
}
