#!/bin/bash
# Container HEALTHCHECK: GET /health on $LOCKLAB_METRICS_PORT with bash's /dev/tcp (no curl, no JVM).
# Healthy when the port is off (nothing to probe) or the first response line says 200.
port=${LOCKLAB_METRICS_PORT:-0}
[ "$port" = 0 ] && exit 0
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 2 status <&3 || exit 1
case "$status" in HTTP/1.?\ 200*) exit 0 ;; *) exit 1 ;; esac
