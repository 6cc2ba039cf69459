#!/usr/bin/env bash
# Installs the Debian packages the suite talks to, when missing and we are root: Chromium, Dovecot, OpenSSL, rspamd, and the
# Cyrus IMAP and Courier-IMAP/POP3 servers the protocol matrix runs against beside Dovecot.
# Also makes sure a PostgreSQL answers (DATABASE_URL's, or the local one on 127.0.0.1:5432).
#
# Cyrus's and Courier's IMAP/POP3 packages conflict with Dovecot's (imap-server / pop3-server), so only their
# non-conflicting bases are installed; the daemons themselves are fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` into a private root (CASEFLOW_MAIL_SERVERS_ROOT, default /opt/caseflow-mail-servers) that the test
# helpers run them from. A run with everything present changes nothing.
set -euo pipefail
servers_root=${CASEFLOW_MAIL_SERVERS_ROOT:-/opt/caseflow-mail-servers}
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-core dovecot-imapd dovecot-pop3d)
[ -x /usr/bin/rspamd ] || need+=(rspamd)
command -v openssl >/dev/null || need+=(openssl)
[ -x /usr/lib/cyrus/bin/master ] || need+=(cyrus-common)
command -v saslpasswd2 >/dev/null || need+=(sasl2-bin)
[ -x /usr/sbin/couriertcpd ] || need+=(courier-base)
[ -x /usr/sbin/authdaemond ] || need+=(courier-authdaemon)
command -v makeuserdb >/dev/null || need+=(courier-authlib-userdb)
# The private root's daemons, each from the package that ships it.
private=()
[ -x "$servers_root/usr/lib/cyrus/bin/imapd" ] || private+=(cyrus-imapd)
[ -x "$servers_root/usr/lib/cyrus/bin/pop3d" ] || private+=(cyrus-pop3d)
[ -x "$servers_root/usr/bin/imapd" ] || private+=(courier-imap)
[ -x "$servers_root/usr/lib/courier/courier/courierpop3d" ] || private+=(courier-pop)

if [ ${#need[@]} -gt 0 ] || [ ${#private[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${need[*]} ${private[*]} (run tests/install-system-deps.sh as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian: ${need[*]}"
  # Packages must not start their services here: a policy-rc.d that answers 101 ("action forbidden") for the
  # install, removed afterwards when the machine had none.
  added_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  status=0
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || status=$?
  [ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ $status = 0 ] || exit $status
fi
if [ ${#private[@]} -gt 0 ]; then
  echo "unpacking into $servers_root: ${private[*]}"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for pkg in "${private[@]}"; do
    # The daemon must match its installed base exactly (they share libraries and config layouts).
    case $pkg in
      cyrus-*) base=cyrus-common ;;
      courier-imap) base= ;;
      courier-*) base=courier-base ;;
    esac
    spec=$pkg
    if [ -n "$base" ]; then spec="$pkg=$(dpkg-query -W -f='${Version}' "$base")"; fi
    (cd "$work" && apt-get download -qq "$spec" >/dev/null 2>&1) || { echo "apt-get download $spec failed" >&2; exit 1; }
  done
  mkdir -p "$servers_root"
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$servers_root"; done
fi
if [ -z "${DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "no PostgreSQL on 127.0.0.1:5432 and DATABASE_URL is unset" >&2; exit 1; }
fi
