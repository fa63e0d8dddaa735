#!/usr/bin/env bash
# podman 4.3 runs HEALTHCHECKs from systemd timers, and there is no systemd here: without this loop a
# compose `depends_on: condition: service_healthy` waits forever. Bounded and self-stopping: it exits
# when the podman socket stops answering or after MAX_SECONDS. Containers still starting (or unhealthy)
# are checked every second, healthy ones every 5 s (each check is a process exec: CPU is scarce).
#   usage: healthcheck-loop.sh SOCKET_PATH MAX_SECONDS
sock=${1:-/run/podman/podman.sock}
max=${2:-14400}
start=$SECONDS
tick=0
while [ $((SECONDS - start)) -lt "$max" ]; do
  curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 || { echo "podman socket gone: exiting"; exit 0; }
  while read -r id status; do
    case "$status" in
      *'(healthy)'*) [ $((tick % 5)) -eq 0 ] || continue ;;
      *'(starting)'*|*'(unhealthy)'*) ;;
      *) continue ;;
    esac
    timeout 30 podman healthcheck run "$id" >/dev/null 2>&1 &
  done < <(podman ps --filter status=running --format '{{.ID}} {{.Status}}' 2>/dev/null)
  wait
  tick=$((tick + 1))
  sleep 1
done
echo "max lifetime ${max}s reached: exiting"
