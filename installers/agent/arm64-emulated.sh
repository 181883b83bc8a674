#!/usr/bin/env bash
# Proves the aarch64 agent package on an x86-64 Linux computer under QEMU user-mode emulation: unpacks
# native/agent/target/lathe-agent-<version>-linux-aarch64.tar.gz, runs it with Debian's arm64 Java (a sysroot made from
# five .deb files, this computer's own Java and dpkg architectures untouched), pairs it from the workbench's command
# line, checks that it reports arch aarch64, and benchmarks the sample CNN with ONNX Runtime and, exported to
# TorchScript, with libtorch, both offline from the tarball's lib/. The figures are an emulated aarch64's, not a board's.
#
#   installers/agent/arm64-emulated.sh [--iterations N] [--warmup N] [--keep]
#
# Build first (on x86-64): mvn -B -ntp package -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am
# Needs qemu-aarch64 (package qemu-user, installed when missing if run as root), apt-get and dpkg (Debian/Ubuntu:
# the arm64 packages come from this computer's apt sources, read into a private apt state), python3, and the network
# for those packages. Everything it makes is under one temporary folder, removed on exit unless --keep.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
iterations=50
warmup=5
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--iterations N] [--warmup N] [--keep]" >&2; exit 2 ;;
  esac
done

say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { echo "arm64-emulated: $*" >&2; exit 1; }

tarball="$(ls native/agent/target/lathe-agent-*-linux-aarch64.tar.gz 2>/dev/null | head -n 1 || true)"
[ -n "$tarball" ] || fail "no native/agent/target/lathe-agent-*-linux-aarch64.tar.gz: build it first with" \
  "mvn -B -ntp package -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am"
app_jar="$(ls app/target/lathe-app-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)"
[ -n "$app_jar" ] && [ -d app/target/lib ] || fail "no app/target/lathe-app-*.jar with app/target/lib: build it first"
command -v python3 >/dev/null || fail "needs python3 to read the command line's JSON"

qemu="$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)"
if [ -z "$qemu" ]; then
  [ "$(id -u)" = 0 ] || fail "needs qemu-aarch64: apt-get install qemu-user (as root)"
  say "installing qemu-user"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user
  qemu="$(command -v qemu-aarch64)"
fi

tmp="$(mktemp -d -t lathe-arm64.XXXXXX)"
agent_pid=""
cleanup() {
  if [ -n "$agent_pid" ]; then
    # The agent's model worker (its child) first, then the agent.
    for child in $(pgrep -P "$agent_pid" || true); do kill "$child" 2>/dev/null || true; done
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. An arm64 sysroot: Java 17 and the C/C++ runtime it and the natives need, from Debian's arm64 packages. A private
#    apt state (lists, cache) reads the arm64 indexes without adding arm64 to this computer's dpkg architectures.
say "downloading Debian's arm64 Java into a sysroot"
sysroot="$tmp/sysroot"
mkdir -p "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial" "$tmp/debs" "$sysroot"
apt_opts=(-o "Dir::State::Lists=$tmp/apt/lists" -o "Dir::Cache=$tmp/apt/cache" -o "Dir::State::status=/dev/null"
          -o "APT::Architecture=arm64" -o "APT::Architectures::=arm64" -o "APT::Sandbox::User=root" -qq)
apt-get "${apt_opts[@]}" update >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get update failed"; }
(cd "$tmp/debs" && apt-get "${apt_opts[@]}" download openjdk-17-jre-headless:arm64 libc6:arm64 zlib1g:arm64 \
  libstdc++6:arm64 libgcc-s1:arm64 >>"$tmp/apt.log" 2>&1) || { cat "$tmp/apt.log" >&2; fail "apt-get download failed"; }
for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$sysroot"; done
java_home="$(ls -d "$sysroot"/usr/lib/jvm/java-17-openjdk-arm64)"

# The agent starts its model worker with $java_home/bin/java. Without binfmt_misc the kernel cannot run an aarch64
# program, so bin/java becomes a script that runs the real one under QEMU; and Java spawns children by fork rather
# than through its (aarch64) jspawnhelper, which the kernel could not run either.
mv "$java_home/bin/java" "$java_home/bin/java.aarch64"
cat >"$java_home/bin/java" <<EOF
#!/bin/sh
exec "$qemu" -L "$sysroot" "$java_home/bin/java.aarch64" -Djdk.lang.Process.launchMechanism=FORK "\$@"
EOF
chmod 0755 "$java_home/bin/java"
say "$("$java_home/bin/java" -version 2>&1 | head -n 1) (aarch64, under $("$qemu" --version | head -n 1))"

# 2. The aarch64 package, unpacked and started emulated on a loopback port.
mkdir -p "$tmp/agent" "$tmp/data" "$tmp/lathe-home" "$tmp/xdg" "$tmp/models" "$tmp/java-tmp"
tar -xzf "$tarball" -C "$tmp/agent" --strip-components=1
say "starting $(basename "$tarball") emulated"
started=$(date +%s)
JAVA_HOME="$java_home" LATHE_AGENT_JAVA_OPTS="-Xmx1g -Djava.io.tmpdir=$tmp/java-tmp" "$tmp/agent/bin/lathe-agent" --port 0 \
  --data-dir "$tmp/data" >"$tmp/agent.out" 2>"$tmp/agent.err" &
agent_pid=$!
for _ in $(seq 1 600); do
  grep -q '^listening on' "$tmp/agent.out" 2>/dev/null && break
  kill -0 "$agent_pid" 2>/dev/null || { cat "$tmp/agent.err" >&2; fail "the emulated agent exited"; }
  sleep 0.5
done
grep -q '^listening on' "$tmp/agent.out" || fail "the emulated agent printed no listening line in 5 minutes"
token="$(sed -n 's/^pairing token: \([^ ]*\).*/\1/p' "$tmp/agent.out")"
port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$tmp/agent.out")"
say "agent printed its token after $(( $(date +%s) - started )) s; listening on 127.0.0.1:$port"

# 3. The workbench's command line, on this computer's own Java, with a store of its own.
lathe() {
  LATHE_HOME="$tmp/lathe-home" XDG_DATA_HOME="$tmp/xdg" java -Dai.djl.offline=true -Djava.io.tmpdir="$tmp/java-tmp" \
    -Dlathe.samples="$repo/sample-models" -cp "$repo/$app_jar:$repo/app/target/lib/*" dev.lathe.app.Main "$@"
}
address="127.0.0.1:$port"
# An emulated JVM answers its first calls slowly (TLS, classes loading, the JIT warming up), more so on a busy
# computer: pairing (15 s deadline) and asking whether it is online (30 s) are tried again a few times.
for attempt in 1 2 3 4 5; do
  lathe pair "$address" --token "$token" >/dev/null 2>"$tmp/pair.err" && break
  [ "$attempt" = 5 ] && { cat "$tmp/pair.err" >&2; fail "pairing failed 5 times"; }
  say "pairing, attempt $attempt: $(cat "$tmp/pair.err"); trying again"
done
for attempt in 1 2 3 4 5; do
  lathe devices --json >"$tmp/devices.json"
  python3 -c 'import json, sys; d = {x["address"]: x for x in json.load(open(sys.argv[1]))["devices"]}[sys.argv[2]];
sys.exit(0 if d["online"] else 1)' "$tmp/devices.json" "$address" && break
  say "lathe devices, attempt $attempt: not online yet; trying again"
done
host_cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || true)"
python3 - "$tmp/devices.json" "$address" "$host_cpu" <<'EOF'
import json, sys
devices = {d["address"]: d for d in json.load(open(sys.argv[1]))["devices"]}
d = devices[sys.argv[2]]
assert d["online"], f"{sys.argv[2]} is not online: {d.get('problem')}"
dev = d["device"]
runtimes = ", ".join(f'{r["name"]} {r["version"]}' for r in dev["runtimes"])
print(f'device: arch {dev["arch"]}, cpu "{dev["cpuModel"]}", {dev["cores"]} cores, int8 {dev["int8Path"]}, '
      f'bf16 {dev["bf16"]}, {dev["jvm"]}; runtimes: {runtimes}')
