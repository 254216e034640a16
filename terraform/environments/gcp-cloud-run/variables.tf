variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of Cloud Run, Memorystore and Cloud SQL."
  type        = string
  default     = "europe-west4"
}

variable "network" {
  description = "VPC network (self link or name) that Memorystore and Cloud SQL live on and Cloud Run egresses into."
  type        = string
  default     = "default"
}

variable "subnetwork" {
  description = "Subnetwork in var.region for Cloud Run's direct VPC egress and Memorystore's service connection."
  type        = string
  default     = "default"
}

variable "gateway_image" {
  description = "The gateway's production image in Artifact Registry, pinned by digest (…/gateway@sha256:…)."
  type        = string

  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.gateway_image))
    error_message = "Pin the gateway image by digest: a tag can move under a running revision."
  }
}

variable "min_instances" {
  description = "Cloud Run minimum instances: 0 scales to zero when idle."
  type        = number
  default     = 0
}

variable "jit" {
  description = "The gateway JVM's JIT: \"throughput\" (C1 and C2, the image's default) or \"cold-start\" (C1 only, through JDK_JAVA_OPTIONS: the first answer about 0.35 s sooner after a start on 2 cores, but about three times the CPU per request once warm). Choose cold-start for a service that scales to zero and sees little traffic."
  type        = string
  default     = "throughput"

  validation {
    condition     = contains(["throughput", "cold-start"], var.jit)
    error_message = "jit is throughput or cold-start."
  }
}

variable "max_instances" {
  description = "Cloud Run maximum instances."
  type        = number
  default     = 20
}

variable "concurrency" {
  description = "Requests one instance serves at once (streams are long but cheap)."
  type        = number
  default     = 200
}

variable "request_timeout_seconds" {
  description = "Longest request, head to last streamed byte (Cloud Run allows up to 3600)."
  type        = number
  default     = 3600
}

variable "cpu" {
  description = "vCPUs per gateway instance."
  type        = string
  default     = "2"
}

variable "memory" {
  description = "Memory per gateway instance."
  type        = string
  default     = "1Gi"
}

variable "redis_shards" {
  description = "Memorystore for Redis Cluster shards."
  type        = number
  default     = 3
}

variable "sql_tier" {
  description = "Cloud SQL machine tier."
  type        = string
  default     = "db-custom-2-7680"
}

variable "admin_token_secret" {
  description = "Secret Manager secret id holding the admin API token (created outside Terraform, so it is never in state)."
  type        = string
  default     = "gateway-admin-token"
}

variable "database_password_secret" {
  description = "Secret Manager secret id holding the Cloud SQL user's password."
  type        = string
  default     = "gateway-db-password"
}

variable "pools" {
  description = "GPU pools reached as external endpoints (the factory's sites, other providers), in the gateway-config module's pool shape; credentials by environment variable name (see pool_key_secrets)."
  type = map(object({
    protocol           = optional(string, "openai")
    balancer           = optional(string, "least-outstanding")
    location           = optional(string, "external")
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
}

variable "pool_key_secrets" {
  description = "Secret Manager secret id for each pool credential variable (pool api_key_env => secret id)."
  type        = map(string)
  default     = {}
}

variable "models" {
  description = "Model aliases and their fallback chains (gateway-config module's models)."
  type = map(object({
    targets = list(object({
      pool           = string
      model          = optional(string)
      context_window = optional(number)
    }))
  }))
}

variable "tiers" {
  description = "Default limits per tenant tier (gateway-config module's tiers)."
  type = map(object({
    rpm              = optional(number)
    tpm              = optional(number)
    concurrency      = optional(number)
    daily_tokens     = optional(number)
    monthly_tokens   = optional(number)
    daily_cost_usd   = optional(number)
    monthly_cost_usd = optional(number)
  }))
  default = {}
}

variable "prices" {
  description = "USD per million tokens by model alias (gateway-config module's prices)."
  type = map(object({
    input  = number
    output = number
    cached = optional(number, 0)
  }))
  default = {}
}

variable "tenant_routing" {
  description = "Per-tenant allowed pools and data residency (gateway-config module's tenant_routing)."
  type = map(object({
    allowed_pools  = optional(list(string), [])
    data_residency = optional(string, "any")
  }))
  default = {}
}
