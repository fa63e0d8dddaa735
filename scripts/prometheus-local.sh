#!/usr/bin/env bash
# Starts Prometheus on 127.0.0.1 for runs on this machine, with prometheus/prometheus-local.yml.
# It scrapes whatever `locklab run --metrics-port P` lists in runs/prometheus-targets.json (and any
# file_sd JSON in prometheus/targets/), re-reading the list when it changes.
#   scripts/prometheus-local.sh            # UI and API on http://127.0.0.1:9090
#   PROMETHEUS_PORT=9091 scripts/prometheus-local.sh
# Data goes to runs/prometheus-data (delete it to start afresh). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v prometheus >/dev/null; then
  echo "prometheus is not installed: apt-get install -y prometheus (Debian) or use the docker compose stack" >&2
  exit 69
fi
mkdir -p runs/prometheus-data
exec prometheus --config.file=prometheus/prometheus-local.yml \
  --storage.tsdb.path=runs/prometheus-data \
  --web.listen-address="127.0.0.1:${PROMETHEUS_PORT:-9090}"
