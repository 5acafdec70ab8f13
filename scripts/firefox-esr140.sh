#!/usr/bin/env bash
# Fetches Firefox ESR 140 from Debian's archive and unpacks it into
# test/browser/.firefox-esr140/, so the browser tests can drive the older ESR
# beside the installed one (apt installs only one firefox-esr at a time).
# Running it again does nothing once a 140 build is there.
#
# Prints the path of the firefox-esr binary on success.
set -euo pipefail
cd "$(dirname "$0")/.."

dest="test/browser/.firefox-esr140"
binary="$dest/usr/lib/firefox-esr/firefox-esr"

if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi

# The newest 140 build the configured archives offer (bookworm ships it).
pick_version() {
  apt-cache madison firefox-esr 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2)} $2 ~ /^140\./ {print $2; exit}'
}

version="$(pick_version)"
if [ -z "$version" ] && [ "$(id -u)" = 0 ]; then
  apt-get update >/dev/null
  version="$(pick_version)"
fi
if [ -z "$version" ]; then
  echo "no firefox-esr 140 package in the apt archives (apt-cache madison firefox-esr)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -q "firefox-esr=$version" >&2)
dpkg-deb -x "$work"/firefox-esr_*.deb "$work/root"

# Unpacked beside the destination and renamed, so an interrupted run never
# leaves a half-written browser that the check above would accept.
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.partial"
mv "$work/root" "$dest.partial"
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "$binary"
