#!/usr/bin/env bash
# Runs every curl example of products/README.md against a running local gateway (the README's
# run command) and checks each answers 200 with an output. Usage, from the repository root:
#   load-tests/scripts/products-smoke.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
[ -s data/demo-key ] || { echo "start the local run first (data/demo-key missing)" >&2; exit 1; }
pass=0; fail=0
while IFS= read -r line; do
  id=$(sed -E 's#.*/v1/products/([^/]+)/invoke.*#\1#' <<<"$line")
  body=$(bash -c "${line/curl -s /curl -s -w '\\n%{http_code}' }")
  code=$(tail -n1 <<<"$body")
  if [ "$code" = "200" ] && head -n -1 <<<"$body" | grep -q '"output"'; then
    pass=$((pass + 1)); printf 'ok    %s\n' "$id"
  else
    fail=$((fail + 1)); printf 'FAIL  %s (%s) %s\n' "$id" "$code" "$(head -c 300 <<<"$body")"
  fi
done < <(grep '^curl -s localhost:8080/v1/products/' products/README.md)
echo "products: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
