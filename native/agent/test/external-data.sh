#!/usr/bin/env bash
# Reproduces issue 12, part 2: ONNX models whose external data names a file outside the model's folder.
#
#   native/agent/test/external-data.sh [WORK_DIR]
#
# Writes the sample CNN with its largest weight moved out of the .onnx file (ExternalDataModels, engine tests), once
# per case, beside a file secret.bin outside every model's folder that holds exactly that weight's bytes, so a
# runtime that follows the model would evaluate at full accuracy and only confinement can stop it:
#   absolute/  location: the absolute path of secret.bin      dotdot/  location: ../secret.bin
#   symlink/   w.bin, a symbolic link to secret.bin           fifo/    w.bin, a named pipe
#   devzero/   location: /dev/zero                            marker/  ONNX Runtime's in-memory marker, offset 0
#   beside/    w.bin, the real bytes beside the model: the one case that must work
# Then, for each, with this checkout's command line in a data folder of its own (LATHE_HOME): `lathe inspect`,
# `lathe eval` on 500 test images (runs on this computer's runner, a child agent, so the model and its data are
# uploaded to it), and `lathe bench --device` on an agent started from this checkout on loopback (a board). It
# prints each command's exit code and its last line. Before the fix, absolute/ and dotdot/ evaluated at 93 % from
# secret.bin, marker/ crashed the runner (SIGSEGV: ONNX Runtime read address 0), devzero/ and fifo/ failed inside
# ONNX Runtime, and beside/ failed on the runner, which was sent the .onnx without its data. Now every case but
# beside/ is refused before ONNX Runtime sees it, saying which tensor points where; beside/ runs everywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="${1:-$(mktemp -d /tmp/lathe-external-data.XXXXXX)}"
mkdir -p "$work"
agent_pid=""
cleanup() { [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true; }
trap cleanup EXIT

echo "external-data: building the models (engine test classes)..." >&2
(cd "$root" && mvn -q -B -ntp -o -pl engine -am test-compile >&2 \
  && mvn -q -B -ntp -o -pl engine dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
       -Dmdep.includeScope=test >&2)
java -Dai.djl.offline=true -cp "$root/engine/target/test-classes:$root/engine/target/classes:$(cat "$work/classpath.txt")" \
  dev.lathe.engine.model.onnx.ExternalDataModels "$work/models"

export LATHE_HOME="$work/lathe-home"
lathe() { "$root/lathe" "$@"; }
images="$root/sample-models/fashion-mnist/t10k-images-idx3-ubyte.gz"

"$root/native/agent/lathe-agent" --port 0 --no-announce --data-dir "$work/agent" > "$work/agent.out" 2>&1 &
agent_pid=$!
for _ in $(seq 1 120); do grep -q '^listening on' "$work/agent.out" 2>/dev/null && break; sleep 0.5; done
token="$(sed -n 's/^pairing token: \([^ ]*\).*/\1/p' "$work/agent.out")"
port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/agent.out")"
lathe pair "127.0.0.1:$port" --token "$token" > /dev/null

# run WHAT PATTERN COMMAND...: the command's exit code, and its first line matching PATTERN, else its last line.
run() {
  local what="$1" pattern="$2"; shift 2
  local out code=0 line
  out="$("$@" 2>&1)" || code=$?
  line="$(printf '%s\n' "$out" | grep -m 1 -E "$pattern" || printf '%s\n' "$out" | grep -v '^\s*$' | tail -n 1)"
  printf '  %-7s exit %s  %s\n' "$what" "$code" "$(printf '%s' "$line" | sed 's/^ *//' | cut -c1-220)"
}
for case in absolute dotdot symlink fifo devzero marker beside; do
  model="$work/models/$case/cnn.onnx"
  echo "$case/"
  run inspect '^ *parameters' lathe inspect "$model"
  run eval '^ *top-1' timeout 300 "$root/lathe" eval "$model" --data "$images" --limit 500
  run bench '^ *p50' timeout 300 "$root/lathe" bench "$model" --device "127.0.0.1:$port" --warmup 5 --iterations 50
done
echo "files kept in $work" >&2
