#!/usr/bin/env bash
# Proves an aarch64 agent package on an x86-64 Linux computer under QEMU user-mode emulation, with Debian's arm64
# Java (a sysroot made from five .deb files, this computer's own Java and dpkg architectures untouched):
#
#   - by default the tarball, native/agent/target/lathe-agent-<version>-linux-aarch64.tar.gz, unpacked and started
#     as its README says (JAVA_HOME, --data-dir);
#   - with --deb the Debian package, native/agent/target/deb/lathe-agent_<version>_arm64.deb: its control fields and
#     file list are checked, it is unpacked with `dpkg -x` into the sysroot (never installed here: no dpkg -i, no
#     systemd, no lathe-agent user), its systemd unit is checked, and the agent is started from the sysroot's
#     /opt/lathe-agent with the unit's own ExecStart, working folder and a systemd-like clean environment, as the
#     current user, with the data folder in the temporary folder instead of /var/lib/lathe-agent, bound to loopback
#     on a free port instead of the unit's 0.0.0.0:7443.
#
# Then, either way, it pairs the agent from the workbench's command line, checks that it reports arch aarch64, and
# benchmarks the sample CNN with ONNX Runtime and, exported to TorchScript, with libtorch, both offline from the
# package's lib/. The figures are an emulated aarch64's, not a board's.
#
#   installers/agent/arm64-emulated.sh [--deb] [--iterations N] [--warmup N] [--keep]
#
# Build first (on x86-64): mvn -B -ntp package -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am
# (for --deb: mvn -B -ntp -Pinstaller verify -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am).
# Needs qemu-aarch64 (package qemu-user, installed when missing if run as root), apt-get and dpkg (Debian/Ubuntu:
# the arm64 packages come from this computer's apt sources, read into a private apt state), python3, and the network
# for those packages. Everything it makes is under one temporary folder, removed on exit unless --keep.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
iterations=50
warmup=5
keep=0
package=tarball
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) package=deb; shift ;;
    --iterations) iterations="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--deb] [--iterations N] [--warmup N] [--keep]" >&2; exit 2 ;;
  esac
done
script_started=$(date +%s)

say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { echo "arm64-emulated: $*" >&2; exit 1; }

if [ "$package" = deb ]; then
  mapfile -t debs < <(ls native/agent/target/deb/lathe-agent_*_arm64.deb 2>/dev/null || true)
  [ "${#debs[@]}" = 1 ] || fail "expected one native/agent/target/deb/lathe-agent_*_arm64.deb, found ${#debs[@]}:" \
    "build it with mvn -B -ntp -Pinstaller verify -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am"
  artifact="${debs[0]}"
  command -v dpkg-deb >/dev/null || fail "needs dpkg-deb to read and unpack the package (apt-get install dpkg)"
else
  artifact="$(ls native/agent/target/lathe-agent-*-linux-aarch64.tar.gz 2>/dev/null | head -n 1 || true)"
  [ -n "$artifact" ] || fail "no native/agent/target/lathe-agent-*-linux-aarch64.tar.gz: build it first with" \
    "mvn -B -ntp package -DskipTests -Dlathe.fuzz.skip=true -pl app,native/agent -am"
fi
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
sysroot="$tmp/sysroot"
java_home="$sysroot/usr/lib/jvm/java-17-openjdk-arm64"
# The Java package the sysroot holds: the .deb must depend on it (its first alternative).
java_package=openjdk-17-jre-headless
# What the agent's JVM gets in either case: the unit's suggested heap for small boards, and temporary files in the
# temporary folder (the unit's PrivateTmp=yes).
agent_java_opts="-Xmx1g -Djava.io.tmpdir=$tmp/java-tmp"

# 1. An arm64 sysroot: Java 17 and the C/C++ runtime it and the natives need, from Debian's arm64 packages. A private
#    apt state (lists, cache) reads the arm64 indexes without adding arm64 to this computer's dpkg architectures.
make_sysroot() {
  say "downloading Debian's arm64 Java into a sysroot"
  mkdir -p "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial" "$tmp/debs" "$sysroot"
  local apt_opts=(-o "Dir::State::Lists=$tmp/apt/lists" -o "Dir::Cache=$tmp/apt/cache" -o "Dir::State::status=/dev/null"
                  -o "APT::Architecture=arm64" -o "APT::Architectures::=arm64" -o "APT::Sandbox::User=root" -qq)
  apt-get "${apt_opts[@]}" update >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get update failed"; }
  (cd "$tmp/debs" && apt-get "${apt_opts[@]}" download "$java_package:arm64" libc6:arm64 zlib1g:arm64 \
    libstdc++6:arm64 libgcc-s1:arm64 >>"$tmp/apt.log" 2>&1) || { cat "$tmp/apt.log" >&2; fail "apt-get download failed"; }
  local deb
  for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$sysroot"; done
  [ -x "$java_home/bin/java" ] || fail "$java_package:arm64 has no $java_home/bin/java"

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
}

