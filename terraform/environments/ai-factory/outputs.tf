output "gateway_config_yaml" {
  description = "The configuration the gateway runs with."
  value       = module.gateway_config.yaml
}
