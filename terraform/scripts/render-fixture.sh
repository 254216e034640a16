#!/usr/bin/env bash
# Re-renders modules/gateway-config/tests/expected/gateway.yml, the file the gateway's
# TerraformRenderedConfigIT starts on, from tests/fixture.tfvars. `terraform test` fails until
# the two agree, so run this after changing the module or the fixture, and commit both.
set -euo pipefail
cd "$(dirname "$0")/../modules/gateway-config"
export TF_CLI_CONFIG_FILE=/dev/null
terraform init -backend=false -input=false >/dev/null
printf '%s\n' 'yamlencode({ gateway = local.gateway })' \
  | terraform console -var-file=tests/fixture.tfvars \
  | sed -e '1{/^<<EOT$/d}' -e '${/^EOT$/d}' >tests/expected/gateway.yml.new
# console prints a blank line before EOT: yamlencode's own output ends with a single newline.
sed -i -e '${/^$/d}' tests/expected/gateway.yml.new
mv tests/expected/gateway.yml.new tests/expected/gateway.yml
echo "rendered $(pwd)/tests/expected/gateway.yml"
