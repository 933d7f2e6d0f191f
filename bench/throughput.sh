#!/usr/bin/env bash
# throughput.sh - data-plane benchmark of mycelium-java in network namespaces, side by side with the raw veth and
# with Yggdrasil (the Debian package) measured in the same run (run as root; installs iperf3/yggdrasil if missing).
#
#   bench/throughput.sh [--runs N] [--duration S] [--systems raw,yggdrasil,mycelium] [--scenarios pair,relay]
#                       [--keep]
#
# Scenarios:  pair   A[fd00:1::1] ---- [fd00:1::2]B                          B listens, A dials B
#             relay  A[fd00:1::1] ---- [fd00:1::2]R[fd00:2::1] ---- [fd00:2::2]B   R listens, A and B dial R;
#                    R forwards IPv6 only for the raw measurement, so only the overlay can carry A -> B otherwise.
# Per run, scenario and system: iperf3 A -> B with 1 stream and with 4 streams (Mbit/s, receiver side, and the
# sender's TCP retransmissions, i.e. packets lost on the path), ping RTT (200 pings 10 ms apart: median and p99),
# and for overlays the nodes' CPU (utime+stime from /proc/<pid>/stat, all nodes of the scenario, during the 1-stream
# test) and RSS. Systems are measured one after the other within
# a run, so their ratios come from the same conditions; the summary prints min / median / max over the runs of
# each figure and of each ratio (ratios are taken per run, then summarised).
# Our node runs through the repository's ./mycelium launcher (TUN MTU 1400, the wire protocol's); Yggdrasil runs
# at its default MTU (65535 asked, 53049 on the TUN in 0.4.7). Defaults: 3 runs, 10 s per iperf3 test.
# Output: a table on stdout; raw figures in <work dir>/results.tsv (kept with --keep or on failure).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd)
RUNS=3; DURATION=10; SYSTEMS=raw,yggdrasil,mycelium; SCENARIOS=pair,relay; KEEP=0
PORT=9651; WAIT=${TP_WAIT:-90}   # seconds for the overlay to carry a first ping

die() { echo "throughput: $*" >&2; exit 1; }
say() { echo "throughput: $*" >&2; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"; RUNS=$2; shift ;;
    --duration) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--duration needs seconds"; DURATION=$2; shift ;;
    --systems) SYSTEMS=${2:-}; shift ;;
    --scenarios) SCENARIOS=${2:-}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage ;;
    *) echo "throughput: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
has() { [[ ",$2," == *",$1,"* ]]; }
for s in ${SYSTEMS//,/ }; do case $s in raw|yggdrasil|mycelium) ;; *) die "unknown system '$s'" ;; esac; done
for s in ${SCENARIOS//,/ }; do case $s in pair|relay) ;; *) die "unknown scenario '$s'" ;; esac; done
has raw "$SYSTEMS" || die "--systems must include raw (every ratio is taken against it)"

# ---- prerequisites (Debian packages installed when missing) ----
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, TUN devices)"
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need ip iproute2; need ss iproute2; need ping iputils-ping; need iperf3 iperf3; need awk gawk
has yggdrasil "$SYSTEMS" && need yggdrasil yggdrasil
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
fi
if has yggdrasil "$SYSTEMS" || has mycelium "$SYSTEMS"; then [ -c /dev/net/tun ] || die "/dev/net/tun missing"; fi
if has mycelium "$SYSTEMS" && [ ! -f "$ROOT/src/app/target/quarkus-app/quarkus-run.jar" ]; then
  say "building the node once (./mvnw package -DskipTests)"   # here, not inside a namespace without network
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests >&2) || die "build failed"
fi

