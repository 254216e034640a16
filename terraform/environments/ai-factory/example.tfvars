# terraform apply -var-file=example.tfvars (images are placeholders: pin real digests)
gateway_image     = "registry.factory.internal/gateway@sha256:0000000000000000000000000000000000000000000000000000000000000000"
vllm_image        = "registry.factory.internal/vllm-openai@sha256:0000000000000000000000000000000000000000000000000000000000000000"
gateway_min_scale = 0

vllm_pools = {
  h100-llama-8b  = { gpu_type = "H100", model = "meta-llama/Llama-3.1-8B-Instruct", max_replicas = 8 }
  h200-llama-70b = { gpu_type = "H200", model = "meta-llama/Llama-3.1-70B-Instruct", gpus_per_replica = 4, max_replicas = 4 }
}

models = {
  chat-default = { targets = [{ pool = "h100-llama-8b", model = "meta-llama/Llama-3.1-8B-Instruct" }] }
  chat-large = { targets = [
    { pool = "h200-llama-70b", model = "meta-llama/Llama-3.1-70B-Instruct" },
    { pool = "h100-llama-8b", model = "meta-llama/Llama-3.1-8B-Instruct" },
  ] }
}

prices = {
  default    = { input = 0.2, output = 0.6, cached = 0.05 }
  chat-large = { input = 0.9, output = 2.7, cached = 0.2 }
}
