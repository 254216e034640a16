locals {
  config_checksum = sha256(module.gateway_config.yaml)

  # What every gateway process (server and migration job) reads from its environment.
  gateway_env = {
    MICRONAUT_CONFIG_FILES  = "/etc/gateway/gateway.yml"
    DATASOURCES_DEFAULT_URL = "jdbc:postgresql://gateway-db-rw.${var.namespace}.svc:5432/app"
    # Kubernetes expands $(REDIS_PASSWORD) from the secret variable below: never in state.
    REDIS_URI                  = "redis://:$(REDIS_PASSWORD)@gateway-redis-redis-cluster.${var.namespace}.svc:6379"
    GATEWAY_EXPECTED_INSTANCES = tostring(max(var.gateway_min_scale, 1))
  }
  gateway_secret_env = {
    REDIS_PASSWORD               = { name = "gateway-redis-redis-cluster", key = "redis-password" }
    DATASOURCES_DEFAULT_USERNAME = { name = "gateway-db-app", key = "username" }
    DATASOURCES_DEFAULT_PASSWORD = { name = "gateway-db-app", key = "password" }
    GATEWAY_ADMIN_TOKEN          = { name = var.admin_token_secret, key = "token" }
  }
  # Pool credentials: the variables the rendered configuration's placeholders name.
  pool_secret_env = { for pool, env in module.gateway_config.pool_key_env : env => { name = var.pool_credentials_secret, key = env } }

  # The secret-backed variables come first: Kubernetes expands $(VAR) only from earlier entries.
  container_env = concat(
    [for k, v in merge(local.gateway_secret_env, local.pool_secret_env) : { name = k, valueFrom = { secretKeyRef = v } }],
    [for k, v in local.gateway_env : { name = k, value = v }],
  )
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
        # Kubernetes would put GATEWAY_PORT=tcp://… and GATEWAY_SERVICE_* of the "gateway"
        # Service in the environment, which the gateway reads as its own settings.
        enable_service_links = false
        container {
          name  = "migrate"
          image = var.gateway_image
          args  = ["migrate"]
          dynamic "env" {
            for_each = merge(local.gateway_secret_env, local.pool_secret_env)
            content {
              name = env.key
              value_from {
                secret_key_ref {
                  name = env.value.name
                  key  = env.value.key
                }
              }
            }
          }
          dynamic "env" {
            for_each = local.gateway_env
            content {
              name  = env.key
              value = env.value
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
          enableServiceLinks            = false
          timeoutSeconds                = 3600
          terminationGracePeriodSeconds = var.gateway_grace_seconds
          containers = [{
            image = var.gateway_image
            ports = [{ containerPort = 8080, name = "http1" }]
            env = concat(local.container_env, [
              # Migrations ran in the Job above; the server's start does not wait for them.
              { name = "GATEWAY_MIGRATE_ON_START", value = "false" },
              ],
              # The java launcher reads JDK_JAVA_OPTIONS: C1 only starts sooner and costs CPU once warm.
              var.gateway_jit == "cold-start" ? [{ name = "JDK_JAVA_OPTIONS", value = "-XX:TieredStopAtLevel=1" }] : [],
            )
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
