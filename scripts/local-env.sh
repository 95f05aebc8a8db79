#!/usr/bin/env bash
# Installs and starts what the pipeline and its tests need on this machine, when missing:
#   - Debian packages: docker.io, docker-registry, skopeo, apache2-utils, busybox-static
#   - a Docker engine (dockerd without bridge network: containers get network none or host only)
#   - local base images, made from this machine's JDK, Maven and busybox (nothing is pulled):
#       cicd.local/busybox:1        busybox only, for small test fixtures
#       cicd.local/jre:17           a jlink'ed Java 17 runtime, non-root user 10001
#       cicd.local/jdk-maven:17     a full JDK 17 with Maven, for build and test stages
#   - two registries on 127.0.0.1 (issue "charts and registries"): plain HTTP with htpasswd auth on
#     port 5000, and TLS from a self-signed CA on port 5443, same credentials.
#
# Usage: scripts/local-env.sh [up|install|docker|images|registries|status|down]
# State lives under $CICD_LOCAL (default: <repo>/.local). Safe to run again: it only does what is missing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${CICD_LOCAL:-$repo/.local}
mkdir -p "$state"

registry_user=${CICD_REGISTRY_USER:-cicd}
registry_password=${CICD_REGISTRY_PASSWORD:-cicd-local-secret}
plain_port=${CICD_REGISTRY_PORT:-5000}
tls_port=${CICD_REGISTRY_TLS_PORT:-5443}

say() { printf '[local-env] %s\n' "$*"; }
fail() { printf '[local-env] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v jlink >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  # The monorepo tests and benchmarks write git histories; the TLS registry's certificates; its checks.
  command -v git >/dev/null || missing+=(git)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  # Tests run the kubectl commands the plugin's messages suggest against the stand-in. kubectl comes
  # with this kind of machine; Debian bookworm has no package for it.
  command -v kubectl >/dev/null || say "WARNING: kubectl not found: DeployerTest and ApproverTest run it; install kubectl"
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >"$state/apt.log" 2>&1 \
      || { tail -20 "$state/apt.log" >&2; fail "apt-get install failed (log: $state/apt.log)"; }
  fi
}

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

start_docker() {
  if docker_answers; then
    say "Docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return
  fi
  [ -n "${DOCKER_HOST:-}" ] && fail "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST"
  say "starting dockerd (log: $state/dockerd.log)"
  # No bridge network: containers get 'none' or 'host' only, never a private address range.
  as_root bash -c "nohup dockerd --bridge=none --iptables=false --ip-masq=false >'$state/dockerd.log' 2>&1 &"
  for _ in $(seq 1 60); do
    docker_answers && { say "Docker engine started"; return; }
    sleep 1
  done
  tail -20 "$state/dockerd.log" >&2 || true
  fail "dockerd did not answer within 60 s"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Copies every shared library the given ELF files link into the root file system.
copy_libraries() {
  local rootfs=$1; shift
  # ldd prints "name => /path (addr)" per library, the loader as "/path (addr)", and "file:" headers.
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u | while read -r lib; do
    cp -L --parents "$lib" "$rootfs"
  done
}

base_rootfs() {
  local rootfs=$1
  mkdir -p "$rootfs"/{bin,etc,tmp,root,home/app}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:app:/home/app:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\n' >"$rootfs/etc/group"
  chown 10001:10001 "$rootfs/home/app"
}

import_rootfs() {
  local rootfs=$1 image=$2; shift 2
  tar -C "$rootfs" -c . | docker import "$@" - "$image" >/dev/null
  say "made $image ($(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
}

make_images() {
  local java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN

  if ! image_exists cicd.local/busybox:1; then
    base_rootfs "$work/busybox"
    import_rootfs "$work/busybox" cicd.local/busybox:1 --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]'
  fi

  if ! image_exists cicd.local/jre:17; then
    base_rootfs "$work/jre"
    "$java_home/bin/jlink" --add-modules java.base,java.logging,java.net.http,jdk.httpserver,java.management,jdk.crypto.ec,jdk.management \
      --strip-debug --no-header-files --no-man-pages --output "$work/jre/opt/java"
    copy_libraries "$work/jre" "$work/jre/opt/java/bin/java" $(find "$work/jre/opt/java/lib" -name '*.so')
    import_rootfs "$work/jre" cicd.local/jre:17 \
      --change 'ENV PATH=/opt/java/bin:/bin' --change 'ENV JAVA_HOME=/opt/java' --change 'USER 10001' \
      --change 'WORKDIR /home/app'
  fi

  if ! image_exists cicd.local/jdk-maven:17; then
    base_rootfs "$work/jdk"
    "$java_home/bin/jlink" --add-modules ALL-MODULE-PATH --no-header-files --no-man-pages --output "$work/jdk/opt/java"
    # The build network reaches Maven Central through a proxy whose CA is in this machine's trust store.
    [ -f /etc/ssl/certs/java/cacerts ] && cp /etc/ssl/certs/java/cacerts "$work/jdk/opt/java/lib/security/cacerts"
    cp -rL /usr/share/maven "$work/jdk/opt/maven"
    copy_libraries "$work/jdk" "$work/jdk/opt/java/bin/"* $(find "$work/jdk/opt/java/lib" -name '*.so')
    import_rootfs "$work/jdk" cicd.local/jdk-maven:17 \
      --change 'ENV PATH=/opt/java/bin:/opt/maven/bin:/bin' --change 'ENV JAVA_HOME=/opt/java' \
      --change 'ENV MAVEN_HOME=/opt/maven' --change 'ENV HOME=/root' --change 'WORKDIR /root'
  fi
  say "base images: cicd.local/busybox:1 cicd.local/jre:17 cicd.local/jdk-maven:17"
}

