# Variables come from terraform.tfvars in this folder (tests/fixture.tfvars, the fixture the
# gateway's TerraformRenderedConfigIT starts on).

run "renders_the_fixture_the_gateway_test_starts_on" {
  command = plan

  # The Maven build starts the gateway on this file; a change to the module shows up here first.
  assert {
    condition     = output.yaml == file("${path.module}/tests/expected/gateway.yml")
    error_message = "The rendered YAML differs from tests/expected/gateway.yml (the file the gateway's IT starts on): re-render it with `terraform -chdir=terraform/modules/gateway-config console`."
  }
}

run "renders_kebab_case_keys_and_leaves_unset_options_to_the_gateway" {
  command = plan

  assert {
    condition     = output.config.gateway.pools["gpu-h100"].endpoints[0]["max-concurrent"] == 32
    error_message = "max_concurrent must render as max-concurrent."
  }
  assert {
    condition     = !contains(keys(output.config.gateway.pools["gpu-h200"]), "first-byte-timeout")
    error_message = "An unset option must be left out, not rendered as null."
  }
  assert {
    condition     = output.config.gateway.models["chat-default"].targets[2].pool == "provider"
    error_message = "Fallback chains keep their order."
  }
  assert {
    condition     = output.config.gateway["tenant-routing"]["bank"]["data-residency"] == "on-prem-only"
    error_message = "Tenant routing rules render under gateway.tenant-routing."
  }
}

run "never_renders_a_pool_credential_only_the_variable_that_holds_it" {
  command = plan

  assert {
    condition     = output.config.gateway.pools["gpu-h100"]["api-key"] == "$${GPU_H100_KEY:}"
    error_message = "A pool key renders as a placeholder the gateway resolves from its environment."
  }
  assert {
    condition     = output.pool_key_env == { gpu-h100 = "GPU_H100_KEY" }
    error_message = "pool_key_env lists the variables the deployment must supply."
  }
}

run "rejects_a_model_target_on_an_unknown_pool" {
  command = plan
  variables {
    models = { chat = { targets = [{ pool = "nowhere" }] } }
  }
  expect_failures = [var.models]
}

run "rejects_an_unknown_balancer" {
  command = plan
  variables {
    pools  = { p = { balancer = "random", endpoints = [{ url = "http://x" }] } }
    models = {}
  }
  expect_failures = [var.pools]
}

run "rejects_a_tenant_rule_on_an_unknown_pool" {
  command = plan
  variables {
    tenant_routing = { t = { allowed_pools = ["nowhere"] } }
  }
  expect_failures = [var.tenant_routing]
}
