#!/usr/bin/env bash
# Installs the real editors that the end-to-end tests drive, using only the npm registry and Debian packages,
# because CI and most development machines here cannot download VS Code or Electron.
#
#   test/e2e/install-editors.sh            install what is missing (safe to run again: it only checks then)
#   test/e2e/install-editors.sh --force    reinstall code-server into the cache even if it looks complete
#
# What it installs:
#   - Debian packages: chromium (the browser that shows code-server), neovim (a second LSP client),
#     ripgrep (code-server's search needs rg and its own postinstall would download it from GitHub),
#     libkrb5-dev (headers for code-server's kerberos native module), and a C++ toolchain for node-gyp.
#   - code-server 4.100.3 into test/e2e/.cache/code-server/ (gitignored). 4.100.3 is pinned because it is the
#     last release that runs on Node 20; later releases need Node 22 or newer.
#
# code-server's own postinstall refuses to run as root and downloads ripgrep, so the packages are installed
# with --ignore-scripts and the postinstall's work is done here by hand. A marker file written after a
# successful smoke test tells later runs that the cache is complete; without it the cache is rebuilt from
# scratch, so an interrupted install never leaves a half-working editor behind.
set -euo pipefail

readonly code_server_version=4.100.3
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly script_dir
readonly cache_dir=${KUBE_HINDSIGHT_CODE_SERVER_DIR:-$script_dir/.cache/code-server}
readonly code_server_bin=$cache_dir/node_modules/.bin/code-server
readonly vscode_dir=$cache_dir/node_modules/code-server/lib/vscode
readonly install_log=$cache_dir/install.log
# The marker records the Node ABI as well as the version, because the native modules only load in the
# Node major they were compiled against: a Node upgrade must trigger a rebuild.
readonly expected_marker="code-server $code_server_version node-abi $(node -p 'process.versions.modules')"
readonly marker_file=$cache_dir/.installed
# These are compiled from source because --ignore-scripts skipped their builds and no prebuilt binaries
# can be downloaded here.
readonly native_modules=(kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid)

force=false
for argument in "$@"; do
  case $argument in
    --force) force=true ;;
    *)
      echo "usage: $0 [--force]" >&2
      exit 2
      ;;
  esac
done

# code-server 4.100.3 declares engines.node 20 and its native modules are built for the running Node, so a
# different major would produce an install that fails later in a confusing way.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major != 20 ]]; then
  echo "[install-editors] code-server $code_server_version needs Node 20, but this is Node $node_major" >&2
  exit 1
fi

started_at_ms=$(date +%s%3N)
step_started_at_ms=$started_at_ms

log() { echo "[install-editors] $*"; }

# Formats the milliseconds elapsed since $1 as seconds with three decimals.
seconds_since() {
  local elapsed_ms=$(($(date +%s%3N) - $1))
  printf '%d.%03d s' $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
}

# Prints how long the step that just finished took, so that slow steps show up in CI logs.
finish_step() {
  log "$1 ($(seconds_since "$step_started_at_ms"))"
  step_started_at_ms=$(date +%s%3N)
}

