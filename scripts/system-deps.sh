#!/bin/sh
# Install what kyr and its tests use if any of it is missing: Debian packages (fonts-noto-core for
# Gurmukhi and Armenian; for the tests pdftotext, pdffonts, pdfinfo, qpdf, msgfmt, zbarimg, Chromium,
# Node.js with npm) and axe-core from the npm registry. `system-deps.sh run`: only what kyr itself needs.
set -eu
missing=""
# The Gurmukhi and Armenian fonts (no PyPI package has them): needed to print Punjabi and Armenian.
[ -f /usr/share/fonts/truetype/noto/NotoSansGurmukhi-Regular.ttf ] || missing="$missing fonts-noto-core"
if [ "${1:-test}" = "test" ]; then
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
# A real PostgreSQL for the register's tests (they start their own server in a temporary folder).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Please install:$missing (Debian/Ubuntu packages)" >&2; exit 1
  fi
  echo "Installing$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
# axe-core, injected into pages by the browser tests; kept out of the repository.
if [ "${1:-test}" = "test" ] && [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ]; then
  npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4 >/dev/null
fi
