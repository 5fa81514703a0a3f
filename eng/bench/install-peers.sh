#!/usr/bin/env bash
# Installs with apt the Debian packages named as arguments that are not installed yet (the benchmarks' peers and the
# OpenBLAS build they are timed on). Usage: eng/bench/install-peers.sh package...
set -euo pipefail
need=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt)" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -q "${need[@]}" >&2
fi