# 2a. The tarball, unpacked as its README says and started with JAVA_HOME on a loopback port.
start_tarball() {
  mkdir -p "$tmp/agent" "$tmp/data"
  tar -xzf "$artifact" -C "$tmp/agent" --strip-components=1
  say "starting $(basename "$artifact") emulated"
  JAVA_HOME="$java_home" LATHE_AGENT_JAVA_OPTS="$agent_java_opts" "$tmp/agent/bin/lathe-agent" --port 0 \
    --data-dir "$tmp/data" >"$tmp/agent.out" 2>"$tmp/agent.err" &
  agent_pid=$!
}

# 2b. The .deb: what its control file declares, and that it installs nothing but the agent's folder and unit.
check_deb() {
  say "checking $(basename "$artifact")"
  local fields
  fields="$(dpkg-deb -f "$artifact" Package Architecture Depends)"
  echo "$fields" | sed 's/^/  control: /'
  grep -qx 'Package: lathe-agent' <<<"$fields" || fail "the package is not named lathe-agent"
  grep -qx 'Architecture: arm64' <<<"$fields" || fail "the package is not for arm64"
  local depends first_java
  depends="$(echo "$fields" | sed -n 's/^Depends: //p')"
  first_java="$(echo "$depends" | cut -d, -f1 | cut -d'|' -f1 | sed 's/ *(.*//; s/ //g')"
  [ "$first_java" = "$java_package" ] || fail "it depends first on '$first_java', not on $java_package," \
    "which apt would install and this check runs it with"
  tr ',' '\n' <<<"$depends" | sed 's/ *(.*//; s/ //g' | grep -x adduser >/dev/null \
    || fail "it does not depend on adduser, which its postinst runs"

  # Everything it installs is the agent's folder or its unit: nothing else on the board is touched.
  local listing stray
  listing="$(dpkg-deb -c "$artifact")"
  stray="$(awk '{print $6}' <<<"$listing" | grep -v -E \
    '^\./$|^\./opt/$|^\./opt/lathe-agent/|^\./lib/$|^\./lib/systemd/$|^\./lib/systemd/system/$|^\./lib/systemd/system/lathe-agent\.service$' \
    || true)"
  [ -z "$stray" ] || fail "it installs files outside /opt/lathe-agent and its unit: $stray"
}

# 2c. Unpacked into the sysroot (only its files: no maintainer scripts run) and checked as dpkg lays it out on a board.
unpack_deb() {
  dpkg -x "$artifact" "$sysroot"
  local opt="$sysroot/opt/lathe-agent" unit="$sysroot/lib/systemd/system/lathe-agent.service"
  [ -x "$opt/bin/lathe-agent" ] || fail "no executable /opt/lathe-agent/bin/lathe-agent"
  [ -f "$unit" ] || fail "no /lib/systemd/system/lathe-agent.service"
  cmp -s "$unit" "$opt/lathe-agent.service" || fail "/lib/systemd/system/lathe-agent.service differs from" \
    "/opt/lathe-agent/lathe-agent.service"
  local jars libtorch
  jars="$(ls "$opt/lib")"
  libtorch="$(grep '^pytorch-native-cpu-' <<<"$jars" || true)"
  grep -qx 'pytorch-native-cpu-.*-linux-aarch64\.jar' <<<"$libtorch" \
    || fail "/opt/lathe-agent/lib holds libtorch '$libtorch', not one linux-aarch64 jar"
  grep -q '^onnxruntime-.*\.jar$' <<<"$jars" || fail "/opt/lathe-agent/lib holds no ONNX Runtime jar"
  grep -qx 'User=lathe-agent' "$unit" || fail "the unit does not run as the lathe-agent user"
  say "unpacked into the sysroot: /opt/lathe-agent ($(du -sh "$opt" | cut -f1)), $libtorch," \
    "/lib/systemd/system/lathe-agent.service"
}

# The unit's [Service] setting KEY, exactly once.
unit_setting() {
  local values
  values="$(sed -n "s/^$1=//p" "$sysroot/lib/systemd/system/lathe-agent.service")"
  local count
  count="$(grep -c . <<<"$values" || true)"
  [ "$count" = 1 ] || fail "the unit sets $1= $count times, not once"
  echo "$values"
}