# ---- state and cleanup ----
WORK=$(mktemp -d /tmp/throughput.XXXXXX); RES=$WORK/results.tsv; : >"$RES"
TAG=tp$$; NSES=(); PIDS=(); OK=0
cleanup() {
  stop_nodes
  local ns
  for ns in "${NSES[@]}"; do kill_in "$ns"; ip netns del "$ns" 2>/dev/null || true; done
  NSES=()
  if [ "$OK" = 1 ] && [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else say "results and logs kept in $WORK"; fi
}
trap cleanup EXIT; trap 'exit 130' INT TERM HUP

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
kill_in() {  # every process inside a namespace: TERM, then KILL after a grace period
  local p n
  for p in $(ip netns pids "$1" 2>/dev/null); do kill -TERM "$p" 2>/dev/null || true; done
  for n in $(seq 50); do [ -z "$(ip netns pids "$1" 2>/dev/null)" ] && return; sleep 0.1; done
  for p in $(ip netns pids "$1" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
}

# ---- topology ----
NS_A=$TAG-a; NS_B=$TAG-b; NS_R=$TAG-r
mkns() { ip netns add "$1"; NSES+=("$1"); nsx "$1" ip link set lo up; }
# veth NS1 IF1 ADDR1 NS2 IF2 ADDR2 (IPv6 /64, no DAD), waits for both ends to be up
veth() {
  ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
  nsx "$1" ip -6 addr add "$3/64" dev "$2" nodad; nsx "$1" ip link set "$2" up
  nsx "$4" ip -6 addr add "$6/64" dev "$5" nodad; nsx "$4" ip link set "$5" up
  local n
  for n in $(seq 100); do
    nsx "$1" ip -o link show dev "$2" | grep -q LOWER_UP && nsx "$4" ip -o link show dev "$5" | grep -q LOWER_UP && return
    sleep 0.05
  done
  die "veth $2/$5 did not come up"
}
topology() {  # scenario -> namespaces, RAW_DST, HUB (node that listens), PEER_OF_<node>
  if [ "$1" = pair ]; then
    mkns "$NS_A"; mkns "$NS_B"; veth "$NS_A" eth0 fd00:1::1 "$NS_B" eth0 fd00:1::2
    NODES=(B A); HUB=B; PEER_OF_A=fd00:1::2; PEER_OF_B=; RAW_DST=fd00:1::2
  else
    mkns "$NS_A"; mkns "$NS_R"; mkns "$NS_B"
    veth "$NS_A" eth0 fd00:1::1 "$NS_R" eth0 fd00:1::2; veth "$NS_R" eth1 fd00:2::1 "$NS_B" eth0 fd00:2::2
    nsx "$NS_A" ip -6 route add fd00:2::/64 via fd00:1::2; nsx "$NS_B" ip -6 route add fd00:1::/64 via fd00:2::1
    NODES=(R A B); HUB=R; PEER_OF_A=fd00:1::2; PEER_OF_B=fd00:2::1; PEER_OF_R=; RAW_DST=fd00:2::2
  fi
}
teardown() { local ns; stop_nodes; for ns in "${NSES[@]}"; do kill_in "$ns"; ip netns del "$ns"; done; NSES=(); }
ns_of() { case $1 in A) echo "$NS_A" ;; B) echo "$NS_B" ;; R) echo "$NS_R" ;; esac; }
forwarding() { [ "$SCEN" = relay ] && nsx "$NS_R" sysctl -qw net.ipv6.conf.all.forwarding="$1" || true; }

