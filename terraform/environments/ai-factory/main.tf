# The factory's own cluster: the gateway as a Knative Service in front of vLLM GPU pools, with
# Redis Cluster and CloudNativePG beside it. Every pool, alias, tier and price reaches the
# gateway through the one rendered configuration (modules/gateway-config).

module "gateway_config" {
  source         = "../../modules/gateway-config"
  pools          = merge(local.vllm_gateway_pools, var.external_pools)
  models         = var.models
  tiers          = var.tiers
  prices         = var.prices
  tenant_routing = var.tenant_routing
}

resource "kubernetes_namespace_v1" "factory" {
  metadata {
    name   = var.namespace
    labels = local.labels
  }
}

# The rendered configuration, mounted at /etc/gateway and named by MICRONAUT_CONFIG_FILES.
resource "kubernetes_config_map_v1" "gateway_config" {
  metadata {
    name      = "gateway-config"
    namespace = kubernetes_namespace_v1.factory.metadata[0].name
  }
  data = {
    "gateway.yml" = module.gateway_config.yaml
  }
}
