#!/usr/bin/env bash
# ensure-tools.sh CMD[:DEBPKG] ...
# Makes sure each command is on PATH. Missing ones are installed with apt-get when running as root;
# otherwise the script stops and prints the exact command to run. Exit 0 only if all are present.
set -euo pipefail
missing_pkgs=()
missing_cmds=()
for spec in "$@"; do
  cmd=${spec%%:*}
  pkg=${spec#*:}
  [ "$pkg" = "$spec" ] && pkg=$cmd
  command -v "$cmd" >/dev/null 2>&1 || { missing_cmds+=("$cmd"); missing_pkgs+=("$pkg"); }
done
[ ${#missing_pkgs[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: installing ${missing_pkgs[*]} (missing: ${missing_cmds[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}"
  exit 0
fi
echo "ensure-tools: missing ${missing_cmds[*]}; install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing_pkgs[*]}" >&2
exit 1
