output "yaml" {
  description = "The gateway's configuration file (MICRONAUT_CONFIG_FILES points at it)."
  value       = yamlencode({ gateway = local.gateway })
}

output "config" {
  description = "The same configuration as an object, for environments that need parts of it."
  value       = { gateway = local.gateway }
}

output "pool_key_env" {
  description = "Environment variables the gateway needs for pool credentials, by pool name."
  value       = { for name, p in var.pools : name => p.api_key_env if p.api_key_env != null }
}
