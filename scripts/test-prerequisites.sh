#!/usr/bin/env bash
# Runs before `npm test` (pretest), so that `npm ci && npm test` works on a fresh Debian machine.
# The broker servers the driver tests use must answer (ensure-brokers.sh starts them). Then,
# the end-to-end test that proves "any language" runs a Python gRPC client on /usr/bin/python3
# with Debian's grpcio. Installing is idempotent; if it cannot be done, stop here and say why,
# rather than letting that test fail obscurely.
set -euo pipefail
bash "$(dirname "$0")/ensure-brokers.sh"
bash "$(dirname "$0")/fetch-kafka.sh"
check() { /usr/bin/python3 -c 'import grpc, grpc_tools.protoc, google.protobuf' 2>/dev/null; }
check && exit 0
packages="python3-grpcio python3-grpc-tools python3-protobuf"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "test prerequisites: /usr/bin/python3 lacks gRPC; install the Debian packages: sudo apt-get install $packages" >&2
  exit 1
fi
echo "test prerequisites: installing $packages"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
check || { echo "test prerequisites: $packages installed but not importable by /usr/bin/python3" >&2; exit 1; }
