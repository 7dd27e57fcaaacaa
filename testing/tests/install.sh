#!/bin/bash
# "make install" puts the plugin where Debian's charon looks for plugins and
# the strongswan.d snippet with load = yes; charon then loads vpndiag the
# way a gateway does (load_modular = yes plus the snippets), lists it in
# "loaded plugins:" and diagnoses a real failure. The machine is left as it
# was: files this test installed are removed again.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
OBJ=$LAB_REPO/.build/obj
SO=/usr/lib/ipsec/plugins/libstrongswan-vpndiag.so
CONF=/etc/strongswan.d/charon/vpndiag.conf
CLI=/usr/sbin/vpndiag
MAN=/usr/share/man/man8/vpndiag.8
[[ -f $OBJ/Makefile ]] || lab_skip "not built: run testing/build"
VPNDIAG_LOAD=installed
lab_lock_system
lab_init

# restore what was there before (the demo leaves an install behind)
backup=$LAB/preinstalled
mkdir -p "$backup"
for f in "$SO" "$CONF" "$CLI" "$MAN"; do
	[[ -e $f ]] && cp -a "$f" "$backup/"
done
restore() {
	for f in "$SO" "$CONF" "$CLI" "$MAN"; do
		if [[ -e $backup/${f##*/} ]]; then
			cp -a "$backup/${f##*/}" "$f"
		else
			rm -f "$f"
		fi
	done
}
trap 'rc=$?; set +e; restore; (exit $rc); _lab_exit' EXIT # _lab_exit reads the exit status from $?

make -C "$OBJ" install >"$LAB/install.out" 2>&1 || lab_die "make install failed: $(tail -n 5 "$LAB/install.out")"
lab_check "plugin installed in charon's plugin directory" test -f "$SO"
lab_check "no libtool archive in the plugin directory" test ! -e "${SO%.so}.la"
lab_check "snippet installed" test -f "$CONF"
lab_check "snippet loads the plugin" grep -qE '^\s*load = yes' "$CONF"
lab_check "CLI installed as $CLI" test -x "$CLI"
lab_check "man page vpndiag(8) installed" test -f "$MAN"

lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up                 # asserts "vpndiag" in loaded plugins on both sides
assert_log moon 'load_modular|loaded plugins: .*kernel-libipsec' 'plugins from strongswan.d'
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
VPNDIAG_CLI=$CLI
installed_cli_ok() { lab_vpndiag sun --list --json | grep -q '"code_id":"p1-proposal-mismatch"'; }
lab_check "the installed CLI lists the diagnosis" installed_cli_ok
lab_done
