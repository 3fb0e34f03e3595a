#!/usr/bin/env bash
# Installs Chromium at /usr/bin/chromium for the browser tests (rendered reports). Idempotent:
# does nothing when it is there already. Browser tests never skip when CI=true.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
test -x /usr/bin/chromium
