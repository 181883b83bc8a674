#!/bin/sh
# Builds lathe-et-runner into OUT_DIR (default: ./build) when an ExecuTorch install, CMake and a C++ compiler are
# present; otherwise says in one line what is missing and succeeds, so Lathe builds on any machine. The Maven build
# runs this (engine module); a board owner may too (README.md).
#
# ExecuTorch is found through EXECUTORCH_HOME, else an entry of CMAKE_PREFIX_PATH holding its CMake package, else
# ../shared/executorch beside the repository. Under CI=true, an install that is found must build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
repo=$(cd "$here/../.." && pwd)
package=lib/cmake/ExecuTorch/executorch-config.cmake

home=""
if [ -n "${EXECUTORCH_HOME:-}" ]; then
  home=$EXECUTORCH_HOME
else
  for p in $(printf '%s' "${CMAKE_PREFIX_PATH:-}" | tr ':;' '  '); do
    if [ -f "$p/$package" ]; then home=$p; break; fi
  done
  if [ -z "$home" ] && [ -f "$repo/../shared/executorch/$package" ]; then
    home=$(cd "$repo/../shared/executorch" && pwd)
  fi
fi

skip() {
  if [ "${CI:-}" = "true" ] && [ -n "$home" ]; then
    echo "ExecuTorch runner: cannot build with ExecuTorch at $home: $1 (CI=true requires it)" >&2
    exit 1
  fi
  echo "ExecuTorch runner: skipped, $1 (native/executorch-runner/README.md says how to build it)"
  exit 0
}

if [ -z "$home" ] || [ ! -f "$home/$package" ]; then
  skip "no ExecuTorch install found (set EXECUTORCH_HOME)"
fi
command -v cmake >/dev/null 2>&1 || skip "no cmake on the PATH"
if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
  skip "no C++ compiler on the PATH"
fi

build=$out/cmake
log=$out/build.log
mkdir -p "$out"
# A build tree configured against another install is configured again.
if [ -f "$build/CMakeCache.txt" ] && ! grep -qx "CMAKE_PREFIX_PATH:UNINITIALIZED=$home" "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  generator=""
  if command -v ninja >/dev/null 2>&1; then generator="-G Ninja"; fi
  # shellcheck disable=SC2086
  cmake -S "$here" -B "$build" $generator -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$home" >"$log" 2>&1 \
    || skip "CMake could not configure it (see $log)"
fi
cmake --build "$build" -j2 >>"$log" 2>&1 || { tail -20 "$log" >&2; skip "the compiler failed (see $log)"; }
cp -f "$build/lathe-et-runner" "$out/lathe-et-runner"
echo "ExecuTorch runner: $out/lathe-et-runner ($("$out/lathe-et-runner" --version), from $home)"
