#!/bin/bash
# ./testing/demo works: it installs the plugin, shows a real diagnosis on
# both gateways and leaves nothing behind but the install (namespaces,
# daemons and mounts are checked by the runner's leftover check, which sees
# what the demo's lab recorded). The machine's previous install state is
# restored afterwards.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SO=/usr/lib/ipsec/plugins/libstrongswan-vpndiag.so
CONF=/etc/strongswan.d/charon/vpndiag.conf
CLI=/usr/sbin/vpndiag
MAN=/usr/share/man/man8/vpndiag.8
# the same lock as lab_lock_system (testing/lib/lab.sh)
exec 9>>/tmp/vpndiag-system.lock
flock -w 600 9 || { echo "system lock busy" >&2; exit 1; }
T=$(mktemp -d /tmp/vd-demotest.XXXXXX)
for f in "$SO" "$CONF" "$CLI" "$MAN"; do [[ -e $f ]] && cp -a "$f" "$T/"; done
restore() {
	for f in "$SO" "$CONF" "$CLI" "$MAN"; do
		if [[ -e $T/${f##*/} ]]; then cp -a "$T/${f##*/}" "$f"; else rm -f "$f"; fi
	done
	rm -rf "$T"
}
trap restore EXIT
fail=0
check() { if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

VPNDIAG_SKIP_SETUP=1 "$REPO/testing/demo" >"$T/demo.out" 2>&1
rc=$?
cat "$T/demo.out"
check "demo exits 0" test "$rc" = 0
check "plugin installed" test -f "$SO"
check "snippet installed" test -f "$CONF"
check "vpndiag loaded from the snippet" grep -q 'loaded plugins: .*vpndiag' "$T/demo.out"
check "CLI installed" test -x "$CLI"
check "initiator diagnosis" grep -qE '#1 phase1 proposal mismatch  \[p1-proposal-mismatch, err\]' "$T/demo.out"
check "responder names the transforms" grep -qE 'no common: +encr integ prf' "$T/demo.out"
check "PSK mismatch on the responder" grep -qE 'cause: +psk-mismatch' "$T/demo.out"
check "probe verdict with the diagnosis" grep -qE 'gw: FAILED after [0-9]+ ms' "$T/demo.out"
check "remedies shown" test "$(grep -c 'remedy:' "$T/demo.out")" -ge 5
exit $fail