# ---- measurements ----
# iperf NS_CLIENT NS_SERVER DST SRC STREAMS -> "Mbit/s-received retransmissions" (empty on failure)
iperf() {
  local spid log=$WORK/iperf3.log
  ip netns exec "$2" iperf3 -s -1 >>"$WORK/iperf3-server.log" 2>&1 & spid=$!   # ip execs iperf3: same pid
  local n; for n in $(seq 100); do nsx "$2" ss -ltnH 2>/dev/null | grep -q ':5201 ' && break; sleep 0.05; done
  if nsx "$1" iperf3 -c "$3" ${4:+-B "$4"} -t "$DURATION" -P "$5" -f m >"$log" 2>&1; then
    # last receiver line (the SUM with -P > 1): Mbit/s; last sender line: TCP retransmissions (lost packets)
    awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i-1) }
         /sender/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec" && $(i+1) ~ /^[0-9]+$/) r = $(i+1) }
         END { if (v != "") print v, (r == "" ? "na" : r) }' "$log"
  else
    cat "$log" >&2
  fi
  cat "$log" >>"$WORK/iperf3-all.log"
  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
}
# rtt NS DST -> "median p99" in ms over 200 pings 10 ms apart
rtt() {
  nsx "$1" ping -6 -n -q -c 1 -W 2 "$2" >/dev/null 2>&1 || true   # first packet may wait for a route or ND
  nsx "$1" ping -6 -n -c 200 -i 0.01 -W 1 "$2" 2>/dev/null | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -g |
    awk '{ a[NR] = $1 } END { if (!NR) { print "na na"; exit }
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      p = int(NR * 0.99 + 0.999999); printf "%.3f %.3f\n", m, a[p] }'
}
ticks() { local p t=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat"))); done; echo $t; }
rss_kb() { local p t=0; for p in "$@"; do t=$((t + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$RUN" "$SCEN" "$1" "$2" "$3" >>"$RES"; }

# ---- overlay nodes ----
declare -A ADDR
start_nodes() {  # system -> starts one node per namespace (hub first), fills ADDR[A], ADDR[B]
  local sys=$1 n peer cmd
  for n in "${NODES[@]}"; do
    local pv=PEER_OF_$n; peer=${!pv}
    case $sys in
      yggdrasil)
        local conf=$WORK/ygg-$n.conf priv
        priv=$(yggdrasil -genconf -json | sed -n 's/.*"PrivateKey": *"\([0-9a-f]*\)".*/\1/p')
        { printf '{"PrivateKey":"%s","IfName":"ygg0","AdminListen":"none","MulticastInterfaces":[],' "$priv"
          if [ -n "$peer" ]; then printf '"Peers":["tcp://[%s]:%s"],"Listen":[]}\n' "$peer" "$PORT"
          else printf '"Peers":[],"Listen":["tcp://[::]:%s"]}\n' "$PORT"; fi; } >"$conf"
        ADDR[$n]=$(yggdrasil -useconffile "$conf" -address)
        cmd=(yggdrasil -useconffile "$conf" -logto stdout) ;;
      mycelium)
        cmd=("$ROOT/mycelium" -k "$WORK/myc-$n-$RUN.key" --api-addr 127.0.0.1:8989 --disable-quic
             --disable-peer-discovery -t "$PORT" --tun-name myc0)
        [ -n "$peer" ] && cmd+=(--peers "tcp://[$peer]:$PORT") ;;
    esac
    # not through a shell function: $! must be the node itself (ip netns exec execs it) for /proc/<pid>/stat
    ip netns exec "$(ns_of "$n")" "${cmd[@]}" >"$WORK/$sys-$SCEN-$RUN-$n.log" 2>&1 & PIDS+=("$!")
  done
  if [ "$sys" = mycelium ]; then  # the node logs its address once its keys are loaded
    for n in "${NODES[@]}"; do
      local t; for t in $(seq $((WAIT * 10))); do
        ADDR[$n]=$(sed -n 's/.*Node overlay IP: \([0-9a-f:]*\).*/\1/p' "$WORK/$sys-$SCEN-$RUN-$n.log" | head -n1)
        [ -n "${ADDR[$n]}" ] && break; alive || return 1; sleep 0.1
      done
      [ -n "${ADDR[$n]}" ] || return 1
    done
  fi
  local deadline=$((SECONDS + WAIT))
  until nsx "$NS_A" ping -6 -n -c 1 -W 1 "${ADDR[B]}" >/dev/null 2>&1; do
    alive || return 1; [ $SECONDS -lt $deadline ] || return 1
  done
}
alive() { local p; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || return 1; done; }
stop_nodes() {
  local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    local n; for n in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true
  done
  PIDS=()
}

measure_raw() {
  forwarding 1
  local m r
  read -r m r < <(iperf "$NS_A" "$NS_B" "$RAW_DST" "" 1); record raw mbps1 "${m:-na}"; record raw retr1 "${r:-na}"
  read -r m r < <(iperf "$NS_A" "$NS_B" "$RAW_DST" "" 4); record raw mbps4 "${m:-na}"; record raw retr4 "${r:-na}"
  read -r med p99 < <(rtt "$NS_A" "$RAW_DST"); record raw rtt_med "$med"; record raw rtt_p99 "$p99"
  forwarding 0
  if [ "$SCEN" = relay ] && nsx "$NS_A" ping -6 -c 1 -W 1 "$RAW_DST" >/dev/null 2>&1; then
    die "A still reaches B through R's kernel with forwarding off"
  fi
}
measure_overlay() {
  local sys=$1 m r t0 t1 w0 w1 hz med p99
  if ! start_nodes "$sys"; then
    say "$sys ($SCEN, run $RUN): A did not reach B within ${WAIT}s; logs:"
    tail -n 15 "$WORK/$sys-$SCEN-$RUN"-*.log >&2 || true
    stop_nodes; record "$sys" mbps1 na; return
  fi
  hz=$(getconf CLK_TCK); t0=$(ticks "${PIDS[@]}"); w0=$(date +%s.%N)
  read -r m r < <(iperf "$NS_A" "$NS_B" "${ADDR[B]}" "${ADDR[A]}" 1)
  t1=$(ticks "${PIDS[@]}"); w1=$(date +%s.%N)
  record "$sys" mbps1 "${m:-na}"; record "$sys" retr1 "${r:-na}"
  local cores; cores=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v a="$w0" -v b="$w1" 'BEGIN { printf "%.3f", d / hz / (b - a) }')
  record "$sys" cpu_cores "$cores"
  [ -n "$m" ] && record "$sys" cpu_per_gbps "$(awk -v c="$cores" -v m="$m" 'BEGIN { printf "%.3f", (m > 0 ? c / (m / 1000) : 0) }')"
  record "$sys" rss_mb "$(awk -v k="$(rss_kb "${PIDS[@]}")" -v n=${#PIDS[@]} 'BEGIN { printf "%.0f", k / 1024 / n }')"
  read -r m r < <(iperf "$NS_A" "$NS_B" "${ADDR[B]}" "${ADDR[A]}" 4); record "$sys" mbps4 "${m:-na}"
  record "$sys" retr4 "${r:-na}"
  read -r med p99 < <(rtt "$NS_A" "${ADDR[B]}"); record "$sys" rtt_med "$med"; record "$sys" rtt_p99 "$p99"
  stop_nodes
}

# ---- the runs ----
say "$RUNS run(s), ${DURATION}s per iperf3 test, systems: $SYSTEMS, scenarios: $SCENARIOS; work dir $WORK"
for RUN in $(seq "$RUNS"); do
  for SCEN in ${SCENARIOS//,/ }; do
    topology "$SCEN"
    say "run $RUN/$RUNS $SCEN: raw veth"; measure_raw
    for sys in yggdrasil mycelium; do
      has "$sys" "$SYSTEMS" || continue
      say "run $RUN/$RUNS $SCEN: $sys"; measure_overlay "$sys"
    done
    teardown
  done
done

# ---- summary: min / median / max over runs, of each figure and of each per-run ratio ----
awk -F'\t' -v runs="$RUNS" '
  function add(key, v) { if (v == "" || v == "na") return; n[key]++; vals[key, n[key]] = v + 0; keys[key] = 1 }
  function summary(key,   i, j, t, c, a, med) {
    c = n[key]; if (!c) return "         na"
    for (i = 1; i <= c; i++) a[i] = vals[key, i]
    for (i = 2; i <= c; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    med = (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    return sprintf("%10s %10s %10s  (%d)", fmt(a[1]), fmt(med), fmt(a[c]), c)
  }
  function fmt(x) { return (x == int(x)) ? sprintf("%d", x) : (x >= 100 || x <= -100) ? sprintf("%.0f", x) : (x >= 1 || x <= -1) ? sprintf("%.2f", x) : sprintf("%.3f", x) }
  function line(label, key) { if (key in keys) printf "  %-44s %s\n", label, summary(key) }
  { v[$1, $2, $3, $4] = $5; if ($5 != "na") { scen[$2] = 1; sys[$3] = 1 }; run[$1] = 1
    add($2 SUBSEP $3 SUBSEP $4, $5) }
  END {
    for (r in run) for (s in scen) {
      for (y in sys) if (y != "raw") {
        for (m = 1; m <= 4; m *= 4) {
          k = "mbps" m
          if (v[r, s, y, k] != "" && v[r, s, y, k] != "na" && v[r, s, "raw", k] > 0)
            add("ratio" SUBSEP s SUBSEP y "/raw " k, v[r, s, y, k] / v[r, s, "raw", k])
        }
        if (v[r, s, y, "rtt_med"] != "" && v[r, s, y, "rtt_med"] != "na" && v[r, s, "raw", "rtt_med"] != "na")
          add("ratio" SUBSEP s SUBSEP y " added rtt", v[r, s, y, "rtt_med"] - v[r, s, "raw", "rtt_med"])
        if (s == "relay" && v[r, "pair", y, "mbps1"] > 0 && v[r, "relay", y, "mbps1"] != "na")
          add("ratio" SUBSEP "relay" SUBSEP y " relay/pair mbps1", v[r, "relay", y, "mbps1"] / v[r, "pair", y, "mbps1"])
      }
      for (m = 1; m <= 4; m *= 4) {
        k = "mbps" m
        if (v[r, s, "mycelium", k] > 0 && v[r, s, "yggdrasil", k] > 0)
          add("ratio" SUBSEP s SUBSEP "mycelium/yggdrasil " k, v[r, s, "mycelium", k] / v[r, s, "yggdrasil", k])
      }
    }
    printf "\n%-46s %10s %10s %10s  (runs)\n", "figure", "min", "median", "max"
    ns = split("pair relay", S, " "); ny = split("raw yggdrasil mycelium", Y, " ")
    for (i = 1; i <= ns; i++) { s = S[i]; if (!(s in scen)) continue
      printf "%s\n", s
      for (j = 1; j <= ny; j++) { y = Y[j]
        line(y " 1 stream, Mbit/s", s SUBSEP y SUBSEP "mbps1")
        line(y " 4 streams, Mbit/s", s SUBSEP y SUBSEP "mbps4")
        line(y " 1 stream, TCP retransmissions", s SUBSEP y SUBSEP "retr1")
        line(y " 4 streams, TCP retransmissions", s SUBSEP y SUBSEP "retr4")
        line(y " ping RTT median, ms", s SUBSEP y SUBSEP "rtt_med")
        line(y " ping RTT p99, ms", s SUBSEP y SUBSEP "rtt_p99")
        line(y " node CPU during 1 stream, cores", s SUBSEP y SUBSEP "cpu_cores")
        line(y " node CPU per Gbit/s, cores", s SUBSEP y SUBSEP "cpu_per_gbps")
        line(y " RSS per node, MiB", s SUBSEP y SUBSEP "rss_mb")
      }
      printf "%s, ratios (per run)\n", s
      for (j = 2; j <= ny; j++) { y = Y[j]
        line(y "/raw, 1 stream", "ratio" SUBSEP s SUBSEP y "/raw mbps1")
        line(y "/raw, 4 streams", "ratio" SUBSEP s SUBSEP y "/raw mbps4")
        line(y " added RTT over raw, ms", "ratio" SUBSEP s SUBSEP y " added rtt")
        line(y " relay/pair, 1 stream", "ratio" SUBSEP s SUBSEP y " relay/pair mbps1")
      }
      line("mycelium/yggdrasil, 1 stream", "ratio" SUBSEP s SUBSEP "mycelium/yggdrasil mbps1")
      line("mycelium/yggdrasil, 4 streams", "ratio" SUBSEP s SUBSEP "mycelium/yggdrasil mbps4")
    }
  }' "$RES"
OK=1
