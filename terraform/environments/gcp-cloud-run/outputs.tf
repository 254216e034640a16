output "gateway_url" {
  description = "The gateway's base URL (OpenAI SDKs: base_url = <this>/v1)."
  value       = google_cloud_run_v2_service.gateway.uri
}

output "gateway_config_yaml" {
  description = "The configuration the gateway runs with."
  value       = module.gateway_config.yaml
}
