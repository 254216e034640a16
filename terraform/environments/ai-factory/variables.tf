variable "kubeconfig_path" {
  description = "Path of the kubeconfig for the factory's cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "The kubeconfig context to apply to (null: the current one)."
  type        = string
  default     = null
}

variable "namespace" {
  description = "Namespace of the gateway, its Redis and PostgreSQL, and the GPU pools."
  type        = string
  default     = "ai-factory"
}

variable "gateway_image" {
  description = "The gateway's production image, pinned by digest (registry/gateway@sha256:...)."
  type        = string

  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.gateway_image))
    error_message = "Pin the gateway image by digest: a tag can move under a running revision."
  }
}

variable "gateway_min_scale" {
  description = "Knative min-scale: 0 lets the gateway scale to zero when idle; 1 or more keeps warm instances."
  type        = number
  default     = 1
}

variable "gateway_jit" {
  description = "The gateway JVM's JIT: \"throughput\" (C1 and C2, the image's default) or \"cold-start\" (C1 only, through JDK_JAVA_OPTIONS: the first answer about 0.35 s sooner after a start on 2 cores, but about three times the CPU per request once warm). Choose cold-start for a gateway that scales to zero and sees little traffic."
  type        = string
  default     = "throughput"

  validation {
    condition     = contains(["throughput", "cold-start"], var.gateway_jit)
    error_message = "gateway_jit is throughput or cold-start."
  }
}

variable "gateway_max_scale" {
  description = "Knative max-scale: the most gateway instances."
  type        = number
  default     = 20
}

variable "gateway_concurrency_target" {
  description = "In-flight requests per instance Knative aims for before adding one (streams are long but cheap)."
  type        = number
  default     = 200
}

variable "gateway_grace_seconds" {
  description = "Seconds an instance has after SIGTERM to finish its in-flight streams (the pod's termination grace)."
  type        = number
  default     = 120
}

variable "gateway_cpu" {
  description = "CPU request of a gateway instance."
  type        = string
  default     = "1"
}

variable "gateway_memory" {
  description = "Memory request and limit of a gateway instance."
  type        = string
  default     = "1Gi"
}

variable "admin_token_secret" {
  description = "Name of the Kubernetes secret (key 'token') that holds the admin API token; created outside Terraform so it is never in state."
  type        = string
  default     = "gateway-admin-token"
}

variable "pool_credentials_secret" {
  description = "Name of the Kubernetes secret whose keys are the pool credential variables (pool_key_env of the rendered config)."
  type        = string
  default     = "gateway-pool-credentials"
}

variable "redis_chart_version" {
  description = "Version of the Bitnami redis-cluster Helm chart."
  type        = string
  default     = "13.0.4"
}

variable "redis_nodes" {
  description = "Redis Cluster nodes (masters plus replicas)."
  type        = number
  default     = 6
}

variable "cnpg_chart_version" {
  description = "Version of the CloudNativePG operator Helm chart."
  type        = string
  default     = "0.26.0"
}

variable "postgres_instances" {
  description = "PostgreSQL instances of the CloudNativePG cluster (1 primary, the rest replicas)."
  type        = number
  default     = 3
}

variable "postgres_storage" {
  description = "Volume size of each PostgreSQL instance."
  type        = string
  default     = "50Gi"
}

variable "vllm_image" {
  description = "The vLLM server image, pinned by digest."
  type        = string

  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.vllm_image))
    error_message = "Pin the vLLM image by digest."
  }
}

variable "vllm_pools" {
  description = "GPU pools served by vLLM in this cluster, by pool name: the GPU type (H100 or H200), GPUs per replica, the model, and KEDA's replica bounds and queue target."
  type = map(object({
    gpu_type         = string
    model            = string
    gpus_per_replica = optional(number, 1)
    min_replicas     = optional(number, 1)
    max_replicas     = optional(number, 4)
    queue_target     = optional(number, 8)
    max_concurrent   = optional(number, 64)
    balancer         = optional(string, "prefix-aware")
  }))

  validation {
    condition     = alltrue([for p in values(var.vllm_pools) : contains(["H100", "H200"], p.gpu_type)])
    error_message = "gpu_type is H100 or H200."
  }
}

variable "external_pools" {
  description = "Pools outside the cluster (other sites, external providers), in the gateway-config module's pool shape."
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
  default = {}
}

variable "models" {
  description = "Model aliases and their fallback chains over the pools above (gateway-config module's models)."
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

variable "prometheus_url" {
  description = "Prometheus that KEDA asks for vllm:num_requests_waiting."
  type        = string
  default     = "http://prometheus-operated.monitoring.svc:9090"
}

variable "monitoring_namespace" {
  description = "Namespace where Grafana's sidecar picks up dashboards and the Prometheus operator picks up rules."
  type        = string
  default     = "monitoring"
}
