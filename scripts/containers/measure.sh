#!/usr/bin/env bash
# Measures the workshop stack on this machine: time from `compose up` to the first finished round,
# the locklab image size, and each lab container's RSS and thread count after a few rounds.
# Uses its own compose project (locklabmeasure) and takes it down at the end, even on failure.
#   usage: scripts/containers/measure.sh [SECONDS_AFTER_FIRST_ROUND (default 30)]
# Env: DOCKER_HOST (podman socket here), JAVA_TOOL_OPTIONS_OVERRIDE to try other JVM flags.
set -euo pipefail
cd "$(dirname "$0")/../.."
P=locklabmeasure
EXTRA=${1:-30}
compose() { docker-compose -p "$P" "$@"; }
trap 'compose down -v -t 2 >/dev/null 2>&1 || true' EXIT
export LOCKLAB_REDIS_PORT= LOCKLAB_PROMETHEUS_PORT= LOCKLAB_GRAFANA_PORT=
override=()
if [ -n "${JAVA_TOOL_OPTIONS_OVERRIDE+x}" ]; then
  printf 'services:\n  worker:\n    environment:\n      JAVA_TOOL_OPTIONS: "%s"\n  coordinator:\n    environment:\n      JAVA_TOOL_OPTIONS: "%s"\n' \
    "$JAVA_TOOL_OPTIONS_OVERRIDE" "$JAVA_TOOL_OPTIONS_OVERRIDE" >/tmp/$P.override.yml
  override=(-f docker-compose.yml -f /tmp/$P.override.yml)
fi
t0=$(date +%s.%N)
compose "${override[@]}" up -d --no-build redis worker coordinator prometheus >/dev/null 2>&1
t1=$(date +%s.%N)
for _ in $(seq 1 180); do
  compose logs coordinator 2>/dev/null | grep -q '^.*verdict ' && break
  sleep 0.5
done
t2=$(date +%s.%N)
printf 'compose up: %.1f s; first finished round: %.1f s after up started\n' "$(echo "$t1-$t0" | bc)" "$(echo "$t2-$t0" | bc)"
podman image inspect -f 'image locklab/locklab:0.1.0: {{.Size}} bytes' locklab/locklab:0.1.0
sleep "$EXTRA"
echo "after $EXTRA s more ($(compose logs coordinator 2>/dev/null | grep -c 'verdict ') rounds finished):"
for c in $(compose ps -q worker coordinator redis prometheus); do
  name=$(podman inspect -f '{{.Name}}' "$c"); pid=$(podman inspect -f '{{.State.Pid}}' "$c")
  printf '  %-28s RSS %6d kB  threads %3d\n' "$name" "$(awk '/VmRSS/{print $2}' /proc/$pid/status)" "$(awk '/Threads/{print $2}' /proc/$pid/status)"
done
echo "  health: $(podman ps --filter label=com.docker.compose.project=$P --format '{{.Names}}={{.Status}}' | sed 's/=Up [^(]*/=/' | tr '\n' ' ')"
w=$(compose ps -q worker | head -1); pid=$(podman inspect -f '{{.State.Pid}}' "$w")
echo "  threads of one worker: $(cat /proc/$pid/task/*/comm | sed 's/[-#]*[0-9]*$//' | sort | uniq -c | sort -rn | awk '{printf "%s x%d, ", $2, $1}')"
