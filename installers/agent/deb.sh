#!/usr/bin/env bash
# Builds the agent's Debian package from its tarball: deb.sh TARBALL ARCH DEST_DIR
# ARCH is Debian's name (amd64, arm64). The package installs the tarball's folder as /opt/lathe-agent, the systemd
# unit as lathe-agent.service, and makes the lathe-agent system user and /var/lib/lathe-agent (deb/postinst).
set -euo pipefail
tarball="${1:?agent tarball}"; arch="${2:?Debian architecture}"; dest="${3:?destination folder}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "agent .deb: skipped (dpkg-deb not found; Debian: apt-get install dpkg)"
  exit 0
fi

name="$(basename "$tarball")"
version="${name#lathe-agent-}"; version="${version%%-linux*}"
version="${version/-SNAPSHOT/~snapshot}"   # Debian orders 0.1.0~snapshot before 0.1.0
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/opt" "$root/lib/systemd/system" "$root/DEBIAN"
tar -xzf "$tarball" -C "$root/opt"
mv "$root/opt"/lathe-agent-* "$root/opt/lathe-agent"
install -m 0644 "$root/opt/lathe-agent/lathe-agent.service" "$root/lib/systemd/system/lathe-agent.service"
install -m 0755 "$here/deb/postinst" "$here/deb/prerm" "$here/deb/postrm" "$root/DEBIAN/"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/deb/control" > "$root/DEBIAN/control"

mkdir -p "$dest"
out="$dest/lathe-agent_${version}_${arch}.deb"
# The jars are compressed already: gzip, not dpkg's default xz, which takes minutes over them for a few per cent.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$out" >/dev/null
echo "agent .deb: $out ($(du -h "$out" | cut -f1))"
