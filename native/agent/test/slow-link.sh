#!/usr/bin/env bash
# Uploads to an agent over a slow link that is cut in the middle, for real, and reports what happened.
#
#   sudo native/agent/test/slow-link.sh [--rate 1mbit] [--delay-ms 200] [--loss-pct 1] [--cut-at 40] [--cut-for 45]
#                                       [--emulator auto|netem|userspace|tbf] [--pings 20] [--seed N]
#
# The "board" is a network namespace joined to this machine by a link (10.213.7.1 here, 10.213.7.2 there;
# SLOW_LINK_NET=10.x.y changes it) that is limited in both directions, emulated by (--emulator, default auto: the
# first that this machine can do):
#   netem      a veth pair with the netem qdisc on both ends: rate, one-way delay, random loss;
#   userspace  two TUN devices, one in the namespace, joined by link-emulator.py (next to this script), which
#              carries each packet with the same rate, delay and random loss (--seed makes the losses repeatable),
#              behind a tail-drop queue of 100 packets; for kernels without netem (Python 3 and /dev/net/tun);
#   tbf        a veth pair with the tbf qdisc on both ends: rate only, no delay, no loss.
# It prints which one ran. The agent runs in the namespace with --bind 10.213.7.2; --pings pings go across the link
# first (0.2 s apart; round trip and loss reported); then the workbench's own command line pairs with the agent and
# runs `lathe eval --device`, which uploads the sample model (1.8 MB) and the Fashion-MNIST test images (4.4 MB)
# with a progress bar. --cut-at seconds after the upload's start the link goes dead for --cut-for seconds (0: no
# cut), then comes back: a veth is set down (ip link set ... down), the user-space link drops every packet. The
# report gives the progress lines with their times, the time of each upload, what the agent held when the link
# broke, where each upload resumed, and for the user-space link the packets it carried, lost and dropped each way.
# Everything is removed on exit; the logs stay in /tmp/lathe-slow-link.*.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
rate=1mbit delay_ms=200 loss_pct=1 cut_at=40 cut_for=45 emulator=auto pings=20 seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --delay-ms) delay_ms="$2"; shift 2 ;;
    --loss-pct) loss_pct="$2"; shift 2 ;;
    --cut-at) cut_at="$2"; shift 2 ;;
    --cut-for) cut_for="$2"; shift 2 ;;
    --emulator) emulator="$2"; shift 2 ;;
    --pings) pings="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "slow-link: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
die() { echo "slow-link: $*" >&2; exit 2; }
case "$emulator" in
  auto|netem|userspace|tbf) ;;
  *) die "--emulator is auto, netem, userspace or tbf, not $emulator" ;;
esac
[ "$(id -u)" = 0 ] || die "needs root for network namespaces and tc (sudo $0)"
for tool in ip java script bc; do command -v "$tool" >/dev/null || die "needs $tool on the PATH"; done

net="${SLOW_LINK_NET:-10.213.7}"
host_ip="$net.1" board_ip="$net.2" port=7443
ns="lathe-slowlink-$$" host_if="lsl$$h" board_if="lsl$$b"
ip -4 -o addr show | grep -q " $net\." && die "$net.0/30 is already in use on this machine; set SLOW_LINK_NET"
work="$(mktemp -d /tmp/lathe-slow-link.XXXXXX)"
cut_file="$work/link-cut"
agent_pid="" emulator_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  # The user-space link's TUN devices end with its process.
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null || true
  ip link del "$host_if" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  echo "slow-link: removed namespace $ns; logs kept in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up

veth_link() {
  ip link add "$host_if" type veth peer name "$board_if"
  ip link set "$board_if" netns "$ns"
  ip addr add "$host_ip/30" dev "$host_if"
  ip link set "$host_if" up
  ip netns exec "$ns" ip addr add "$board_ip/30" dev "$board_if"
  ip netns exec "$ns" ip link set "$board_if" up
}

# Limits the egress of $2 (in namespace $1, or here when $1 is empty) with the qdisc $3.
shape() {
  local in=(); [ -n "$1" ] && in=(ip netns exec "$1")
  command -v tc >/dev/null || die "the $3 link needs tc on the PATH"
  case "$3" in
    netem) "${in[@]}" tc qdisc add dev "$2" root netem rate "$rate" delay "${delay_ms}ms" loss "${loss_pct}%" \
             limit 1000 ;;
    tbf) "${in[@]}" tc qdisc add dev "$2" root tbf rate "$rate" burst 32kbit latency 200ms ;;
  esac
}