registry_answers() { curl -s -o /dev/null -w '%{http_code}' "$1/v2/" 2>/dev/null | grep -qE '^(200|401)$'; }

start_registry() {
  local name=$1 port=$2 tls=$3
  local dir="$state/registry-$name"
  local scheme=http
  [ "$tls" = yes ] && scheme=https
  if registry_answers "$scheme://127.0.0.1:$port" --cacert "$state/ca/ca.crt" 2>/dev/null \
     || curl -s --cacert "$state/ca/ca.crt" -o /dev/null -w '%{http_code}' "$scheme://127.0.0.1:$port/v2/" 2>/dev/null | grep -qE '^(200|401)$'; then
    say "registry $name answers on $scheme://127.0.0.1:$port"
    return
  fi
  mkdir -p "$dir/data"
  htpasswd -Bbc "$dir/htpasswd" "$registry_user" "$registry_password" >/dev/null 2>&1
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $dir/data}"
    echo "  delete: {enabled: true}"
    echo "http:"
    echo "  addr: 127.0.0.1:$port"
    echo "  secret: local-$name-$(date +%s)"
    if [ "$tls" = yes ]; then
      echo "  tls: {certificate: $state/ca/registry.crt, key: $state/ca/registry.key}"
    fi
    echo "auth:"
    echo "  htpasswd: {realm: cicd-local, path: $dir/htpasswd}"
  } >"$dir/config.yml"
  nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  for _ in $(seq 1 30); do
    if curl -s --cacert "$state/ca/ca.crt" -o /dev/null -w '%{http_code}' "$scheme://127.0.0.1:$port/v2/" 2>/dev/null | grep -qE '^(200|401)$'; then
      say "registry $name started on $scheme://127.0.0.1:$port (user $registry_user)"
      return
    fi
    sleep 0.5
  done
  tail -20 "$dir/registry.log" >&2 || true
  fail "registry $name did not answer on port $port"
}

make_ca() {
  local ca="$state/ca"
  [ -f "$ca/registry.crt" ] && return
  mkdir -p "$ca"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=cicd local test CA" \
    -keyout "$ca/ca.key" -out "$ca/ca.crt" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$ca/registry.key" -out "$ca/registry.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$ca/ext.cnf"
  openssl x509 -req -in "$ca/registry.csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial -days 3650 \
    -extfile "$ca/ext.cnf" -out "$ca/registry.crt" >/dev/null 2>&1
  say "made a test CA: $ca/ca.crt"
}

# The Docker engine trusts a registry's CA from /etc/docker/certs.d/<host>/ca.crt (read on each push).
trust_ca_in_docker() {
  local dir=/etc/docker/certs.d/localhost:$tls_port
  if ! cmp -s "$state/ca/ca.crt" "$dir/ca.crt" 2>/dev/null; then
    as_root mkdir -p "$dir" && as_root cp "$state/ca/ca.crt" "$dir/ca.crt"
    say "the Docker engine trusts the test CA for localhost:$tls_port"
  fi
}

start_registries() {
  make_ca
  trust_ca_in_docker
  start_registry plain "$plain_port" no
  start_registry tls "$tls_port" yes
  # Environment for tests and ITs: where the registries are and how to log in.
  cat >"$state/registries.env" <<ENV
CICD_TEST_REGISTRY=127.0.0.1:$plain_port
CICD_TEST_TLS_REGISTRY=localhost:$tls_port
CICD_TEST_REGISTRY_USER=$registry_user
CICD_TEST_REGISTRY_PASSWORD=$registry_password
CICD_TEST_CA=$state/ca/ca.crt
ENV
}

status() {
  docker_answers && say "docker: up" || say "docker: down"
  for image in cicd.local/busybox:1 cicd.local/jre:17 cicd.local/jdk-maven:17; do
    image_exists "$image" && say "image $image: present" || say "image $image: missing"
  done
  [ -f "$state/registries.env" ] && cat "$state/registries.env"
}

down() {
  pkill -f "docker-registry serve $state" 2>/dev/null || true
  say "registries stopped (the Docker engine keeps running)"
}

case "${1:-up}" in
  up) install_packages; start_docker; make_images; start_registries ;;
  install) install_packages ;;
  docker) install_packages; start_docker ;;
  images) start_docker; make_images ;;
  registries) install_packages; start_registries ;;
  status) status ;;
  down) down ;;
  *) fail "unknown command '$1' (up, install, docker, images, registries, status, down)" ;;
esac
