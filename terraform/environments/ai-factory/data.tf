# Redis in cluster mode: admission scripts keep every key of a call in the tenant's slot.
resource "helm_release" "redis" {
  name       = "gateway-redis"
  namespace  = kubernetes_namespace_v1.factory.metadata[0].name
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "redis-cluster"
  version    = var.redis_chart_version
  values = [yamlencode({
    cluster = { nodes = var.redis_nodes, replicas = 1 }
    # The chart generates the password into its secret; the gateway reads it from there.
    usePassword = true
    redis       = { configmap = "appendonly yes\nappendfsync everysec\n" }
  })]
}

resource "helm_release" "cnpg_operator" {
  name             = "cnpg"
  namespace        = "cnpg-system"
  create_namespace = true
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.cnpg_chart_version
}

# CloudNativePG creates the secret gateway-db-app (username, password) the gateway reads.
resource "kubernetes_manifest" "postgres_cluster" {
  manifest = {
    apiVersion = "postgresql.cnpg.io/v1"
    kind       = "Cluster"
    metadata = {
      name      = "gateway-db"
      namespace = kubernetes_namespace_v1.factory.metadata[0].name
    }
    spec = {
      instances  = var.postgres_instances
      storage    = { size = var.postgres_storage }
      bootstrap  = { initdb = { database = "app", owner = "app" } }
      monitoring = { enablePodMonitor = true }
    }
  }
  depends_on = [helm_release.cnpg_operator]
}
