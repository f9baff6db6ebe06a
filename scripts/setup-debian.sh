#!/usr/bin/env bash
# Installs the Debian 12 packages that Gatehouse needs to build, test, package and run,
# and only those that are missing. Idempotent: a second run installs nothing and does not
# touch the network. Run as root, or as a user who may use sudo.
set -euo pipefail

PACKAGES=(
  # tool chain
  cmake ninja-build g++ pkg-config ccache clang-format
  # Qt 6.4 (qt6-httpserver-dev needs qt6-websockets-dev, and Qt6Charts needs Qt6OpenGL, for find_package to succeed)
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev
  qt6-charts-dev qt6-svg-dev libgl-dev libqt6opengl6-dev
  # libraries used by the services
  libssl-dev libspdlog-dev libyaml-cpp-dev libgraphviz-dev libcsv-dev libbenchmark-dev
  # GUI tests and screenshots without a display; a font so Qt can render text
  xvfb xauth fonts-dejavu-core
  # bench/graph_networkx.py (bench_graph --networkx): the reference graph library
  python3-networkx
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-debian: this script needs dpkg and apt-get (Debian 12)" >&2
  exit 1
fi
if [[ -r /etc/os-release ]]; then
  # shellcheck source=/dev/null
  . /etc/os-release
  if [[ "${ID:-}" != debian || "${VERSION_ID:-}" != 12 ]]; then
    echo "setup-debian: warning: written for Debian 12, this is ${PRETTY_NAME:-unknown}" >&2
  fi
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != installed ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-debian: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-debian: missing packages (${missing[*]}); run this script as root or install sudo" >&2
  exit 1
fi

echo "setup-debian: installing ${missing[*]}"
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
"${apt[@]}" update
"${apt[@]}" install -y --no-install-recommends "${missing[@]}"
