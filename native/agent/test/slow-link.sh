#!/usr/bin/env bash
# Uploads to an agent over a slow link that is cut in the middle, for real, and reports what happened.
#
#   sudo native/agent/test/slow-link.sh [--rate 1mbit] [--delay-ms 100] [--loss-pct 1] [--cut-at 25] [--cut-for 45]
#
# The "board" is a network namespace joined to this machine by a veth pair (10.213.7.1 here, 10.213.7.2 there;
# SLOW_LINK_NET=10.x.y changes it). Both directions are limited: with netem where the kernel has it (rate, one-way
# delay, loss), else with tbf (rate only; the script says which). The agent runs in the namespace with --bind
# 10.213.7.2; the workbench's own command line pairs with it and runs `lathe eval --device`, which uploads the
# sample model (1.8 MB) and the Fashion-MNIST test images (4.4 MB) with a progress bar. --cut-at seconds after the
# start the link goes down (ip link set ... down) for --cut-for seconds, then comes back. The report gives the time of
# each upload, what the agent held when the link broke and where each upload resumed. Everything is removed on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
rate=1mbit delay_ms=100 loss_pct=1 cut_at=25 cut_for=45
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --delay-ms) delay_ms="$2"; shift 2 ;;
    --loss-pct) loss_pct="$2"; shift 2 ;;
    --cut-at) cut_at="$2"; shift 2 ;;
    --cut-for) cut_for="$2"; shift 2 ;;
    *) echo "slow-link: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
die() { echo "slow-link: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root for network namespaces and tc (sudo $0)"
for tool in ip tc java script; do command -v "$tool" >/dev/null || die "needs $tool on the PATH"; done

net="${SLOW_LINK_NET:-10.213.7}"
host_ip="$net.1" board_ip="$net.2" port=7443
ns="lathe-slowlink-$$" host_if="lsl$$h" board_if="lsl$$b"
ip -4 -o addr show | grep -q " $net\." && die "$net.0/30 is already in use on this machine; set SLOW_LINK_NET"
work="$(mktemp -d /tmp/lathe-slow-link.XXXXXX)"
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  ip link del "$host_if" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  echo "slow-link: removed namespace $ns; logs kept in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
ip link add "$host_if" type veth peer name "$board_if"
ip link set "$board_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
ip netns exec "$ns" ip addr add "$board_ip/30" dev "$board_if"
ip netns exec "$ns" ip link set "$board_if" up
ip netns exec "$ns" ip link set lo up

# Limits one direction: the egress of $2 (in namespace $1, or here when $1 is empty).
shape() {
  local in=(); [ -n "$1" ] && in=(ip netns exec "$1")
  if "${in[@]}" tc qdisc add dev "$2" root netem rate "$rate" delay "${delay_ms}ms" loss "${loss_pct}%" limit 1000 \
       2>/dev/null; then
    echo "rate $rate, one-way delay ${delay_ms} ms, loss ${loss_pct} % (netem)"
  else
    "${in[@]}" tc qdisc add dev "$2" root tbf rate "$rate" burst 32kbit latency 200ms
    echo "rate $rate (tbf); this kernel has no netem, so no delay and no random loss"
  fi
}
emulated="$(shape "" "$host_if")"
shape "$ns" "$board_if" >/dev/null
echo "slow-link: link $host_ip <-> $board_ip, both directions: $emulated"

ip netns exec "$ns" "$root/native/agent/lathe-agent" --bind "$board_ip" --port "$port" --data-dir "$work/agent" \
  >"$work/agent.out" 2>"$work/agent.err" &
agent_pid=$!
for _ in $(seq 600); do grep -q '^listening on' "$work/agent.out" 2>/dev/null && break; sleep 0.5; done
grep -q '^listening on' "$work/agent.out" || die "the agent did not start: $(cat "$work/agent.err")"
token="$(sed -n 's/^pairing token: \([^ ]*\) .*/\1/p' "$work/agent.out")"

export LATHE_HOME="$work/workbench"
"$root/lathe" pair "$board_ip:$port" --token "$token" >/dev/null
echo "slow-link: paired; uploading the sample model and test images with lathe eval --device"

samples="$root/sample-models/fashion-mnist"
start=$(date +%s.%N)
script -qefc "'$root/lathe' eval '$samples/cnn.onnx' --data '$samples/t10k-images-idx3-ubyte.gz' --limit 500 \
  --device '$board_ip:$port'" "$work/cli.typescript" >/dev/null &
cli_pid=$!
sleep "$cut_at"
cut_start=$(date +%s.%N)
ip link set "$host_if" down
echo "slow-link: link cut at $(date +%T.%3N) ($(printf '%.1f' "$(echo "$cut_start - $start" | bc)") s in), for $cut_for s"
sleep "$cut_for"
ip link set "$host_if" up
echo "slow-link: link back at $(date +%T.%3N); qdisc now: $(tc qdisc show dev "$host_if" | head -n 1)"
cli_rc=0
wait "$cli_pid" || cli_rc=$?
end=$(date +%s.%N)

echo
echo "== command line (progress lines, one per message) =="
tr '\r' '\n' <"$work/cli.typescript" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/^\[[# ]*\] //; s/ *$//' \
  | grep -v '^$' | awk '{ key = $0; sub(/[0-9]+ of [0-9]+.*/, "", key); if (key != last) print; last = key }' \
  | grep -E 'Sending|lost|Resuming|top-1|Top-1|accuracy|examples|stopped|rror' | head -n 40 || true
echo "exit code: $cli_rc"
echo
echo "== agent log (uploads) =="
grep -E 'Receiving|cut after|Stored' "$work/agent/lathe-agent.log" | sed 's/ \[[^]]*\] [^ ]* - / /'
echo
echo "== figures =="
awk -v rate="$rate" '
  function secs(t) { split(t, a, /[T:,]/); return a[2] * 3600 + a[3] * 60 + a[4] + a[5] / 1000 }
  /Receiving/ { sha = $(NF - 5); if (!(sha in first)) { first[sha] = secs($1); size[sha] = substr($(NF - 4), 2) }
                if ($NF > 0) resumed[sha] = resumed[sha] " " $NF }
  /Stored/    { sha = $(NF - 2); done[sha] = secs($1) }
  END { for (s in first) printf "%s…: %d bytes in %.1f s%s\n", substr(s, 1, 12), size[s], done[s] - first[s],
                 resumed[s] == "" ? "" : ", resumed from byte" resumed[s] }
' <(sed 's/^\([0-9-]*\) /\1T/' "$work/agent/lathe-agent.log")
printf 'whole command: %.1f s, link down %s s of it\n' "$(echo "$end - $start" | bc)" "$cut_for"
exit "$cli_rc"
