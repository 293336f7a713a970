#!/bin/sh
# Installs code-server (the real VS Code server + web workbench) from the npm registry into a folder of its own
# (default .vscode-test/cs, git-ignored). It is 300 MB and needs install-time tricks, so it is deliberately NOT a
# devDependency of the extension (it would bloat the lockfile and could leak into the .vsix).
# usage: sh scripts/install-code-server.sh [dest-dir]     env: CODE_SERVER_VERSION (default 4.100.3 = VS Code 1.100.3, Node 20)
# Needs once (Debian): apt-get install -y build-essential pkg-config python3 libkrb5-dev ripgrep
set -eu
VERSION=${CODE_SERVER_VERSION:-4.100.3}
DEST_ARG=${1:-.vscode-test/cs}

missing=""
command -v rg >/dev/null 2>&1 || missing="$missing ripgrep"
[ -f /usr/include/gssapi/gssapi.h ] || missing="$missing libkrb5-dev"
command -v make >/dev/null 2>&1 || missing="$missing build-essential"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
if [ -n "$missing" ]; then
  echo "install-code-server: missing Debian packages:$missing" >&2
  echo "  run: apt-get update && apt-get install -y$missing" >&2
  exit 2
fi

DEST=$(mkdir -p "$DEST_ARG" && cd "$DEST_ARG" && pwd)
cd "$DEST"
# A half-finished earlier install leaves node_modules without a working binary: start clean.
rm -rf node_modules package-lock.json
echo '{"name":"code-server-install","private":true}' > package.json
# node-pty's install runs `npx node-gyp`; an npmrc with yes=false would make npx give up.
export npm_config_yes=true

# 1. Fetch the package without running its postinstall yet.
npm install --ignore-scripts --no-audit --no-fund "code-server@$VERSION"

# 2. VS Code <= 1.10x depends on @vscode/ripgrep, whose postinstall downloads rg from GitHub (no network here).
#    It first looks in $TMPDIR/vscode-ripgrep-cache-<version>/, so put Debian's rg there.
RG_VER=$(node -e 'const p=require("./node_modules/code-server/lib/vscode/npm-shrinkwrap.json").packages["node_modules/@vscode/ripgrep"];console.log(p?p.version:"")')
if [ -n "$RG_VER" ]; then
  T=$(mktemp -d)
  (cd "$T" && npm pack --silent "@vscode/ripgrep@$RG_VER" >/dev/null && tar xzf ./*.tgz)
  TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$T/package/lib/postinstall.js")
  CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_VER"
  mkdir -p "$CACHE" "$T/rg" && cp "$(command -v rg)" "$T/rg/rg"
  tar czf "$CACHE/ripgrep-$TAG-x86_64-unknown-linux-musl.tar.gz" -C "$T/rg" rg
  rm -rf "$T"
fi

# 3. Run every package's install scripts (code-server's postinstall installs lib/vscode's native modules; argon2
#    needs its binding too). As root, code-server's postinstall insists on --unsafe-perm.
npm rebuild --unsafe-perm
"$DEST/node_modules/.bin/code-server" --config /dev/null --version
