#!/bin/bash
# The Debian package (issue 9): build it from a copy of the tree with
# dpkg-buildpackage -b after the documented preparation (Debian's strongSwan
# source package from testing/setup), lintian without errors, install it,
# run a gateway from the installed files (strongswan.d snippet, plugin, CLI),
# diagnose a proposal mismatch, purge it and check nothing of it is left.
# The machine's previous state (a `make install` of the lab, say) is put
# back afterwards.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && command -v lintian >/dev/null ||
	lab_skip "debhelper/lintian not installed (run testing/setup)"
SRC=$(cat "$LAB_REPO/.build/strongswan-src/PATH")
PKG=strongswan-vpndiag
FILES=(/usr/lib/ipsec/plugins/libstrongswan-vpndiag.so /etc/strongswan.d/charon/vpndiag.conf
	/usr/sbin/vpndiag /usr/share/man/man8/vpndiag.8 /usr/share/man/man8/vpndiag.8.gz)
st=$(dpkg-query -W -f '${db:Status-Abbrev}' "$PKG" 2>/dev/null || true)
[[ $st == ii* ]] && lab_skip "$PKG is installed on this machine; not touching it"
lab_lock_system
VPNDIAG_LOAD=installed
VPNDIAG_CLI=/usr/sbin/vpndiag
lab_init

W=$LAB/pkg
mkdir -p "$W/src" "$LAB/saved"
for f in "${FILES[@]}"; do
	[[ -e $f ]] && cp -a "$f" "$LAB/saved/" && rm -f "$f"
done
restore() {
	st=$(dpkg-query -W -f '${db:Status-Abbrev}' "$PKG" 2>/dev/null || true)
	[[ $st == ii* || $st == rc* ]] && dpkg --purge "$PKG" >/dev/null 2>&1
	for f in "${FILES[@]}"; do
		[[ -e $LAB/saved/${f##*/} ]] && cp -a "$LAB/saved/${f##*/}" "$f"
	done
	return 0
}
trap 'restore; _lab_exit' EXIT

# a copy of the tree as a user would have it (tracked files only)
(cd "$LAB_REPO" && git ls-files -z | xargs -0 cp --parents -t "$W/src")
(cd "$W/src" && STRONGSWAN_SRC=$SRC dpkg-buildpackage -b -us -uc) >"$W/build.log" 2>&1 ||
	lab_die "dpkg-buildpackage failed: $(tail -n 20 "$W/build.log")"
deb=$(ls "$W"/${PKG}_*.deb)
lab_log "built $(basename "$deb")"
lintian --fail-on error "$W"/*.changes >"$W/lintian.out" 2>&1 && lrc=0 || lrc=$?
lab_check "lintian reports no errors ($(grep -c '^E:' "$W/lintian.out" || true) E:)" test "$lrc" = 0
deps=$(dpkg-deb -f "$deb" Depends)
lab_check "depends on this strongSwan release only: $deps" \
	grep -qF 'strongswan-libcharon (>= 5.9.8), strongswan-libcharon (<< 5.9.9~)' <<<"$deps"
lab_check "vpndiag.conf is a conffile" bash -c 'dpkg-deb --ctrl-tarfile "$1" | tar -xO ./conffiles | grep -qx /etc/strongswan.d/charon/vpndiag.conf' _ "$deb"

dpkg -i "$deb" >"$W/install.log" 2>&1 || lab_die "dpkg -i failed: $(cat "$W/install.log")"
lab_check "plugin, snippet, CLI and man page installed" bash -c 'for f; do test -e "$f" || exit 1; done' _ \
	/usr/lib/ipsec/plugins/libstrongswan-vpndiag.so /etc/strongswan.d/charon/vpndiag.conf /usr/sbin/vpndiag /usr/share/man/man8/vpndiag.8.gz
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up # asserts vpndiag in the loaded plugins (from the installed snippet)
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
assert_json sun p1-proposal-mismatch mismatch encr,integ,prf
lab_stop moon
lab_stop sun

dpkg --purge "$PKG" >"$W/purge.log" 2>&1 || lab_error "dpkg --purge failed: $(cat "$W/purge.log")"
lab_check "purged: dpkg knows nothing of it" bash -c '! dpkg-query -W -f "\${db:Status-Abbrev}" "$1" 2>/dev/null | grep -q "^[ir]"' _ "$PKG"
left=$(for f in "${FILES[@]}" /usr/share/doc/$PKG; do [[ -e $f ]] && echo "$f"; done || true)
lab_check "nothing of the package is left${left:+: $left}" test -z "$left"
lab_done
