#!/usr/bin/env bash
# Installs the system packages Intake needs: tesseract with Vietnamese and English,
# poppler (pdftoppm), fonts for the sample generator, and the peers the benchmark
# compares against (ghostscript + unpaper for ocrmypdf), and Debian's Chromium, which the
# browser tests drive through Playwright. Idempotent: skips what is there.
set -euo pipefail

packages=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd
  poppler-utils ghostscript unpaper
  fonts-dejavu-core fonts-liberation2 fonts-noto-core
  libgl1 libglib2.0-0
  chromium
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
