#!/usr/bin/env bash
# The image's HEALTHCHECK: GET /health/liveness on the gateway's port with bash alone (the JRE
# base image need not have curl). Exit 0 only on an HTTP 200.
exec 3<>"/dev/tcp/127.0.0.1/${GATEWAY_PORT:-8080}" || exit 1
printf 'GET /health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 3 status <&3 || exit 1
[[ "$status" == *" 200 "* ]]