assert dev["arch"] == "aarch64", f'the agent reports arch {dev["arch"]}, not aarch64'
assert not sys.argv[3] or sys.argv[3] not in dev["cpuModel"], f'it claims the host\'s CPU, {sys.argv[3]}'
assert dev["int8Path"] not in ("avx2", "avx-vnni", "avx512-vnni"), f'it claims x86 int8 kernels: {dev["int8Path"]}'
names = [r["name"] for r in dev["runtimes"]]
assert "onnxruntime" in names and "libtorch" in names, f"runtimes {names}: the package lacks one"
EOF

# 4. The sample CNN in ONNX Runtime, then exported to TorchScript and run by libtorch, both on the emulated agent.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
model="$repo/sample-models/fashion-mnist/cnn.onnx"
cp "$model" "$tmp/models/cnn.onnx"
for runtime in onnxruntime libtorch; do
  args=(bench "$tmp/models/cnn.onnx" --device "$address" --warmup "$warmup" --iterations "$iterations" --json)
  [ "$runtime" = libtorch ] && args+=(--runtime libtorch)
  lathe "${args[@]}" >"$tmp/bench-$runtime.json" 2>"$tmp/bench-$runtime.err" \
    || { cat "$tmp/bench-$runtime.err" >&2; fail "the $runtime benchmark failed"; }
  python3 - "$tmp/bench-$runtime.json" <<'EOF'
import json, sys
b = json.load(open(sys.argv[1]))
assert b["status"] == "complete" and b["device"]["arch"] == "aarch64", b["status"]
print(f'{b["runtime"]} ({b.get("ranAs", b["model"])}): p50 {b["p50Ms"]:.1f} ms, p90 {b["p90Ms"]:.1f} ms, '
      f'mean {b["meanMs"]:.1f} ms, load {b["loadMs"]:.0f} ms, {b["samples"]} runs, batch {b["batch"]}, '
      f'{b["threads"]} threads, peak RSS {b["peakRssBytes"] / 2**20:.0f} MiB')
EOF
done
echo "These figures are an aarch64 agent EMULATED by $("$qemu" --version | head -n 1) in user mode on" \
  "${host_cpu:-this CPU} ($(nproc) cores; load average $load_before before the benchmarks," \
  "$(cut -d' ' -f1-3 /proc/loadavg) after): not a board's."
