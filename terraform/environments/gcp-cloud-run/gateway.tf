locals {
  redis_endpoint = google_redis_cluster.gateway.discovery_endpoints[0]

  # Plain values every gateway process reads; secrets are added per container from Secret Manager.
  gateway_env = {
    MICRONAUT_CONFIG_FILES       = "/etc/gateway/gateway.yml"
    DATASOURCES_DEFAULT_URL      = "jdbc:postgresql://${google_sql_database_instance.gateway.private_ip_address}:5432/${google_sql_database.gateway.name}"
    DATASOURCES_DEFAULT_USERNAME = google_sql_user.gateway.name
    REDIS_URI                    = "redis://${local.redis_endpoint.address}:${local.redis_endpoint.port}"
    GATEWAY_EXPECTED_INSTANCES   = tostring(max(var.min_instances, 1))
  }
  gateway_secret_env = merge(
    {
      GATEWAY_ADMIN_TOKEN          = var.admin_token_secret
      DATASOURCES_DEFAULT_PASSWORD = var.database_password_secret
    },
    var.pool_key_secrets
  )
}

resource "google_cloud_run_v2_service" "gateway" {
  name     = "gateway"
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.gateway.email
    max_instance_request_concurrency = var.concurrency
    # Long generations stream for minutes: the request timeout bounds the whole stream.
    timeout = "${var.request_timeout_seconds}s"
    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }
    vpc_access {
      network_interfaces {
        network    = var.network
        subnetwork = var.subnetwork
      }
      egress = "PRIVATE_RANGES_ONLY"
    }
    annotations = {
      "gateway.ai-factory/config-sha256" = sha256(module.gateway_config.yaml)
    }

    containers {
      image = var.gateway_image
      ports {
        name           = "http1"
        container_port = 8080
      }
      resources {
        limits            = { cpu = var.cpu, memory = var.memory }
        startup_cpu_boost = true
        # Flushers and reservation settlement run between requests.
        cpu_idle = false
      }
      dynamic "env" {
        for_each = merge(local.gateway_env, {
          # Migrations ran in the Cloud Run job; the server's start does not wait for them.
          GATEWAY_MIGRATE_ON_START = "false"
          },
          # The java launcher reads JDK_JAVA_OPTIONS: C1 only starts sooner and costs CPU once warm.
          var.jit == "cold-start" ? { JDK_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1" } : {},
        )
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.gateway_secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }
      volume_mounts {
        name       = "config"
        mount_path = "/etc/gateway"
      }
      startup_probe {
        http_get {
          path = "/health/readiness"
        }
        period_seconds    = 1
        failure_threshold = 30
      }
      liveness_probe {
        http_get {
          path = "/health/liveness"
        }
        period_seconds = 10
      }
    }
    volumes {
      name = "config"
      secret {
        secret = google_secret_manager_secret.gateway_config.secret_id
        items {
          path    = "gateway.yml"
          version = google_secret_manager_secret_version.gateway_config.version
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.gateway, terraform_data.migrate]
}

# Migrations as a Cloud Run job, executed before the service's new revision (see README).
resource "google_cloud_run_v2_job" "migrate" {
  name     = "gateway-migrate"
  location = var.region
  template {
    template {
      service_account = google_service_account.gateway.email
      max_retries     = 3
      vpc_access {
        network_interfaces {
          network    = var.network
          subnetwork = var.subnetwork
        }
        egress = "PRIVATE_RANGES_ONLY"
      }
      containers {
        image = var.gateway_image
        args  = ["migrate"]
        dynamic "env" {
          for_each = local.gateway_env
          content {
            name  = env.key
            value = env.value
          }
        }
        dynamic "env" {
          for_each = local.gateway_secret_env
          content {
            name = env.key
            value_source {
              secret_key_ref {
                secret  = env.value
                version = "latest"
              }
            }
          }
        }
        volume_mounts {
          name       = "config"
          mount_path = "/etc/gateway"
        }
      }
      volumes {
        name = "config"
        secret {
          secret = google_secret_manager_secret.gateway_config.secret_id
          items {
            path    = "gateway.yml"
            version = google_secret_manager_secret_version.gateway_config.version
          }
        }
      }
    }
  }
}

# Runs the job for every new image, before the service moves to it (gcloud on the applying host).
resource "terraform_data" "migrate" {
  triggers_replace = [var.gateway_image]
  provisioner "local-exec" {
    command = "gcloud run jobs execute ${google_cloud_run_v2_job.migrate.name} --region ${var.region} --project ${var.project} --wait"
  }
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = google_cloud_run_v2_service.gateway.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}