# npm and node-gyp are noisy, so their output goes to a log file; when a step fails, the end of that log is
# printed so that the failure is visible without digging for the file.
on_error() {
  local exit_code=$?
  echo "[install-editors] FAILED (exit $exit_code) at line $1: $2" >&2
  if [[ -f $install_log ]]; then
    echo "[install-editors] last lines of $install_log:" >&2
    tail -n 40 "$install_log" >&2
  fi
  exit "$exit_code"
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

# ---------------------------------------------------------------------------------------------------------
# 1. Debian packages, installed only when missing so that a warm run never touches apt.
# ---------------------------------------------------------------------------------------------------------
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing_packages=()
for package in chromium neovim ripgrep libkrb5-dev; do
  is_installed "$package" || missing_packages+=("$package")
done
# node-gyp needs a C++ compiler, make and Python; any working toolchain will do, so only the commands are
# checked, not particular packages.
command -v g++ >/dev/null && command -v make >/dev/null || missing_packages+=(build-essential)
command -v python3 >/dev/null || missing_packages+=(python3)

if ((${#missing_packages[@]} > 0)); then
  log "installing Debian packages: ${missing_packages[*]}"
  apt_prefix=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || {
      echo "[install-editors] need root (or sudo) to install: ${missing_packages[*]}" >&2
      exit 1
    }
    apt_prefix=(sudo)
  fi
  "${apt_prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_prefix[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing_packages[@]}" >/dev/null
  finish_step "Debian packages installed"
else
  finish_step "Debian packages already present"
fi

# ---------------------------------------------------------------------------------------------------------
# 2. code-server into the cache, unless the cache already holds a complete install for this Node.
# ---------------------------------------------------------------------------------------------------------
if [[ $force == false && -x $code_server_bin && -f $marker_file && "$(cat "$marker_file")" == "$expected_marker" ]]; then
  finish_step "code-server $code_server_version already installed in $cache_dir"
  log "done in $(seconds_since "$started_at_ms")"
  exit 0
fi

log "installing code-server $code_server_version into $cache_dir (takes about a minute and a half)"
rm -rf "$cache_dir"
mkdir -p "$cache_dir"
: >"$install_log"

# node-gyp compiles against the headers of the Node that runs the tests. Debian and NodeSource put them
# under /usr/include/node; nvm-style installs put them next to the binary. Pointing node-gyp at them avoids
# its attempt to download headers, which fails offline.
node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
if [[ ! -f $node_prefix/include/node/node_api.h ]]; then
  echo "[install-editors] no Node headers in $node_prefix/include/node; native modules cannot be built" >&2
  exit 1
fi
npm_cli=$(readlink -f "$(command -v npm)")
node_gyp=$(dirname "$npm_cli")/../node_modules/node-gyp/bin/node-gyp.js
[[ -f $node_gyp ]] || {
  echo "[install-editors] node-gyp not found next to npm at $node_gyp" >&2
  exit 1
}
export npm_config_nodedir=$node_prefix
# Nothing here may try to fetch a browser or a prebuilt binary from the internet.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_build_from_source=true
npm_quiet=(--no-audit --no-fund --loglevel=error)

echo '{ "private": true }' >"$cache_dir/package.json"
(cd "$cache_dir" && npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$code_server_version") \
  >>"$install_log" 2>&1
finish_step "code-server package downloaded"

# argon2 hashes passwords; code-server loads it even with --auth none. With build_from_source set, its
# node-pre-gyp install script compiles it instead of trying GitHub.
(cd "$cache_dir" && npm rebuild "${npm_quiet[@]}" argon2) >>"$install_log" 2>&1
finish_step "argon2 built"

(cd "$vscode_dir" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts) >>"$install_log" 2>&1
finish_step "VS Code server dependencies downloaded"

for module in "${native_modules[@]}"; do
  (cd "$vscode_dir/node_modules/$module" && node "$node_gyp" rebuild --jobs=max --nodedir="$node_prefix") \
    >>"$install_log" 2>&1
done
finish_step "native modules built: ${native_modules[*]}"

# The remaining steps are what code-server's postinstall would have done: ripgrep from Debian instead of
# GitHub, the node_modules.asar alias that the VS Code loader expects, and the platform-specific helper
# scripts under their generic names.
mkdir -p "$vscode_dir/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$vscode_dir/node_modules.asar"
ln -sf code-linux.sh "$vscode_dir/bin/remote-cli/code-server"
ln -sf browser-linux.sh "$vscode_dir/bin/helpers/browser.sh"
(cd "$vscode_dir/extensions" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts) >>"$install_log" 2>&1
finish_step "built-in extensions' dependencies downloaded"

# Smoke test before writing the marker: every native module must load in this Node, and the binary must
# report the pinned version. A cache that fails here is not marked, so the next run starts over.
for module in "${native_modules[@]}"; do
  (cd "$vscode_dir" && node -e 'require(process.argv[1])' "./node_modules/$module") >>"$install_log" 2>&1
done
(cd "$cache_dir" && node -e 'require(process.argv[1])' ./node_modules/argon2) >>"$install_log" 2>&1
# code-server writes a default config file (with a generated password) on first start unless one exists; a
# config in the cache keeps it out of the developer's ~/.config.
echo 'auth: none' >"$cache_dir/config.yaml"
reported_version=$(CODE_SERVER_CONFIG=$cache_dir/config.yaml "$code_server_bin" --version 2>>"$install_log" |
  grep -E "^$code_server_version " || true)
if [[ -z $reported_version ]]; then
  echo "[install-editors] code-server --version does not report $code_server_version" >&2
  exit 1
fi
echo "$expected_marker" >"$marker_file"
finish_step "smoke test passed: $reported_version"
log "code-server ready: $code_server_bin"
log "done in $(seconds_since "$started_at_ms")"
