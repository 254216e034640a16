# A public-cloud serverless variant: the gateway on Cloud Run, Memorystore for Redis Cluster,
# Cloud SQL on a private address, GPU pools reached as external endpoints through the one
# rendered configuration (modules/gateway-config).

module "gateway_config" {
  source         = "../../modules/gateway-config"
  pools          = var.pools
  models         = var.models
  tiers          = var.tiers
  prices         = var.prices
  tenant_routing = var.tenant_routing
}

resource "google_service_account" "gateway" {
  account_id   = "ai-factory-gateway"
  display_name = "AI Factory Gateway"
}

# Cloud Run has no config maps: the rendered file is a Secret Manager secret mounted as a file.
resource "google_secret_manager_secret" "gateway_config" {
  secret_id = "gateway-config"
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "gateway_config" {
  secret      = google_secret_manager_secret.gateway_config.id
  secret_data = module.gateway_config.yaml
}

locals {
  # Every secret the gateway's service account may read.
  secrets_read = concat(
    [google_secret_manager_secret.gateway_config.secret_id, var.admin_token_secret, var.database_password_secret],
    values(var.pool_key_secrets),
  )
}

resource "google_secret_manager_secret_iam_member" "gateway" {
  for_each  = toset(local.secrets_read)
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.gateway.email}"
}

resource "google_project_iam_member" "gateway_sql" {
  project = var.project
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.gateway.email}"
}
