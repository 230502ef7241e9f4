#!/usr/bin/env bash
# Browser tests (Odoo tours) need Chromium; without it Odoo skips them
# silently. Use the system's; install Debian's package when we may.
set -euo pipefail
for browser in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$browser" >/dev/null && exit 0
done
install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium: installing Debian's chromium package for the browser tests"
    if install || { apt-get update -q >/dev/null && install; }; then
        exit 0
    fi
fi
cat >&2 <<'MESSAGE'
Chromium is needed for the browser tests and is not installed. Install it, then run make test again:
    Debian:  sudo apt-get install chromium
    Ubuntu:  sudo snap install chromium   (or Google Chrome's .deb)
    Fedora:  sudo dnf install chromium
MESSAGE
exit 1
