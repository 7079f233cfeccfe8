#!/usr/bin/env bash
# A Docker engine for the course's container tests, on a machine that may have none.
#
#   scripts/docker/engine.sh start   # prints `export DOCKER_HOST=...` for the caller to eval
#   scripts/docker/engine.sh stop    # stops the engine only if `start` started it
#   scripts/docker/engine.sh status
#
# An engine that already answers (DOCKER_HOST, or the default socket) is used as it is and never
# stopped. Otherwise Debian's docker.io is installed if missing and dockerd runs in the
# background on its own socket, so other processes on a shared machine do not discover it.
set -euo pipefail

STATE_DIR="${KAFKA_COURSE_DOCKER_STATE:-/run/kafka-course-docker}"
OWN_SOCK="$STATE_DIR/docker.sock"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"

log() { echo "engine: $*" >&2; }

answers() { DOCKER_HOST="$1" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_engine() {
  if command -v dockerd >/dev/null 2>&1; then return; fi
  [ "$(id -u)" = 0 ] || { log "dockerd is missing and installing it needs root"; exit 1; }
  log "installing Debian's docker.io (no dockerd on this machine)"
  export DEBIAN_FRONTEND=noninteractive
  # The machine's own docker CLI stays in front on PATH; docker.io brings dockerd and containerd.
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null
}

start_engine() {
  if [ -n "${DOCKER_HOST:-}" ] && answers "$DOCKER_HOST"; then
    log "using the engine already at $DOCKER_HOST"
    echo "export DOCKER_HOST=$DOCKER_HOST"
    return
  fi
  if answers "unix://$OWN_SOCK"; then
    log "our engine is already running at $OWN_SOCK"
    echo "export DOCKER_HOST=unix://$OWN_SOCK"
    return
  fi
  if answers "unix:///var/run/docker.sock"; then
    log "using the machine's engine at /var/run/docker.sock"
    echo "export DOCKER_HOST=unix:///var/run/docker.sock"
    return
  fi
  install_engine
  mkdir -p "$STATE_DIR"
  log "starting dockerd in the background on $OWN_SOCK (log: $LOG_FILE)"
  # setsid: the engine outlives this script; `stop` ends it by its pid file.
  setsid dockerd --host "unix://$OWN_SOCK" --pidfile "$PID_FILE" >"$LOG_FILE" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    if answers "unix://$OWN_SOCK"; then
      log "dockerd $(DOCKER_HOST="unix://$OWN_SOCK" docker version --format '{{.Server.Version}}') answers"
      touch "$STATE_DIR/started-by-course"
      echo "export DOCKER_HOST=unix://$OWN_SOCK"
      return
    fi
    sleep 0.2
  done
  log "dockerd did not answer within 20 s; its log ends with:"
  tail -n 20 "$LOG_FILE" >&2 || true
  exit 1
}

stop_engine() {
  if [ ! -f "$STATE_DIR/started-by-course" ] || [ ! -f "$PID_FILE" ]; then
    log "no engine started by the course to stop"
    return
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  # Containers we started should be gone already; any left over are stopped with the engine.
  local left
  left="$(DOCKER_HOST="unix://$OWN_SOCK" docker ps -q --filter label=org.kafka-course.owner-pid 2>/dev/null || true)"
  if [ -n "$left" ]; then
    log "removing leftover course containers: $(echo "$left" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    DOCKER_HOST="unix://$OWN_SOCK" docker rm -f $left >/dev/null 2>&1 || true
  fi
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 75); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "dockerd still running after 15 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # dockerd stops the containerd it started on a clean exit; after a SIGKILL it may not.
  local cpid
  cpid="$(cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)"
  if [ -n "$cpid" ] && kill -0 "$cpid" 2>/dev/null; then
    kill -TERM "$cpid" 2>/dev/null || true
  fi
  rm -f "$STATE_DIR/started-by-course" "$OWN_SOCK"
}

case "${1:-}" in
  start) start_engine ;;
  stop) stop_engine ;;
  status)
    for h in "${DOCKER_HOST:-}" "unix://$OWN_SOCK" "unix:///var/run/docker.sock"; do
      [ -n "$h" ] && answers "$h" && { echo "engine answers at $h"; exit 0; }
    done
    echo "no engine answers"
    exit 1
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
