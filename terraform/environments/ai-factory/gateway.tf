locals {
  config_checksum = sha256(module.gateway_config.yaml)

  # What every gateway process (server and migration job) reads from its environment.
  gateway_env = concat([
    { name = "MICRONAUT_CONFIG_FILES", value = "/etc/gateway/gateway.yml" },
    { name = "DATASOURCES_DEFAULT_URL", value = "jdbc:postgresql://gateway-db-rw.${var.namespace}.svc:5432/app" },
    { name = "DATASOURCES_DEFAULT_USERNAME", valueFrom = { secretKeyRef = { name = "gateway-db-app", key = "username" } } },
    { name = "DATASOURCES_DEFAULT_PASSWORD", valueFrom = { secretKeyRef = { name = "gateway-db-app", key = "password" } } },
    { name = "REDIS_PASSWORD", valueFrom = { secretKeyRef = { name = "gateway-redis-redis-cluster", key = "redis-password" } } },
    # Kubernetes expands $(REDIS_PASSWORD) from the variable above: the password is never in state.
    { name = "REDIS_URI", value = "redis://:$(REDIS_PASSWORD)@gateway-redis-redis-cluster.${var.namespace}.svc:6379" },
    { name = "GATEWAY_ADMIN_TOKEN", valueFrom = { secretKeyRef = { name = var.admin_token_secret, key = "token" } } },
    { name = "GATEWAY_EXPECTED_INSTANCES", value = tostring(max(var.gateway_min_scale, 1)) },
    ], [for pool, env in module.gateway_config.pool_key_env :
    { name = env, valueFrom = { secretKeyRef = { name = var.pool_credentials_secret, key = env } } }
  ])
}

# Migrations run once per configuration, before the new revision rolls out, not at every start.
resource "kubernetes_job_v1" "migrate" {
  metadata {
    name      = "gateway-migrate-${substr(sha256(var.gateway_image), 0, 10)}"
    namespace = kubernetes_namespace_v1.factory.metadata[0].name
    labels    = local.labels
  }
  spec {
    backoff_limit = 3
    template {
      metadata {
        labels = local.labels
      }
      spec {
        restart_policy = "OnFailure"
        container {
          name  = "migrate"
          image = var.gateway_image
          args  = ["migrate"]
          dynamic "env" {
            for_each = local.gateway_env
            content {
              name  = env.value.name
              value = lookup(env.value, "value", null)
              dynamic "value_from" {
                for_each = lookup(env.value, "valueFrom", null) == null ? [] : [env.value.valueFrom]
                content {
                  secret_key_ref {
                    name = value_from.value.secretKeyRef.name
                    key  = value_from.value.secretKeyRef.key
                  }
                }
              }
            }
          }
          volume_mount {
            name       = "config"
            mount_path = "/etc/gateway"
          }
        }
        volume {
          name = "config"
          config_map {
            name = kubernetes_config_map_v1.gateway_config.metadata[0].name
          }
        }
      }
    }
  }
  wait_for_completion = true
  timeouts {
    create = "10m"
  }
  depends_on = [kubernetes_manifest.postgres_cluster]
}

resource "kubernetes_manifest" "gateway" {
  manifest = {
    apiVersion = "serving.knative.dev/v1"
    kind       = "Service"
    metadata = {
      name      = "gateway"
      namespace = kubernetes_namespace_v1.factory.metadata[0].name
      labels    = local.labels
    }
    spec = {
      template = {
        metadata = {
          annotations = {
            "autoscaling.knative.dev/min-scale" = tostring(var.gateway_min_scale)
            "autoscaling.knative.dev/max-scale" = tostring(var.gateway_max_scale)
            "autoscaling.knative.dev/target"    = tostring(var.gateway_concurrency_target)
            "autoscaling.knative.dev/metric"    = "concurrency"
            # A new revision for every configuration change, rolled out gradually.
            "gateway.ai-factory/config-sha256" = local.config_checksum
          }
        }
        spec = {
          containerConcurrency          = var.gateway_concurrency_target * 2
          timeoutSeconds                = 3600
          terminationGracePeriodSeconds = var.gateway_grace_seconds
          containers = [{
            image = var.gateway_image
            ports = [{ containerPort = 8080, name = "http1" }]
            env = concat(local.gateway_env, [
              # Migrations ran in the Job above; the server's start does not wait for them.
              { name = "GATEWAY_MIGRATE_ON_START", value = "false" },
            ])
            resources = {
              requests = { cpu = var.gateway_cpu, memory = var.gateway_memory }
              limits   = { memory = var.gateway_memory }
            }
            readinessProbe = { httpGet = { path = "/health/readiness", port = 8080 }, periodSeconds = 2 }
            livenessProbe  = { httpGet = { path = "/health/liveness", port = 8080 }, periodSeconds = 10 }
            volumeMounts   = [{ name = "config", mountPath = "/etc/gateway", readOnly = true }]
          }]
          volumes = [{ name = "config", configMap = { name = kubernetes_config_map_v1.gateway_config.metadata[0].name } }]
        }
      }
      traffic = [{ latestRevision = true, percent = 100 }]
    }
  }
  depends_on = [kubernetes_job_v1.migrate, helm_release.redis]
}