userspace_link() {
  [ -c /dev/net/tun ] || die "the user-space link needs /dev/net/tun"
  command -v python3 >/dev/null || die "the user-space link needs python3 on the PATH"
  python3 "$here/link-emulator.py" --host-if "$host_if" --board-if "$board_if" --rate "$rate" \
    --delay-ms "$delay_ms" --loss-pct "$loss_pct" ${seed:+--seed "$seed"} --cut-file "$cut_file" \
    >"$work/link.out" 2>"$work/link.err" &
  emulator_pid=$!
  for _ in $(seq 50); do grep -q '^ready' "$work/link.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready' "$work/link.out" || die "the user-space link did not start: $(cat "$work/link.err")"
  # The device keeps sending its packets to the emulator's file descriptor after it moves.
  ip link set "$board_if" netns "$ns"
  ip addr add "$host_ip" peer "$board_ip" dev "$host_if"
  ip link set "$host_if" up
  ip netns exec "$ns" ip addr add "$board_ip" peer "$host_ip" dev "$board_if"
  ip netns exec "$ns" ip link set "$board_if" up
}

case "$emulator" in
  netem|tbf)
    veth_link
    shape "" "$host_if" "$emulator" || die "this kernel has no $emulator qdisc (try --emulator userspace)"
    shape "$ns" "$board_if" "$emulator" ;;
  userspace) userspace_link ;;
  auto)
    veth_link
    if command -v tc >/dev/null && shape "" "$host_if" netem 2>/dev/null; then
      emulator=netem; shape "$ns" "$board_if" netem
    else
      ip link del "$host_if"
      no_netem="; this kernel has no netem"
      if [ -c /dev/net/tun ] && command -v python3 >/dev/null; then
        emulator=userspace; userspace_link
      else
        no_netem="$no_netem, and no /dev/net/tun or python3 for the user-space link"
        emulator=tbf; veth_link; shape "" "$host_if" tbf; shape "$ns" "$board_if" tbf
      fi
    fi ;;
esac
case "$emulator" in
  netem) emulated="rate $rate, one-way delay ${delay_ms} ms, loss ${loss_pct} % (netem)" ;;
  userspace) emulated="rate $rate, one-way delay ${delay_ms} ms, loss ${loss_pct} % (user space, link-emulator.py, \
seed $(sed -n 's/.*seed \([0-9]*\)$/\1/p' "$work/link.out")${no_netem:-})" ;;
  tbf) emulated="rate $rate (tbf${no_netem:-}); no delay and no random loss" ;;
esac
echo "slow-link: link $host_ip <-> $board_ip, both directions: $emulated"

ip netns exec "$ns" "$root/native/agent/lathe-agent" --bind "$board_ip" --port "$port" --data-dir "$work/agent" \
  >"$work/agent.out" 2>"$work/agent.err" &
agent_pid=$!
for _ in $(seq 600); do grep -q '^listening on' "$work/agent.out" 2>/dev/null && break; sleep 0.5; done
grep -q '^listening on' "$work/agent.out" || die "the agent did not start: $(cat "$work/agent.err")"
token="$(sed -n 's/^pairing token: \([^ ]*\) .*/\1/p' "$work/agent.out")"

if [ "$pings" -gt 0 ]; then
  if command -v ping >/dev/null; then
    echo "slow-link: $pings pings across the link, 0.2 s apart"
    ping -q -n -c "$pings" -i 0.2 "$board_ip" >"$work/ping.out" 2>&1 || true
    ping_figures="$(tail -n 2 "$work/ping.out" | tr '\n' ' ')"
  else
    ping_figures="not measured: no ping on the PATH"
  fi
fi

export LATHE_HOME="$work/workbench"
"$root/lathe" pair "$board_ip:$port" --token "$token" >/dev/null
echo "slow-link: paired; uploading the sample model and test images with lathe eval --device"

samples="$root/sample-models/fashion-mnist"
start=$(date +%s.%N)
script -qef -T "$work/cli.timing" -c "'$root/lathe' eval '$samples/cnn.onnx' \
  --data '$samples/t10k-images-idx3-ubyte.gz' --limit 500 --device '$board_ip:$port'" "$work/cli.typescript" \
  >/dev/null &
