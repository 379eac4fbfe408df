#!/usr/bin/env bash
# The GitHub Action's one step (action.yml at the repository's root): gets
# the snapshot tool of the release MC_VERSION for this runner, checks it
# against the checksum pinned beside this script (action/SHA256SUMS, in the
# action's own repository), and runs `matrix-channels snapshot`.
#
# Everything comes in through the environment, never through the script's
# text (action.yml maps its inputs to these variables, so no input can
# inject shell code):
#
#   MC_SPACE        the space's alias, e.g. '#de-rse.org:matrix.org' (required)
#   MC_OUT          the snapshot file (default _data/matrix_channels.json)
#   MC_AVATARS      the avatars' folder; empty for the tool's default,
#                   `false` for no avatars
#   MC_MAX_DEPTH    levels of sub-spaces (empty: the tool's default, 1)
#   MC_HOMESERVER   the bot's homeserver, e.g. https://matrix-client.matrix.org
#   MC_VERSION      the release to use, e.g. 0.1.0 (required)
#   MC_REPOSITORY   where the releases are, owner/name (default de-rse/matrix-channels)
#   MATRIX_ACCESS_TOKEN   the bot's token: handed to the tool in its
#                   environment only; no other command this script runs
#                   (curl) sees it, and it is never printed
#   MATRIX_CHANNELS_RELEASE_DIR   a local folder holding the release's
#                   files, used instead of downloading them (tests)
#
# The binary is `matrix-channels-<version>-<target triple>` (`.exe` on
# Windows) among the release's assets. Its SHA-256 must be the one
# action/SHA256SUMS pins: that file is committed to the action's repository
# when a release is made, so the sum does not travel with the binary (the
# release's own SHA256SUMS would: whoever can replace one can replace the
# other). A binary whose sum differs, or that the pins do not list, is
# refused (exit 1) and nothing is run; so is a runner with no release
# binary. Nothing is ever built from a tag instead: a tag can be moved.
#
# Exit status: the tool's (0 written, 1 failed, 2 usage); 1 when the binary
# is refused or cannot be had; 2 for a missing or malformed input.
set -euo pipefail

# The token stays in this shell, out of the environment of everything but
# the tool itself.
token=${MATRIX_ACCESS_TOKEN-}
token_set=${MATRIX_ACCESS_TOKEN+set}
unset MATRIX_ACCESS_TOKEN

# One line per message: an input with a line break must not start a line
# of its own in the log, where GitHub would read it as a workflow command.
oneline() {
  local text=$*
  text=${text//$'\r'/ }
  printf '%s' "${text//$'\n'/ }"
}
say() { printf 'matrix-channels action: %s\n' "$(oneline "$@")"; }
fail() {
  local status=$1 message
  shift
  message=$(oneline "$@")
  printf 'matrix-channels action: error: %s\n' "$message" >&2
  # The line GitHub shows in the run's summary, too ('%' escaped as it wants).
  if [ -n "${GITHUB_ACTIONS:-}" ]; then
    message=${message//%/%25}
    printf '::error title=matrix-channels::%s\n' "$message" >&2
  fi
  exit "$status"
}

space=${MC_SPACE:-}
out=${MC_OUT:-_data/matrix_channels.json}
avatars=${MC_AVATARS:-}
max_depth=${MC_MAX_DEPTH:-}
homeserver=${MC_HOMESERVER:-}
version=${MC_VERSION:-}
repository=${MC_REPOSITORY:-de-rse/matrix-channels}
version=${version#v}

[ -n "$space" ] || fail 2 "the input 'space' is required, e.g. '#de-rse.org:matrix.org'"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] \
  || fail 2 "the input 'version' must be a release's version like 0.1.0, not '$version'"
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] \
  || fail 2 "'$repository' is not a GitHub repository (owner/name)"
if [ -n "$max_depth" ] && ! [[ $max_depth =~ ^[0-9]+$ ]]; then
  fail 2 "the input 'max-depth' must be a whole number, not '$max_depth'"
fi
# An option's value that starts with '-' must not be read as an option:
# a path gets './' before it; a homeserver is a URL, never '-…'.
case "$out" in -*) out="./$out" ;; esac
case "$avatars" in -*) avatars="./$avatars" ;; esac
case "$homeserver" in -*) fail 2 "the input 'homeserver' must be an https:// URL, not '$homeserver'" ;; esac