# 2d. The agent started as the unit starts it: its ExecStart (the program under the sysroot's /opt), working folder,
#     umask and a clean environment as systemd gives a service (its PATH; HOME the user's home, which postinst makes
#     the data folder; no JAVA_HOME, so the launcher finds `java` on the PATH as on a board), with three values
#     changed: the data folder (and so the working folder and HOME) is in the temporary folder, not
#     /var/lib/lathe-agent; it listens on loopback rather than 0.0.0.0; and on a free port, as 7443 may be taken here.
start_from_unit() {
  local exec_start state_dir work_dir file_mask
  exec_start="$(unit_setting ExecStart)"
  state_dir="/var/lib/$(unit_setting StateDirectory)"
  work_dir="$(unit_setting WorkingDirectory)"
  [ "$work_dir" = "$state_dir" ] || fail "the unit works in $work_dir, not its data folder $state_dir"
  # systemd's default umask unless the unit sets one (it does: 0077, so the agent's files are its user's alone).
  file_mask="$(sed -n 's/^UMask=//p' "$sysroot/lib/systemd/system/lathe-agent.service" | tail -n 1)"
  file_mask="${file_mask:-0022}"
  case "$exec_start" in *[\"\'\$\\%]*) fail "the unit's ExecStart quotes or expands ($exec_start): read it by hand" ;; esac
  local words args=() i
  read -r -a words <<<"$exec_start"
  [ "${words[0]}" = /opt/lathe-agent/bin/lathe-agent ] || fail "the unit runs ${words[0]}, not /opt/lathe-agent/bin/lathe-agent"
  args=("$sysroot${words[0]}")
  for ((i = 1; i < ${#words[@]}; i++)); do
    case "${words[i]}" in
      --data-dir) [ "${words[i + 1]}" = "$state_dir" ] || fail "the unit's --data-dir ${words[i + 1]} is not its" \
                    "StateDirectory $state_dir"
                  args+=(--data-dir "$tmp/data"); i=$((i + 1)) ;;
      --bind) args+=(--bind 127.0.0.1); i=$((i + 1)) ;;
      --port) args+=(--port 0); i=$((i + 1)) ;;
      *) args+=("${words[i]}") ;;
    esac
  done
  # StateDirectoryMode=0700, and `java` on the PATH as update-alternatives puts it in /usr/bin on a board.
  install -d -m 0700 "$tmp/data"
  mkdir -p "$tmp/path"
  ln -s "$java_home/bin/java" "$tmp/path/java"
  say "the unit's ExecStart: $exec_start (in $work_dir, umask $file_mask)"
  say "run as $(id -un) in $tmp/data: ${args[*]}"
  (cd "$tmp/data" && umask "$file_mask" && exec env -i \
    PATH="$tmp/path:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME="$tmp/data" USER="$(id -un)" \
    LOGNAME="$(id -un)" LANG=C.UTF-8 LATHE_AGENT_JAVA_OPTS="$agent_java_opts" "${args[@]}") \
    >"$tmp/agent.out" 2>"$tmp/agent.err" &
  agent_pid=$!
}

# 3. Its pairing token and port, once it listens.
await_token() {
  local started=$1 _
  for _ in $(seq 1 600); do
    grep -q '^listening on' "$tmp/agent.out" 2>/dev/null && break
    kill -0 "$agent_pid" 2>/dev/null || { cat "$tmp/agent.out" "$tmp/agent.err" >&2; fail "the emulated agent exited"; }
    sleep 0.5
  done
  grep -q '^listening on' "$tmp/agent.out" || fail "the emulated agent printed no listening line in 5 minutes"
  token="$(sed -n 's/^pairing token: \([^ ]*\).*/\1/p' "$tmp/agent.out")"
  port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$tmp/agent.out")"
  [ -n "$token" ] && [ -n "$port" ] || { cat "$tmp/agent.out" >&2; fail "no token or port in the agent's output"; }
  address="127.0.0.1:$port"
  say "agent printed its token after $(( $(date +%s) - started )) s; listening on $address"
}

# The workbench's command line, on this computer's own Java, with a store of its own.
lathe() {
  LATHE_HOME="$tmp/lathe-home" XDG_DATA_HOME="$tmp/xdg" java -Dai.djl.offline=true -Djava.io.tmpdir="$tmp/java-tmp" \
    -Dlathe.samples="$repo/sample-models" -cp "$repo/$app_jar:$repo/app/target/lib/*" dev.lathe.app.Main "$@"
}

# 4. Paired over loopback; the device it reports is an aarch64 one with both runtimes.
pair_and_check_device() {
  # An emulated JVM answers its first calls slowly (TLS, classes loading, the JIT warming up), more so on a busy
  # computer: pairing (15 s deadline) and asking whether it is online (30 s) are tried again a few times.
  local attempt
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
}

# 5. The sample CNN in ONNX Runtime, then exported to TorchScript and run by libtorch, both on the emulated agent.
bench_cnn() {
  local runtime args
  cp "$repo/sample-models/fashion-mnist/cnn.onnx" "$tmp/models/cnn.onnx"
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
}

host_cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || true)"
mkdir -p "$tmp/lathe-home" "$tmp/xdg" "$tmp/models" "$tmp/java-tmp"
if [ "$package" = deb ]; then check_deb; fi
make_sysroot
if [ "$package" = deb ]; then
  unpack_deb
  agent_started=$(date +%s)
  start_from_unit
else
  agent_started=$(date +%s)
  start_tarball
fi
await_token "$agent_started"
pair_and_check_device
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_cnn
echo "These figures are an aarch64 agent from $(basename "$artifact") EMULATED by $("$qemu" --version | head -n 1)" \
  "in user mode on ${host_cpu:-this CPU} ($(nproc) cores; load average $load_before before the benchmarks," \
  "$(cut -d' ' -f1-3 /proc/loadavg) after): not a board's. The whole check took $(( $(date +%s) - script_started )) s."
