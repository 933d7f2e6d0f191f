#!/usr/bin/env bash
# TUN read/write paths compared (extensions/tun-linux): a user-space wire (TunIoBench) joins TUN interfaces in two
# network namespaces and iperf3 sends through it, so the traffic crosses exactly a node's TUN read and write path
# (no crypto, no sockets). Modes: single (production LinuxTunDevice), offset (same, packet at position 44),
# mq:N (IFF_MULTI_QUEUE, N queues), vnet (IFF_VNET_HDR + TSO6: split 64 KiB reads into 1400-byte packets, coalesce
# them again, write super-packets), vnet-nogro (split, then write each packet), offload (the production
# LinuxOffloadTunDevice through TunBatchIo), offload-single (the same device, one packet per call).
# First it prints the cost of one read(2) call through JNA (Buffer / long address / Pointer per call) and a
# JDK FileChannel.
# Usage: bench/tun-io.sh [runs] [modes...]   env: SECONDS_PER_RUN (5), TESTS ("tcp tcp4 udp"), UDP_RATE (1G)
# tcp = one iperf3 stream, tcp4 = 4 streams, udp = 1352-byte datagrams (1400-byte IPv6 packets) paced at UDP_RATE:
# an unpaced UDP flood only measures how many datagrams the receiving iperf3 drops on a busy machine.
# Needs root, iproute2 and iperf3. Prints min/median/max over the runs and the harness's CPU per Gbit/s.
set -Eeuo pipefail
trap 'echo "bench/tun-io.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
root="$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd)"
runs="${1:-3}"; shift || true
modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(single offset mq:2 vnet vnet-nogro offload offload-single)
secs="${SECONDS_PER_RUN:-5}"
tests="${TESTS:-tcp tcp4 udp}"
command -v iperf3 >/dev/null || { echo "iperf3 is missing (apt-get install iperf3)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces, TUN)" >&2; exit 1; }

source "$root/.mvn/java-home.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mod="$root/extensions/tun-linux"
# -am: the spi comes from this checkout's reactor (target/classes), never from a jar another build installed
(cd "$root" && ./mvnw -B -o -q -pl extensions/tun-linux -am test-compile dependency:build-classpath \
       -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
cp="$mod/target/test-classes:$mod/target/classes:$(cat "$mod/target/bench.classpath")"

tag="tiob$$"; nsA="${tag}a"; nsB="${tag}b"; tmp="$(mktemp -d)"; harness=""
cleanup() {
  [ -n "$harness" ] && kill "$harness" 2>/dev/null && wait "$harness" 2>/dev/null || true
  ip netns pids "$nsB" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$nsA" 2>/dev/null || true; ip netns del "$nsB" 2>/dev/null || true; rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # so that the EXIT trap cleans up when interrupted or timed out
ip netns add "$nsA"; ip netns add "$nsB"
ip -n "$nsA" link set lo up; ip -n "$nsB" link set lo up

echo "== cost of one read(2) on an empty TUN (EAGAIN), 2M calls per way, 3 rounds"
"$java" --enable-native-access=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED -cp "$cp" \
  dev.mycelium.tun.linux.TunIoBench calls "$nsA" "$nsB"
echo

cpu_ticks() { local s; read -r -a s < "/proc/$1/stat"; echo $(( s[13] + s[14] )); }
hz=$(getconf CLK_TCK)

# one run: prints "gbit pps cpu_percent" (pps = packets through the harness per second, both directions)
one_run() {
  local mode=$1 test=$2 out="$tmp/h.out"
  "$java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -cp "$cp" dev.mycelium.tun.linux.TunIoBench \
      "$mode" "$nsA" "$nsB" >"$out" 2>&1 &
  harness=$!
  for _ in $(seq 200); do grep -q READY "$out" && break; kill -0 "$harness" || { cat "$out" >&2; exit 1; }; sleep 0.05; done
  local args=(-c 400::b -t "$secs" -J)
  case $test in tcp4) args+=(-P 4);; udp) args+=(-u -b "${UDP_RATE:-1G}" -l 1352);; esac
  local t0 c0 t1 c1 json="" server attempt
  for attempt in 1 2 3; do  # a loaded machine sometimes starts the server late: try again
    ip netns exec "$nsB" iperf3 -s -1 -B 400::b >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 100); do ip netns exec "$nsB" ss -Hltn 'sport = :5201' | grep -q . && break; sleep 0.05; done
    t0=$(date +%s%N); c0=$(cpu_ticks "$harness")
    if json="$(timeout $((secs + 30)) ip netns exec "$nsA" iperf3 "${args[@]}" \
          2> >(grep -v 'exceeds TCP MSS' >&2))" \
        && grep -q '"sum' <<<"$json"; then
      t1=$(date +%s%N); c1=$(cpu_ticks "$harness")
      wait "$server" 2>/dev/null || true
      break
    fi
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
    echo "iperf3 failed ($mode $test, attempt $attempt): ${json:0:300}; harness said:" >&2; cat "$out" >&2
    [ "$attempt" = 3 ] && { echo "giving up" >&2; exit 1; }
  done
  kill "$harness"; wait "$harness" 2>/dev/null || true; harness=""
  local gbit pkts
  local loss
  read -r gbit loss < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); e=j.get("end", {}); s=e.get("sum_received") or e.get("sum"); print("%.3f %s" % (s["bits_per_second"] / 1e9, "%.1f" % s["lost_percent"] if "lost_percent" in s else "-")) if s else sys.exit("iperf3: " + str(j.get("error", "no result")))' "$json")
  pkts=$(awk '/^reads/ {print $4}' "$out")
  awk -v g="$gbit" -v p="$pkts" -v dt=$(( (t1 - t0) )) -v dc=$(( c1 - c0 )) -v hz="$hz" -v l="$loss" \
    'BEGIN { printf "%s %.0f %.0f %s\n", g, p / (dt / 1e9), 100 * (dc / hz) / (dt / 1e9), l }'
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "%s / %s / %s", a[1], a[int((NR+1)/2)], a[NR]}'; }

printf "%-14s %-5s %-24s %-28s %-22s %s\n" mode test "Gbit/s min/med/max" "harness pkts/s min/med/max" \
  "CPU% med / CPU-s/Gbit" "UDP loss% med"
for test in $tests; do
  for mode in "${modes[@]}"; do
    : >"$tmp/runs"
    for _ in $(seq "$runs"); do one_run "$mode" "$test" >>"$tmp/runs"; done
    g=$(cut -d' ' -f1 "$tmp/runs" | stats); p=$(cut -d' ' -f2 "$tmp/runs" | stats)
    c=$(cut -d' ' -f3 "$tmp/runs" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    gm=$(cut -d' ' -f1 "$tmp/runs" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    l=$(cut -d' ' -f4 "$tmp/runs" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf "%-14s %-5s %-24s %-28s %-22s %s\n" "$mode" "$test" "$g" "$p" \
      "$c% / $(awk -v c="$c" -v g="$gm" 'BEGIN { if (g > 0) printf "%.2f", c / 100 / g; else print "-" }')" "$l"
  done
done
