#!/usr/bin/env bash
# Runs every test of MailPolicy: unit, conformance, fuzz (short), and integration tests
# against a real James 3.8.1, a real DNS server (NSD) and a real Redis.
# On a fresh machine it first installs the Debian packages the tests use.
set -euo pipefail
cd "$(dirname "$0")"

# openssl makes the certificate of the Redis TLS test; libmail-dmarc-perl is the DMARC cross-check's peer.
packages=(nsd redis-server python3-dkim python3-nacl python3-authres opendkim openssl libmail-dmarc-perl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

exec ./mvnw -B verify "$@"
