#!/usr/bin/env bash
# Start-up time of ./mycelium to a listening node: from exec to the node's TCP peer port accepting a connection
# (the node binds it after the HTTP API is up, once router, peer manager and data plane run).
# Usage: bench/startup-time.sh [runs]   (env: PORT, MYCELIUM_JAVA_OPTS passed through to the launcher)
# Prints one line per run and the median. The key file and config live in a temporary directory.
set -euo pipefail
root="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd)"
runs="${1:-7}"
port="${PORT:-18999}"
peer_port="${PEER_PORT:-19651}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
times=()
cpus=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  XDG_CONFIG_HOME="$tmp" XDG_DATA_HOME="$tmp" "$root/mycelium" --api-addr "127.0.0.1:$port" --disable-quic \
    --no-tun --disable-peer-discovery -t "$peer_port" -k "$tmp/priv_key.bin" >"$tmp/log" 2>&1 &
  pid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$peer_port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "node exited early:" >&2; cat "$tmp/log" >&2; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  # CPU time the JVM used until then (all threads, user + system): less disturbed by other load than wall time
  read -r -a stat < "/proc/$pid/stat"
  cpu=$(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  cpus+=("$cpu")
  echo "run $i: ${ms} ms wall, ${cpu} ms cpu"
  kill -TERM "$pid"
  wait "$pid" || true
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
sortedcpu=($(printf '%s\n' "${cpus[@]}" | sort -n))
mid=$(( ${#sorted[@]} / 2 ))
echo "median: ${sorted[$mid]} ms wall (min ${sorted[0]}), ${sortedcpu[$mid]} ms cpu (min ${sortedcpu[0]});" \
  "runs: $runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
