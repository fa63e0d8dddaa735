#!/usr/bin/env bash
# Container setup for locklab on a machine without a Docker engine or a registry (Debian 12, root):
# podman + its Docker-compatible socket, docker-compose 1.29, a healthcheck loop, offline stand-in
# images tagged under the official names that Dockerfile and docker-compose.yml use, and the
# locklab image built from the unchanged Dockerfile. Idempotent and non-interactive.
#
#   bash .ci/containers.sh [setup]   everything above (default); prints what it did
#   bash .ci/containers.sh image     only (re)build locklab/locklab:0.1.0 from ./Dockerfile
#   bash .ci/containers.sh stop      stop the healthcheck loop and the podman service this script started
#   bash .ci/containers.sh clean     remove pods/containers/volumes/networks the tests left (label locklab.test=true,
#                                    compose projects locklabit*, locklabmeasure), e.g. after a killed JVM
#
# Afterwards: `. .ci/containers.env` (DOCKER_HOST, TESTCONTAINERS_*), then `./mvnw verify`.
# Facts behind every step: shared/CONTAINERS.md. Where a real Docker engine already answers and podman
# is not installed, nothing is installed: Docker pulls the real images itself.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOCK_PATH=/run/podman/podman.sock
STATE=${LOCKLAB_CONTAINERS_STATE:-/run/locklab-containers}
M2=${LOCKLAB_M2_DIR:-$HOME/.m2}     # Maven's local repository dir, mounted into the image build
LOOP_MAX_SECONDS=${LOCKLAB_HEALTHCHECK_LOOP_MAX:-14400}
. "$ROOT/.ci/images.env"            # pinned official names: TEMURIN_JRE_IMAGE, MAVEN_IMAGE, ...

