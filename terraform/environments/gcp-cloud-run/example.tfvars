# terraform apply -var-file=example.tfvars (the image digest is a placeholder)
project       = "my-project"
gateway_image = "europe-west4-docker.pkg.dev/my-project/gateway/gateway@sha256:0000000000000000000000000000000000000000000000000000000000000000"

pools = {
  factory-h100 = {
    api_key_env = "FACTORY_H100_KEY"
    endpoints   = [{ url = "https://h100.factory.example.com", max_concurrent = 256 }]
  }
}
pool_key_secrets = { FACTORY_H100_KEY = "gateway-factory-h100-key" }

models = {
  chat-default = { targets = [{ pool = "factory-h100", model = "meta-llama/Llama-3.1-8B-Instruct" }] }
}
