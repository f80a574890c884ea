#!/bin/sh
# Install the Debian packages the tests use (pdftotext, pdffonts, pdfinfo, qpdf, msgfmt) if any is missing.
set -eu
missing=""
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "Please install:$missing (Debian/Ubuntu packages)" >&2; exit 1
fi
echo "Installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