say() { printf '[containers] %s\n' "$*"; }
die() { printf '[containers] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (installs packages, writes /etc/containers, starts the podman socket)"; }

install_packages() {
  local missing=() p
  for p in podman runc mmdebstrap docker-compose; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then say "packages: podman runc mmdebstrap docker-compose already installed"; return; fi
  say "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  local engine=() compose=()
  for p in "${missing[@]}"; do [ "$p" = docker-compose ] && compose+=("$p") || engine+=("$p"); done
  [ ${#engine[@]} -eq 0 ] || apt-get install -y -qq "${engine[@]}" </dev/null >/dev/null
  # without --no-install-recommends docker-compose drags in docker.io, apparmor, needrestart
  [ ${#compose[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends docker-compose </dev/null >/dev/null
}

write_if_changed() { # path, content on stdin
  local tmp; tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; say "config: $1 unchanged"; return; fi
  mkdir -p "$(dirname "$1")"; mv "$tmp" "$1"; chmod 644 "$1"; say "config: wrote $1"
}

write_config() {
  write_if_changed /etc/containers/containers.conf <<'CONF'
# written by locklab .ci/containers.sh (see shared/CONTAINERS.md)
[containers]
# CAP_SYS_RESOURCE is missing: default nofile/nproc ulimits fail
default_ulimits = []
[engine]
# crun 1.8 refuses this hybrid cgroup v1/v2 host; no systemd
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
# container-name DNS on user networks via aardvark-dns
network_backend = "netavark"
CONF
  write_if_changed /etc/containers/registries.conf.d/90-locklab-offline.conf <<'CONF'
# written by locklab .ci/containers.sh: no registry is reachable here; fail a pull at once instead of hanging
[[registry]]
location = "docker.io"
blocked = true
[[registry]]
location = "quay.io"
blocked = true
[[registry]]
location = "ghcr.io"
blocked = true
CONF
}

socket_up() { curl -fsS --max-time 2 --unix-socket "$SOCK_PATH" http://d/_ping >/dev/null 2>&1; }

start_service() {
  mkdir -p "$STATE" "$(dirname "$SOCK_PATH")"
  if socket_up; then say "podman service: already answering on $SOCK_PATH"; return; fi
  setsid podman system service --time=0 "unix://$SOCK_PATH" >"$STATE/podman-service.log" 2>&1 </dev/null &
  echo $! >"$STATE/podman-service.pid"
  local i; for i in $(seq 1 50); do socket_up && break; sleep 0.2; done
  socket_up || die "podman service did not answer on $SOCK_PATH within 10 s (log: $STATE/podman-service.log)"
  say "podman service: started, PID $(cat "$STATE/podman-service.pid"), socket $SOCK_PATH"
}

start_health_loop() {
  local pidf="$STATE/healthcheck-loop.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    say "healthcheck loop: already running, PID $(cat "$pidf")"; return
  fi
  setsid bash "$ROOT/.ci/healthcheck-loop.sh" "$SOCK_PATH" "$LOOP_MAX_SECONDS" >"$STATE/healthcheck-loop.log" 2>&1 </dev/null &
  echo $! >"$pidf"
  say "healthcheck loop: started, PID $!, stops when the podman socket is gone or after ${LOOP_MAX_SECONDS}s"
}

apt_sources() { # apt's own sources file keeps the mirror's name out of every file
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then echo /etc/apt/sources.list.d/debian.sources; else echo /etc/apt/sources.list; fi
}

build_rootfs() { # image, package list
  if podman image exists "$1"; then say "image: $1 present"; return; fi
  say "image: building $1 with mmdebstrap (about a minute)"
  local t0=$SECONDS
  mmdebstrap --quiet --variant=essential --mode=root --include="$2" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --setup-hook='mkdir -p "$1"/usr/share/man/man1' \
    --dpkgopt='path-exclude=/usr/share/javascript/moment-timezone/data/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm - "$(apt_sources)" 2>"$STATE/mmdebstrap.log" | podman import -q - "$1" >/dev/null \
    || { tail -20 "$STATE/mmdebstrap.log" >&2; die "mmdebstrap/import of $1 failed (log: $STATE/mmdebstrap.log)"; }
  say "image: $1 built in $((SECONDS - t0)) s"
}

standin() { # official name, Containerfile text on stdin
  local ctx; ctx=$(mktemp -d)
  cat >"$ctx/Containerfile"
  local sum; sum=$(sha256sum "$ctx/Containerfile" | cut -c1-12)
  if [ "$(podman image inspect -f '{{index .Labels "locklab.standin"}}' "$1" 2>/dev/null)" = "$sum" ]; then
    say "stand-in: $1 present"; rm -rf "$ctx"; return
  fi
  podman build -q --layers=false --format docker --label "locklab.standin=$sum" -t "$1" "$ctx" >/dev/null
  rm -rf "$ctx"; say "stand-in: tagged $1"
}

build_standins() {
  build_rootfs localhost/lab/runtime:bookworm openjdk-17-jre-headless,redis-server,prometheus,curl,passwd,ca-certificates
  build_rootfs localhost/lab/build:bookworm openjdk-17-jdk-headless,maven,passwd,ca-certificates
  standin "$TEMURIN_JRE_IMAGE" <<'CF'
FROM localhost/lab/runtime:bookworm
# stand-in for the official Temurin JRE image: Debian's OpenJDK 17 JRE (java on PATH)
CMD ["java", "-version"]
CF
  standin "$MAVEN_IMAGE" <<'CF'
FROM localhost/lab/build:bookworm
# stand-in for the official Maven + Temurin 17 image: Debian's Maven and OpenJDK 17 JDK
ENV MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
CF
  standin "$REDIS_IMAGE" <<'CF'
FROM localhost/lab/runtime:bookworm
# stand-in for the official Redis image (Debian's Redis 7.0): the official image disables protected mode
RUN mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
CF
  standin "$PROMETHEUS_IMAGE" <<'CF'
FROM localhost/lab/runtime:bookworm
# stand-in for the official Prometheus image (Debian's Prometheus 2.42)
RUN mkdir -p /prometheus && chown nobody:nogroup /prometheus
WORKDIR /prometheus
USER nobody
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
CF
}

warm_maven_repo() {
  # Containers here cannot reach Maven Central (its TLS is not trusted inside them), so the image's
  # build stage runs Maven offline on the host's ~/.m2. Fill it first with the same Maven the Maven
  # stand-in image has (Debian's), the same pom and goals, in a scratch copy of the sources.
  command -v mvn >/dev/null || { say "packages: installing maven"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven </dev/null >/dev/null; }
  local warm="$STATE/maven-warm"
  rm -rf "$warm"; mkdir -p "$warm/src"
  cp "$ROOT/pom.xml" "$warm/"; cp -r "$ROOT/src/main" "$warm/src/"
  say "maven: resolving the image build's plugins and dependencies into $M2 ($(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'))"
  (cd "$warm" && mvn -B -q --no-transfer-progress -Dmaven.repo.local="$M2/repository" -Dmaven.test.skip=true package) >"$STATE/maven-warm.log" 2>&1 \
    || { tail -20 "$STATE/maven-warm.log" >&2; die "host Maven could not resolve the build (log: $STATE/maven-warm.log)"; }
  rm -rf "$warm"
}

remove_new_dangling() { # only the dangling images this build left (build stage, replaced locklab image)
  local after new
  after=$(podman images -q --filter dangling=true | sort)
  new=$(comm -13 <(echo "$1") <(echo "$after") | grep . || true)
  [ -z "$new" ] || podman rmi -f $new >/dev/null 2>&1 || true
}

build_image() {
  [ -f "$ROOT/Dockerfile" ] || die "no Dockerfile in $ROOT"
  mkdir -p "$M2"
  warm_maven_repo
  say "image: building $LOCKLAB_IMAGE from the unchanged Dockerfile (build stage on $MAVEN_IMAGE, offline, Maven repository $M2 mounted)"
  local t0=$SECONDS before
  before=$(podman images -q --filter dangling=true | sort)
  podman build --format docker --pull=never -v "$M2:/root/.m2" --build-arg MAVEN_FLAGS=-o \
    -t "$LOCKLAB_IMAGE" "$ROOT" >"$STATE/image-build.log" 2>&1 \
    || { remove_new_dangling "$before"; tail -30 "$STATE/image-build.log" >&2; die "image build failed (log: $STATE/image-build.log)"; }
  # podman stores the short name as localhost/...; the Docker API (compose, Testcontainers) may ask for docker.io/...
  podman tag "$LOCKLAB_IMAGE" "docker.io/$LOCKLAB_IMAGE"
  remove_new_dangling "$before"
  say "image: $LOCKLAB_IMAGE built in $((SECONDS - t0)) s, $(podman image inspect -f '{{.Size}}' "$LOCKLAB_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
}

stop_all() {
  local f
  for f in healthcheck-loop podman-service; do
    if [ -f "$STATE/$f.pid" ]; then
      kill "$(cat "$STATE/$f.pid")" 2>/dev/null && say "stopped $f (PID $(cat "$STATE/$f.pid"))" || true
      rm -f "$STATE/$f.pid"
    fi
  done
}

clean() { # only what the project's tests and scripts start: label locklab.test=true, compose projects locklabit*/locklabmeasure
  # Each removal is tried on its own (one failure never keeps the rest); the exit status says whether all went.
  local ids p failed=0
  # pods first (KubePlayIT's podman kube play): `pod rm` takes the pod's infra container with it,
  # which carries no label of its own
  ids=$(podman pod ps -q --filter label=locklab.test=true)
  for p in $ids; do podman pod rm -f "$p" >/dev/null || { failed=1; say "could not remove pod $p"; }; done
  [ -z "$ids" ] || say "removed test pods: $(echo $ids)"
  ids=$(podman ps -aq --filter label=locklab.test=true)
  for p in $(podman ps -a --format '{{index .Labels "com.docker.compose.project"}}' | sort -u | grep -E '^(locklabit|locklabmeasure)' || true); do
    ids="$ids $(podman ps -aq --filter "label=com.docker.compose.project=$p")"
  done
  ids=$(echo $ids)
  if [ -n "$ids" ]; then
    for p in $ids; do podman rm -f -v "$p" >/dev/null || { failed=1; say "could not remove container $p"; }; done
    say "removed test containers: $ids"
  else say "no test containers left"; fi
  # volumes: labelled ones (KubePlayIT's emptyDirs) and compose projects' (named <project>_<volume>)
  ids=$( (podman volume ls -q --filter label=locklab.test=true; podman volume ls --format '{{.Name}}' | grep -E '^(locklabit|locklabmeasure)' || true) | sort -u)
  ids=$(echo $ids)
  for p in $ids; do podman volume rm -f "$p" >/dev/null || { failed=1; say "could not remove volume $p"; }; done
  [ -z "$ids" ] || say "removed test volumes: $ids"
  # networks last: a network with containers attached cannot be removed
  ids=$( (podman network ls -q --filter label=locklab.test=true; podman network ls --format '{{.Name}}' | grep -E '^(locklabit|locklabmeasure)' || true) | sort -u)
  ids=$(echo $ids)
  for p in $ids; do podman network rm -f "$p" >/dev/null || { failed=1; say "could not remove network $p"; }; done
  [ -z "$ids" ] || say "removed test networks: $ids"
  return $failed
}

print_env() {
  say "environment for tests (also in .ci/containers.env):"
  sed -n 's/^export /  export /p' "$ROOT/.ci/containers.env"
}

cmd=${1:-setup}
case "$cmd" in
  setup)
    if ! command -v podman >/dev/null && docker info >/dev/null 2>&1; then
      say "a Docker engine already answers and podman is absent: nothing to set up (Docker pulls the real images)"
      exit 0
    fi
    need_root; mkdir -p "$STATE"
    install_packages; write_config; start_service; start_health_loop; build_standins
    [ "${LOCKLAB_SKIP_IMAGE:-}" = 1 ] && say "image: skipped (LOCKLAB_SKIP_IMAGE=1)" || build_image
    print_env ;;
  image) need_root; mkdir -p "$STATE"; socket_up || die "podman socket not up: run 'bash .ci/containers.sh' first"; build_image ;;
  stop) stop_all ;;
  clean) clean || die "some test leftovers could not be removed (see above)" ;;
  *) die "usage: $0 [setup|image|stop|clean]" ;;
esac
