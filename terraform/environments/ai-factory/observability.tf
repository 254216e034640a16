# Dashboards and rules come from observability/, the same files the gateway's tests check
# against its exported metrics: one source of truth.
locals {
  observability_dir = "${path.module}/../../../observability"
  dashboards        = fileset("${local.observability_dir}/dashboards", "*.json")
}

resource "kubernetes_config_map_v1" "dashboards" {
  metadata {
    name      = "gateway-dashboards"
    namespace = var.monitoring_namespace
    # Grafana's sidecar loads every config map with this label.
    labels = { grafana_dashboard = "1" }
  }
  data = { for f in local.dashboards : f => file("${local.observability_dir}/dashboards/${f}") }
}

resource "kubernetes_manifest" "alert_rules" {
  manifest = {
    apiVersion = "monitoring.coreos.com/v1"
    kind       = "PrometheusRule"
    metadata = {
      name      = "gateway"
      namespace = var.monitoring_namespace
      labels    = { release = "prometheus" }
    }
    spec = yamldecode(file("${local.observability_dir}/alerts/gateway.yaml"))
  }
}
