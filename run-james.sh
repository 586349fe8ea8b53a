#!/usr/bin/env bash
# Runs Apache James 3.8.1 with MailPolicy installed, in the foreground, on loopback ports.
# Ctrl-C stops it. State is in memory: every run starts empty, with one domain and one user.
#
#   SMTP_PORT=2525 SUBMISSION_PORT=2587 IMAP_PORT=2143 WEBADMIN_PORT=8000 ./run-james.sh
#
# Layout: run/james/{conf,extensions-jars,logs} (rewritten on every run); the James jars stay
# in james-conf/target/james/lib and are used from there through the class path.
set -euo pipefail
cd "$(dirname "$0")"

SMTP_PORT="${SMTP_PORT:-2525}"
SUBMISSION_PORT="${SUBMISSION_PORT:-2587}"
IMAP_PORT="${IMAP_PORT:-2143}"
WEBADMIN_PORT="${WEBADMIN_PORT:-8000}"
DOMAIN="mailpolicy.test"
USER_NAME="user@${DOMAIN}"
USER_PASSWORD="secret"

ASSEMBLY=james-conf/target
STAMP="$ASSEMBLY/.run-james-built"

# Build only when something that goes into the assembly changed since the last build.
needs_build() {
    [ -f "$STAMP" ] || return 0
    [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$STAMP" -type f -print -quit 2>/dev/null)" ]
}
if needs_build; then
    echo "Building MailPolicy and assembling James 3.8.1 (the first time downloads about 120 MB)..."
    ./mvnw -q -DskipTests -pl james-conf -am package
    touch "$STAMP"
fi

HOME_DIR="$PWD/run/james"
LIB_DIR="$PWD/$ASSEMBLY/james/lib"
rm -rf "$HOME_DIR/conf" "$HOME_DIR/extensions-jars"
mkdir -p "$HOME_DIR/logs"
cp -r "$ASSEMBLY/james/conf" "$HOME_DIR/conf"
cp -r "$ASSEMBLY/extensions-jars" "$HOME_DIR/extensions-jars"

# The sample binds the well-known ports on every interface; here: loopback, unprivileged ports.
replace() { # file, text, replacement: fails if the sample no longer has the text
    grep -qF -- "$2" "$1" || { echo "run-james.sh: '$2' not found in $1" >&2; exit 1; }
    sed -i "s|$2|$3|" "$1"
}
replace "$HOME_DIR/conf/smtpserver.xml" "<bind>0.0.0.0:25</bind>" "<bind>127.0.0.1:${SMTP_PORT}</bind>"
replace "$HOME_DIR/conf/smtpserver.xml" "<bind>0.0.0.0:587</bind>" "<bind>127.0.0.1:${SUBMISSION_PORT}</bind>"
replace "$HOME_DIR/conf/imapserver.xml" "<bind>0.0.0.0:143</bind>" "<bind>127.0.0.1:${IMAP_PORT}</bind>"
replace "$HOME_DIR/conf/webadmin.properties" "port=8000" "port=${WEBADMIN_PORT}"

smtp_greeting() { # reads the greeting and says QUIT, so James logs no reset connection
    exec 3<>"/dev/tcp/127.0.0.1/${SMTP_PORT}" || return 1
    local line=""
    read -r -t 5 line <&3 || true
    printf 'QUIT\r\n' >&3
    exec 3<&- 3>&-
    echo "$line"
} 2>/dev/null

# In the background: wait for SMTP's greeting, then create the domain and the user.
provision() {
    local deadline=$((SECONDS + 120)) greeting=""
    until greeting=$(smtp_greeting) && [ "${greeting:0:3}" = 220 ]; do
        [ $SECONDS -lt $deadline ] || { echo "run-james.sh: SMTP did not answer within 120 s" >&2; return 1; }
        sleep 0.5
    done
    # WebAdmin starts a moment after the SMTP servers.
    local webadmin="http://127.0.0.1:${WEBADMIN_PORT}"
    curl -fsS --retry 60 --retry-delay 1 --retry-connrefused -X PUT "$webadmin/domains/${DOMAIN}" >/dev/null
    curl -fsS -X PUT "$webadmin/users/${USER_NAME}" \
        -H 'Content-Type: application/json' -d "{\"password\":\"${USER_PASSWORD}\"}" >/dev/null
    cat <<EOF

================================================================================
 James 3.8.1 + MailPolicy is running (Ctrl-C stops it)
   SMTP (MX, no AUTH)        127.0.0.1:${SMTP_PORT}
   Submission (STARTTLS+AUTH) 127.0.0.1:${SUBMISSION_PORT}
   IMAP                      127.0.0.1:${IMAP_PORT}
   WebAdmin                  http://127.0.0.1:${WEBADMIN_PORT}
   Account                   ${USER_NAME} / ${USER_PASSWORD}
 Send a mail:
   swaks --server 127.0.0.1:${SMTP_PORT} --from someone@example.com --to ${USER_NAME}
================================================================================

EOF
}
{ provision || echo "run-james.sh: could not create ${DOMAIN} / ${USER_NAME} through WebAdmin" >&2; } &

# James reads conf/jvm.properties relative to the current directory.
cd "$HOME_DIR"
# exec: Ctrl-C reaches James directly, whose shutdown hook stops the servers cleanly.
exec java -Xmx512m ${JAVA_OPTS:-} \
    -Dworking.directory="$HOME_DIR" \
    -Dlogback.configurationFile="$HOME_DIR/conf/logback.xml" \
    -cp "$LIB_DIR/*" \
    org.apache.james.MemoryJamesServerMain --generate-keystore
