locals {
  labels = { "app.kubernetes.io/part-of" = "ai-factory" }

  # The label NVIDIA's GPU feature discovery puts on nodes, per GPU type.
  gpu_products = {
    H100 = "NVIDIA-H100-80GB-HBM3"
    H200 = "NVIDIA-H200"
  }
}

resource "kubernetes_deployment_v1" "vllm" {
  for_each = var.vllm_pools
  metadata {
    name      = "vllm-${each.key}"
    namespace = kubernetes_namespace_v1.factory.metadata[0].name
    labels    = merge(local.labels, { "ai-factory/pool" = each.key })
  }
  spec {
    # KEDA owns the replica count from here on.
    replicas = each.value.min_replicas
    selector {
      match_labels = { "ai-factory/pool" = each.key }
    }
    template {
      metadata {
        labels = merge(local.labels, { "ai-factory/pool" = each.key })
        annotations = {
          "prometheus.io/scrape" = "true"
          "prometheus.io/port"   = "8000"
        }
      }
      spec {
        node_selector = { "nvidia.com/gpu.product" = local.gpu_products[each.value.gpu_type] }
        toleration {
          key      = "nvidia.com/gpu"
          operator = "Exists"
          effect   = "NoSchedule"
        }
        container {
          name  = "vllm"
          image = var.vllm_image
          args = ["--model", each.value.model, "--tensor-parallel-size", tostring(each.value.gpus_per_replica),
          "--max-num-seqs", tostring(each.value.max_concurrent), "--enable-prefix-caching", "--port", "8000"]
          port {
            container_port = 8000
          }
          resources {
            limits   = { "nvidia.com/gpu" = tostring(each.value.gpus_per_replica) }
            requests = { "nvidia.com/gpu" = tostring(each.value.gpus_per_replica) }
          }
          readiness_probe {
            http_get {
              path = "/health"
              port = 8000
            }
            period_seconds = 5
          }
        }
      }
    }
  }
  wait_for_rollout = false
}

resource "kubernetes_service_v1" "vllm" {
  for_each = var.vllm_pools
  metadata {
    name      = "vllm-${each.key}"
    namespace = kubernetes_namespace_v1.factory.metadata[0].name
  }
  spec {
    selector = { "ai-factory/pool" = each.key }
    port {
      port        = 8000
      target_port = 8000
    }
  }
}

# KEDA adds replicas when requests queue inside vLLM (waiting, not yet scheduled on the GPU).
resource "kubernetes_manifest" "vllm_scaler" {
  for_each = var.vllm_pools
  manifest = {
    apiVersion = "keda.sh/v1alpha1"
    kind       = "ScaledObject"
    metadata = {
      name      = "vllm-${each.key}"
      namespace = kubernetes_namespace_v1.factory.metadata[0].name
    }
    spec = {
      scaleTargetRef  = { name = kubernetes_deployment_v1.vllm[each.key].metadata[0].name }
      minReplicaCount = each.value.min_replicas
      maxReplicaCount = each.value.max_replicas
      cooldownPeriod  = 300
      triggers = [{
        type = "prometheus"
        metadata = {
          serverAddress = var.prometheus_url
          query         = "sum(vllm:num_requests_waiting{namespace=\"${var.namespace}\",pod=~\"vllm-${each.key}-.*\"})"
          threshold     = tostring(each.value.queue_target)
        }
      }]
    }
  }
}

locals {
  # In-cluster vLLM pools become gateway pools whose endpoint is the pool's Service.
  vllm_gateway_pools = { for name, p in var.vllm_pools : name => {
    protocol           = "openai"
    balancer           = p.balancer
    location           = "on-prem"
    api_key_env        = null
    first_byte_timeout = null
    call_timeout       = null
    max_attempts       = null
    endpoints = [{
      url            = "http://vllm-${name}.${var.namespace}.svc:8000"
      weight         = 1
      max_concurrent = p.max_concurrent * p.max_replicas
    }]
  } }
}
