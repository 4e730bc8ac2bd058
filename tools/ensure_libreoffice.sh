#!/usr/bin/env bash
# Install Debian's headless LibreOffice Calc for the spreadsheet-safety tests when it is missing
# (tests/test_csv_safety.py opens sitmap's CSV files in a real spreadsheet program).
# Idempotent: returns at once when soffice is already there.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then
    echo "libreoffice present: $(command -v soffice)"
    exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "libreoffice missing and not root: spreadsheet tests will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
echo "installed: $(command -v soffice || echo libreoffice-calc-nogui)"
