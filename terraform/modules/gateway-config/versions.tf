# No provider: the module only turns typed variables into the gateway's YAML, so `terraform init`
# and `terraform test` run anywhere, offline.
terraform {
  required_version = ">= 1.9"
}
