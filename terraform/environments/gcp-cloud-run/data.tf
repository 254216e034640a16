# Cloud SQL reached on a private address only, through private services access.
resource "google_compute_global_address" "sql_range" {
  name          = "gateway-sql-range"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 16
  network       = var.network
}

resource "google_service_networking_connection" "sql" {
  network                 = var.network
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.sql_range.name]
}

resource "google_sql_database_instance" "gateway" {
  name             = "gateway-db"
  database_version = "POSTGRES_17"
  region           = var.region
  settings {
    tier              = var.sql_tier
    availability_type = "REGIONAL"
    ip_configuration {
      ipv4_enabled    = false
      private_network = var.network
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
  deletion_protection = true
  depends_on          = [google_service_networking_connection.sql]
}

resource "google_sql_database" "gateway" {
  name     = "gateway"
  instance = google_sql_database_instance.gateway.name
}

resource "google_sql_user" "gateway" {
  name     = "gateway"
  instance = google_sql_database_instance.gateway.name
  password = data.google_secret_manager_secret_version.database_password.secret_data
}

# The password lives in Secret Manager; Terraform reads it to set the user, never as a variable.
data "google_secret_manager_secret_version" "database_password" {
  secret = var.database_password_secret
}

# Memorystore for Redis Cluster, reached through a service connection policy on the subnetwork.
resource "google_network_connectivity_service_connection_policy" "redis" {
  name          = "gateway-redis"
  location      = var.region
  service_class = "gcp-memorystore-redis"
  network       = var.network
  psc_config {
    subnetworks = [var.subnetwork]
  }
}

resource "google_redis_cluster" "gateway" {
  name                    = "gateway-redis"
  region                  = var.region
  shard_count             = var.redis_shards
  replica_count           = 1
  node_type               = "REDIS_STANDARD_SMALL"
  transit_encryption_mode = "TRANSIT_ENCRYPTION_MODE_DISABLED"
  authorization_mode      = "AUTH_MODE_DISABLED"
  psc_configs {
    network = var.network
  }
  depends_on = [google_network_connectivity_service_connection_policy.redis]
}
