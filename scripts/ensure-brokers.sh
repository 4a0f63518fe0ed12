#!/usr/bin/env bash
# Runs before `npm test` (from test-prerequisites.sh) and in CI: the broker servers the driver
# tests use run on this machine (TESTING.md). Each one that does not answer on its port is
# started with the machine's own command; one that still does not answer stops the run here,
# naming it, rather than letting its tests fail obscurely (they never skip).
set -uo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure() {
  local name=$1 port=$2 start=$3
  answers "$port" && return 0
  echo "brokers: $name is not answering on 127.0.0.1:$port; starting it: $start"
  bash -c "$start" >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    answers "$port" && { echo "brokers: $name is up"; return 0; }
    sleep 0.5
  done
  echo "brokers: $name did not come up on 127.0.0.1:$port (tried: $start)" >&2
  return 1
}

status=0
ensure redis 6379 'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log' || status=1
ensure nats 4222 'mkdir -p /var/lib/nats-server && start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log' || status=1
ensure rabbitmq 5672 'rabbitmq-server -detached' || status=1
exit $status