cli_pid=$!
if [ "$cut_for" != 0 ]; then
  sleep "$cut_at"
  cut_start=$(date +%s.%N)
  if [ "$emulator" = userspace ]; then touch "$cut_file"; else ip link set "$host_if" down; fi
  echo "slow-link: link cut at $(date +%T.%3N) ($(printf '%.1f' "$(echo "$cut_start - $start" | bc)") s in)," \
    "for $cut_for s"
  sleep "$cut_for"
  if [ "$emulator" = userspace ]; then
    rm -f "$cut_file"
    echo "slow-link: link back at $(date +%T.%3N)"
  else
    ip link set "$host_if" up
    echo "slow-link: link back at $(date +%T.%3N); qdisc now: $(tc qdisc show dev "$host_if" | head -n 1)"
  fi
fi
cli_rc=0
wait "$cli_pid" || cli_rc=$?
end=$(date +%s.%N)

# What the command line drew, a line per \r or \n, each after the seconds since it started (script's timing log).
terminal_lines() {
  if ! command -v python3 >/dev/null; then
    tr '\r' '\n' <"$work/cli.typescript" | tail -n +2 | sed 's/^/     ? s  /'
    return
  fi
  python3 - "$work/cli.typescript" "$work/cli.timing" <<'EOF'
import re, sys
output = open(sys.argv[1], "rb").read()
output = output[output.index(b"\n") + 1:]  # after script's own first line
at, position, line, line_at = 0.0, 0, b"", 0.0
for entry in open(sys.argv[2]):
    delay, length = entry.split()
    at += float(delay)
    pieces = re.split(rb"[\r\n]", output[position:position + int(length)])
    position += int(length)
    line_at, line = line_at if line else at, line + pieces[0]
    for piece in pieces[1:]:  # a line's time is when its first byte came
        print(f"{line_at:6.1f} s  {line.decode(errors='replace')}")
        line, line_at = piece, at
EOF
}

echo
echo "== command line (progress lines, one per message, seconds since it started) =="
terminal_lines | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\[[# ]*\] //; s/ *$//' \
  | awk '{ text = substr($0, 11); key = text; sub(/[0-9]+ of [0-9]+.*/, "", key) }
         text != "" && key != last { print } text != "" { last = key }' \
  | grep -E 'Sending|lost|Resuming|top-1|Top-1|accuracy|examples|stopped|rror' | head -n 40 || true
echo "exit code: $cli_rc"
echo
echo "== agent log (uploads) =="
grep -E 'Receiving|cut after|Stored' "$work/agent/lathe-agent.log" | sed 's/ \[[^]]*\] [^ ]* - / /'
echo
echo "== link =="
echo "$emulated"
[ -n "${ping_figures:-}" ] && echo "before the upload: $ping_figures"
if [ -n "$emulator_pid" ]; then
  lines_before=$(wc -l <"$work/link.out")
  kill -USR1 "$emulator_pid" && sleep 0.5
  echo "packets over the whole run:"
  tail -n +"$((lines_before + 1))" "$work/link.out"
fi
echo
echo "== figures =="
awk '
  function secs(t) { split(t, a, /[T:,]/); return a[2] * 3600 + a[3] * 60 + a[4] + a[5] / 1000 }
  /Receiving/ { sha = $(NF - 5); if (!(sha in first)) { first[sha] = secs($1); size[sha] = substr($(NF - 4), 2) }
                else resumed[sha] = resumed[sha] " " $NF
                last[sha] = secs($1); from[sha] = $NF }
  /Stored/    { sha = $(NF - 2); done[sha] = secs($1) }
  END {
    for (s in first) {
      if (!(s in done)) { printf "%s…: %d bytes, not stored\n", substr(s, 1, 12), size[s]; continue }
      printf "%s…: %d bytes in %.1f s", substr(s, 1, 12), size[s], done[s] - first[s]
      if (s in resumed) printf ", resumed from byte%s; the last %d bytes in %.1f s", resumed[s], size[s] - from[s],
                               done[s] - last[s]
      if (done[s] - last[s] >= 1) printf ", %.3f Mbit/s", (size[s] - from[s]) * 8 / (done[s] - last[s]) / 1e6
      printf "\n"
    }
  }
' <(sed 's/^\([0-9-]*\) /\1T/' "$work/agent/lathe-agent.log")
printf 'whole command: %.1f s, link down %s s of it\n' "$(echo "$end - $start" | bc)" "$cut_for"
exit "$cli_rc"
