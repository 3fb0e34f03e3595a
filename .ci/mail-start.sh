#!/usr/bin/env bash
# Provides a throwaway IMAP server (Debian's dovecot-imapd) for the email tests and prints
# `export SWB_IMAP_*=...` on stdout (everything else goes to stderr), so callers do:
#   eval "$(.ci/mail-start.sh)"
#   - Installs the Debian package `dovecot-imapd` when dovecot is missing (unless SWB_MAIL_NO_INSTALL=1).
#   - Runs its own dovecot instance from a temp dir: plain-text login allowed, listening on a free
#     port on 127.0.0.1 only, maildirs in the temp dir, users from a passwd file:
#     support@, customer@, crash@, bench@, notices@, notices-out@ and badmail@example.test (one mailbox per test file or bench that
#     reads mail, so they can run at once), all with the password in SWB_IMAP_PASSWORD.
# The SMTP side of the tests is the npm package smtp-server, started by the tests themselves.
# Stop it with: eval "$SWB_IMAP_STOP" (also printed).
set -euo pipefail
log() { echo "mail-start: $*" >&2; }

if ! command -v dovecot >/dev/null; then
  if [[ "${SWB_MAIL_NO_INSTALL:-}" == "1" ]]; then log "dovecot is not installed"; exit 3; fi
  SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
  log "installing the dovecot-imapd package (apt-get)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dovecot-imapd >&2
fi
DOVECOT="$(command -v dovecot)"

DIR="$(mktemp -d "${TMPDIR:-/tmp}/swb-mail.XXXXXX")"
chmod 755 "$DIR"
PORT="${SWB_IMAP_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
PASSWORD="${SWB_IMAP_PASSWORD:-switchboard-test}"

if [[ "$(id -u)" == "0" ]]; then
  # Mail is read and written as an unprivileged system user; dovecot's own users come with the package.
  id swbmail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin swbmail
  MAIL_USER=swbmail; INTERNAL=dovecot; LOGIN=dovenull
else
  MAIL_USER="$(id -un)"; INTERNAL="$MAIL_USER"; LOGIN="$MAIL_USER"
fi
MAIL_UID="$(id -u "$MAIL_USER")"; MAIL_GID="$(id -g "$MAIL_USER")"
mkdir -p "$DIR/mail" "$DIR/run"
chown "$MAIL_USER" "$DIR/mail"

for user in support@example.test customer@example.test crash@example.test bench@example.test notices@example.test notices-out@example.test badmail@example.test; do
  echo "$user:{PLAIN}$PASSWORD:$MAIL_UID:$MAIL_GID::$DIR/mail/$user" >>"$DIR/passwd"
done

cat >"$DIR/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $DIR/run
state_dir = $DIR/run
instance_name = swb-mail-$PORT
default_internal_user = $INTERNAL
default_login_user = $LOGIN
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# a wrong password is answered at once (tests check how the runtime reports it)
auth_failure_delay = 0
log_path = $DIR/dovecot.log
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN $DIR/passwd
}
userdb {
  driver = passwd-file
  args = $DIR/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF

log "starting dovecot on 127.0.0.1:$PORT (config $DIR/dovecot.conf)"
"$DOVECOT" -c "$DIR/dovecot.conf" || { cat "$DIR/dovecot.log" >&2 2>/dev/null; exit 1; }
for _ in $(seq 1 100); do
  if node -e "const s=require('net').connect($PORT,'127.0.0.1');s.on('data',d=>{process.exit(String(d).startsWith('* OK')?0:1)});s.on('error',()=>process.exit(1))" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
node -e "const s=require('net').connect($PORT,'127.0.0.1');s.on('data',()=>process.exit(0));s.on('error',()=>process.exit(1))" \
  || { log "dovecot does not answer on port $PORT"; cat "$DIR/dovecot.log" >&2 2>/dev/null; exit 1; }

STOP="$DOVECOT -c $DIR/dovecot.conf stop >/dev/null 2>&1; rm -rf $DIR"
log "SWB_IMAP_URL=imap://127.0.0.1:$PORT"
printf 'export SWB_IMAP_HOST=%q\n' 127.0.0.1
printf 'export SWB_IMAP_PORT=%q\n' "$PORT"
printf 'export SWB_IMAP_PASSWORD=%q\n' "$PASSWORD"
printf 'export SWB_IMAP_DIR=%q\n' "$DIR"
printf 'export SWB_IMAP_STOP=%q\n' "$STOP"