# The checksums this action trusts: pinned in its own repository.
pins="$(dirname "${BASH_SOURCE[0]}")/SHA256SUMS"

# This runner's Rust target triple: the release's binaries are named by it.
os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
exe=
case "$os" in
  Linux) os=unknown-linux-musl ;;
  macOS | Darwin) os=apple-darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=pc-windows-msvc exe=.exe ;;
  *) os= ;;
esac
case "$arch" in
  X64 | x86_64 | amd64) arch=x86_64 ;;
  ARM64 | aarch64 | arm64) arch=aarch64 ;;
  *) arch= ;;
esac
target=
[ -n "$os" ] && [ -n "$arch" ] && target="$arch-$os"
asset="matrix-channels-$version-$target$exe"

work=$(mktemp -d "${TMPDIR:-/tmp}/matrix-channels.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Copies one of the release's files into $work; fails quietly when it is
# not there (the caller decides what that means).
fetch() {
  local name=$1
  if [ -n "${MATRIX_CHANNELS_RELEASE_DIR:-}" ]; then
    [ -f "$MATRIX_CHANNELS_RELEASE_DIR/$name" ] && cp "$MATRIX_CHANNELS_RELEASE_DIR/$name" "$work/$name"
  else
    curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 \
      --retry 3 --connect-timeout 20 --max-time 300 \
      --output "$work/$name" \
      "https://github.com/$repository/releases/download/v$version/$name"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

[ -n "$target" ] \
  || fail 1 "no release binary for this runner ($(uname -s) $(uname -m)); run the tool yourself (README, \"Automation\")"
# SHA256SUMS lines: "<64 hex digits>  <file name>" (`sha256sum` output; a
# '*' before the name marks binary mode); '#' starts a comment.
expected=
[ -f "$pins" ] \
  && expected=$(awk -v name="$asset" '$1 !~ /^#/ && ($2 == name || $2 == "*" name) { print tolower($1); exit }' "$pins")
[[ $expected =~ ^[0-9a-f]{64}$ ]] \
  || fail 1 "this action pins no checksum for $asset: refusing to run a binary that cannot be checked; use a version this action's release pins"
fetch "$asset" || fail 1 "could not get $asset from release v$version of $repository"
actual=$(sha256 "$work/$asset")
[ "$expected" = "$actual" ] \
  || fail 1 "checksum mismatch for $asset: this action pins $expected, the file has $actual; refusing to run it"
say "$asset: SHA-256 $actual, as this action pins it"
chmod +x "$work/$asset"
tool="$work/$asset"

# The tool must be the release asked for, whichever way it came.
got=$("$tool" --version) || fail 1 "the tool does not start: $tool"
[ "$got" = "matrix-channels $version" ] \
  || fail 1 "the tool says '$got', not matrix-channels $version"

args=(snapshot --out "$out")
[ -n "$homeserver" ] && args+=(--homeserver "$homeserver")
[ -n "$max_depth" ] && args+=(--max-depth "$max_depth")
case "$avatars" in
  '') ;;
  false) args+=(--no-avatars) ;;
  *) args+=(--avatars "$avatars") ;;
esac
# The space last, after `--`: an input starting with '-' is no option.
args+=(-- "$space")

say "$got: snapshot of $space into $out"
status=0
if [ -n "$token_set" ]; then
  MATRIX_ACCESS_TOKEN=$token "$tool" "${args[@]}" || status=$?
else
  "$tool" "${args[@]}" || status=$?
fi
exit "$status"
