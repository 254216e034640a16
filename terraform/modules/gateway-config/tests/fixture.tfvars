# The fixture the gateway's own integration test starts on (TerraformRenderedConfigIT): two
# pools of emulated GPU servers whose URLs the test supplies at run time, a fallback chain, a
# tier, prices and a tenant routing rule. terraform.tfvars beside it is a link to this file.
pools = {
  gpu-h100 = {
    balancer    = "prefix-aware"
    api_key_env = "GPU_H100_KEY"
    endpoints = [
      { url = "$${GPU_H100_URL}", weight = 2, max_concurrent = 32 },
    ]
  }
  gpu-h200 = {
    endpoints = [
      { url = "$${GPU_H200_URL}" },
    ]
  }
  provider = {
    location           = "external"
    first_byte_timeout = "20s"
    max_attempts       = 1
    endpoints          = [{ url = "$${PROVIDER_URL:http://127.0.0.1:9}" }]
  }
}
models = {
  chat-default = {
    targets = [
      { pool = "gpu-h100", model = "emulator/llama-3.1-8b-instruct", context_window = 8192 },
      { pool = "gpu-h200", model = "emulator/llama-3.1-8b-instruct" },
      { pool = "provider", model = "gpt-4o-mini" },
    ]
  }
  embed-default = {
    targets = [{ pool = "gpu-h200", model = "emulator/bge-small-en" }]
  }
}
tiers = {
  standard = { priority = 1, rpm = 600, tpm = 400000, concurrency = 64, monthly_cost_usd = 1000 }
}
prices = {
  default      = { input = 0.2, output = 0.6, cached = 0.05 }
  chat-default = { input = 0.3, output = 0.9 }
}
tenant_routing = {
  bank = { data_residency = "on-prem-only" }
  lab  = { allowed_pools = ["gpu-h200"] }
}
