#!/usr/bin/env bash
# Builds Lathe's Linux desktop packages with jpackage: a .deb, and a .rpm where rpmbuild is present.
# Run by `mvn -Pinstaller ... verify` (app/pom.xml) as: jpackage.sh VERSION INPUT_DIR DEST_DIR
# INPUT_DIR holds the app's jar, its libraries and sample-models/; the packages land in DEST_DIR.
# Windows (.msi) and macOS (.dmg) packages take the same options on those systems: see README.md beside this file.
set -euo pipefail
version="${1:?version}"; input="${2:?input folder}"; dest="${3:?destination folder}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${version%%-*}"   # jpackage takes numbers only: 0.1.0-SNAPSHOT is packaged as 0.1.0

if ! command -v jpackage >/dev/null 2>&1; then
  echo "installer: jpackage not found; it comes with a full JDK 17 or newer (Debian: apt-get install openjdk-17-jdk)" >&2
  exit 2
fi

common=(
  --dest "$dest" --input "$input"
  --main-jar "lathe-app-$1.jar" --main-class dev.lathe.app.Main
  --name Lathe --app-version "$version" --vendor "The Lathe authors"
  --description "Make machine-learning models lean enough for the edge, measured on your own boards"
  --icon "$here/lathe.png" --resource-dir "$here/resources"
  --file-associations "$here/onnx.properties"
  --file-associations "$here/pt.properties"
  --file-associations "$here/pte.properties"
  --java-options "-Dai.djl.offline=true"
  --java-options "-Dlathe.samples=\$APPDIR/sample-models"
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2"
)
linux=(
  --linux-package-name lathe --linux-shortcut --linux-menu-group "Development;Science;"
  --linux-app-category devel
)

# The jars are compressed already: dpkg's default xz takes minutes over them and saves a few per cent.
export DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=6
mkdir -p "$dest"
jpackage --type deb "${common[@]}" "${linux[@]}" --linux-package-deps "libgtk-3-0, libxtst6, libgl1"
if command -v rpmbuild >/dev/null 2>&1; then
  jpackage --type rpm "${common[@]}" "${linux[@]}" --linux-package-deps "gtk3, libXtst, mesa-libGL"
else
  echo "installer: no .rpm (rpmbuild not found; Debian: apt-get install rpm)"
fi
ls -l "$dest"
