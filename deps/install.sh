#!/bin/sh
# Installs the Debian packages in deps/debian.txt that are not installed yet. Prints nothing
# when everything is there. Uses sudo when not root.
set -eu
here=$(dirname "$0")
missing=""
for p in $(grep -v '^[[:space:]]*#' "$here/debian.txt" | tr -s ' \t' '\n\n'); do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
