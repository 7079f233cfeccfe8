#!/usr/bin/env bash
# Builds the Kafka image the Testcontainers provider pins, locally and with no registry:
#   1. a Debian bookworm root filesystem with a JRE (debootstrap + apt), imported as a base image;
#   2. the official Kafka jars the JVM provider resolves from Maven Central, plus an entrypoint
#      that turns KAFKA_* variables into server.properties like the official image.
# Both steps are cached: the base rootfs as a tarball in $KAFKA_COURSE_DOCKER_CACHE (and as an
# image in the engine), the final image by a hash of its inputs kept in an image label.
# Needs DOCKER_HOST pointing at a running engine (scripts/docker/engine.sh start).
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE_DIR="${KAFKA_COURSE_DOCKER_CACHE:-/var/cache/kafka-course/docker}"
BASE_IMAGE="kafka-course/debian-jre:bookworm-17"
BASE_TAR="$CACHE_DIR/debian-bookworm-jre17.tar"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { echo "build-image: $*" >&2; }
t0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

inputs="$(npx --no-install tsx harness/broker/container-image-inputs.ts)"
eval "$inputs"
log "target $IMAGE (Kafka $KAFKA_VERSION, jars from $LIBS)"

build_rootfs() {
  [ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
  command -v debootstrap >/dev/null 2>&1 || {
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
  }
  local root
  root="$(mktemp -d /var/tmp/kafka-course-rootfs.XXXXXX)"
  trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' RETURN
  log "debootstrap bookworm (minbase) into $root"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 || {
    tail -n 20 "$CACHE_DIR/debootstrap.log" >&2
    exit 1
  }
  log "installing openjdk-17-jre-headless in the rootfs"
  mount -t proc proc "$root/proc"
  chroot "$root" /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive;
    apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null' \
    >>"$CACHE_DIR/debootstrap.log" 2>&1 || {
    tail -n 20 "$CACHE_DIR/debootstrap.log" >&2
    exit 1
  }
  umount "$root/proc"
  chroot "$root" /bin/sh -c 'apt-get clean; rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/* /var/log/*.log'
  tar -C "$root" -cf "$BASE_TAR.partial" .
  mv "$BASE_TAR.partial" "$BASE_TAR"
}

mkdir -p "$CACHE_DIR"
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE is in the engine (cached)"
else
  if [ -f "$BASE_TAR" ]; then
    log "base rootfs cached at $BASE_TAR"
  else
    t=$(date +%s%N)
    build_rootfs
    log "base rootfs built in $(ms "$t") ms"
  fi
  docker import --change 'ENV LANG=C.UTF-8' "$BASE_TAR" "$BASE_IMAGE" >/dev/null
  log "imported $BASE_IMAGE"
fi

# Everything that goes into the image decides whether it must be rebuilt.
inputs_hash="$(
  {
    docker image inspect --format '{{.Id}}' "$BASE_IMAGE"
    (cd scripts/docker/kafka-image && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    (cd "$LIBS" && ls -l --time-style=+ -- *.jar | awk '{print $5, $NF}')
  } | sha256sum | cut -c1-16
)"
current="$(docker image inspect --format '{{index .Config.Labels "org.kafka-course.inputs"}}' "$IMAGE" 2>/dev/null || true)"
if [ "$current" = "$inputs_hash" ]; then
  log "$IMAGE is up to date (inputs $inputs_hash) in $(ms "$t0") ms"
  exit 0
fi

ctx="$(mktemp -d /var/tmp/kafka-course-image.XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
cp -r scripts/docker/kafka-image/. "$ctx/"
mkdir "$ctx/libs"
cp "$LIBS"/*.jar "$ctx/libs/"
log "building $IMAGE"
DOCKER_BUILDKIT=0 docker build -q \
  --build-arg "BASE_IMAGE=$BASE_IMAGE" \
  --label "org.kafka-course.inputs=$inputs_hash" \
  --label "org.opencontainers.image.version=$KAFKA_VERSION" \
  --label "org.opencontainers.image.description=Apache Kafka $KAFKA_VERSION built locally by the course (not the Docker Hub image)" \
  -t "$IMAGE" "$ctx" >/dev/null
log "built $IMAGE (inputs $inputs_hash) in $(ms "$t0") ms"
