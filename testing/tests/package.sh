#!/bin/bash
# The Debian package (issue 9): build it with dpkg-buildpackage -b after the
# documented preparation (Debian's strongSwan source package from
# testing/setup) in a git copy of the working tree, which the build must
# leave clean for git status; lintian without errors; Depends bounded to the
# strongSwan release configure detected; everything `make install` installs
# is in the package. Then install it, run a gateway from the installed files
# (strongswan.d snippet, plugin, CLI), diagnose a proposal mismatch, purge it
# and check nothing of it is left. Files of a previous install at the
# package's paths (`make install`, the demo) are set aside first and put
# back; the machine must end exactly as it was (mode, owner, mtime, content).
# The build alone takes 60-100 s on a loaded 2-core machine:
# vpndiag-timeout: 450
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && command -v lintian >/dev/null ||
	lab_skip "debhelper/lintian not installed (run testing/setup)"
SRC=$(cat "$LAB_REPO/.build/strongswan-src/PATH")
PKG=strongswan-vpndiag
CONFFILE=/etc/strongswan.d/charon/vpndiag.conf
pkg_status() { dpkg-query -W -f '${db:Status-Status}' "$PKG" 2>/dev/null || true; }
[[ $(pkg_status) == installed ]] && lab_skip "$PKG is installed on this machine; not touching it"
VPNDIAG_LOAD=installed
VPNDIAG_CLI=/usr/sbin/vpndiag
lab_init
W=$LAB/pkg
EV=${VPNDIAG_RESULTS_DIR:-$W} # evidence: build log, lintian output
mkdir -p "$W/src" "$EV" "$LAB/saved"

# --- build (touches nothing outside $LAB) -------------------------------------

# the working tree as git sees it (tracked and untracked, not ignored files)
(cd "$LAB_REPO" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [[ -e $f || -L $f ]] && printf '%s\0' "$f"; done |
	xargs -0 cp -a --parents -t "$W/src")
(cd "$W/src" && git -c init.defaultBranch=main init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm tree) ||
	lab_die "git copy of the tree failed"
# nocheck: unit.sh runs the same `make check`; keeps this test short. nice:
# the build runs beside the other tests, whose timeouts are shorter
(cd "$W/src" && STRONGSWAN_SRC=$SRC DEB_BUILD_OPTIONS=nocheck nice -n 10 dpkg-buildpackage -b -us -uc) >"$EV/build.log" 2>&1 ||
	lab_die "dpkg-buildpackage failed: $(tail -n 20 "$EV/build.log")"
deb=$(ls "$W"/${PKG}_*.deb)
lab_log "built $(basename "$deb") ($(grep -m1 '^strongSwan .*strongswan-libcharon' "$EV/build.log"))"
dirty=$(git -C "$W/src" status --porcelain)
lab_check "dpkg-buildpackage leaves nothing git status shows${dirty:+: $dirty}" test -z "$dirty"

nice -n 10 lintian --fail-on error "$W"/*.changes >"$EV/lintian.out" 2>&1 && lrc=0 || lrc=$?
sed 's/^/  lintian: /' "$EV/lintian.out"
lab_check "lintian reports no errors (rc $lrc, $(grep -c '^E:' "$EV/lintian.out" || true) E:, $(grep -c '^W:' "$EV/lintian.out" || true) W:)" test "$lrc" = 0

# Depends: the installed upstream release, Debian revisions of it only
up=$(dpkg-query -W -f '${Version}' strongswan-libcharon)
up=${up#*:} && up=${up%-*}
next=$(awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }' <<<"$up")
deps=$(dpkg-deb -f "$deb" Depends)
lab_check "depends on strongSwan $up only: $deps" \
	grep -qF "strongswan-libcharon (>= $up), strongswan-libcharon (<< $next~)" <<<"$deps"
lab_check "bounds admit $up-5+deb12u99, not $next-1" bash -c \
	'dpkg --compare-versions "$1-5+deb12u99" lt "$2~" && ! dpkg --compare-versions "$2-1" lt "$2~"' _ "$up" "$next"
lab_check "$CONFFILE is a conffile" bash -c \
	'dpkg-deb --ctrl-tarfile "$1" | tar -xO ./conffiles | grep -qx "$2"' _ "$deb" "$CONFFILE"

# the package's paths: files/links and directories
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's#^\./#/#; /^\/$/d' >"$W/contents"
grep -v '/$' "$W/contents" >"$W/files"
grep '/$' "$W/contents" | sed 's#/$##' >"$W/dirs"
# everything `make install` installs is in the package (man pages compressed,
# no libtool archive)
make -C "$W/src" install DESTDIR="$W/destdir" >"$W/make-install.log" 2>&1 || lab_die "make install DESTDIR failed"
missing=$( (cd "$W/destdir" && find . ! -type d ! -name '*.la') | sed 's#^\.##' | while read -r f; do
	[[ $f == /usr/share/man/* ]] && f=$f.gz
	grep -qxF "$f" "$W/files" || echo "$f"
done)
lab_check "the package has everything make install installs ($(wc -l <"$W/files") files)${missing:+; missing: $missing}" test -z "$missing"

# derived from what configure detected, not written down: another VERSION
# in config.h gives other bounds
cp -p "$W/src/config.h" "$W/config.h.orig"
sed -i 's/^#define VERSION ".*"/#define VERSION "6.0.1"/' "$W/src/config.h"
(cd "$W/src" && debian/rules override_dh_gencontrol) >"$W/gencontrol.log" 2>&1 || true
cp -p "$W/config.h.orig" "$W/src/config.h"
lab_check "bounds follow configure's VERSION (6.0.1 gives << 6.0.2~)" \
	grep -qF 'strongswan-libcharon (>= 6.0.1), strongswan-libcharon (<< 6.0.2~)' "$W/src/debian/$PKG/DEBIAN/control"

# --- the machine: set aside, install, gateway, purge, restore ------------------

lab_lock_system
[[ $(pkg_status) == installed ]] && lab_skip "$PKG got installed on this machine; not touching it"
# paths the package or its purge touch, and what `make install` puts there
{
	cat "$W/files"
	sed -n 's#^\(/usr/share/man/.*\)\.gz$#\1#p' "$W/files"
	printf '%s\n' /var/lib/strongswan/vpndiag.state /var/lib/strongswan/vpndiag.state.tmp \
		/var/lib/strongswan/vpndiag.state.corrupt /var/lib/strongswan/vpndiag.state.lock
} | sort -u >"$W/paths"
fingerprint() {
	local p
	while read -r p; do
		if [[ -L $p ]]; then echo "$p link $(readlink "$p") $(stat -c '%U:%G' "$p")"
		elif [[ -e $p ]]; then echo "$p $(stat -c '%F %a %U:%G %Y' "$p") $(sha256sum <"$p" | cut -c1-64)"
		else echo "$p -"; fi
	done <"$W/paths"
	while read -r p; do [[ -d $p ]] && echo "$p/ dir" || echo "$p/ -"; done <"$W/dirs"
	echo "dpkg $PKG: $(pkg_status)"
}
fingerprint >"$EV/machine-before.txt"
while read -r p; do
	[[ -e $p || -L $p ]] || continue
	mkdir -p "$LAB/saved${p%/*}"
	cp -a "$p" "$LAB/saved$p"
done <"$W/paths"
ls -A "$LAB/saved" | grep -q . && lab_log "set aside: $(cd "$LAB/saved" && find . ! -type d | sed 's#^\.##' | tr '\n' ' ')"
restore() {
	local st p
	st=$(pkg_status)
	[[ -n $st && $st != not-installed ]] && dpkg --purge "$PKG" >>"$W/purge.log" 2>&1
	while read -r p; do
		if [[ -e $LAB/saved$p || -L $LAB/saved$p ]]; then
			mkdir -p "${p%/*}" && rm -f "$p" && cp -a "$LAB/saved$p" "$p"
		else
			rm -f "$p"
		fi
	done <"$W/paths"
	return 0
}
trap 'rc=$?; set +e; restore; (exit $rc); _lab_exit' EXIT # _lab_exit reads the exit status from $?
while read -r p; do [[ -e $LAB/saved$p || -L $LAB/saved$p ]] && rm -f "$p"; done <"$W/paths"
while read -r d; do [[ -d $d ]] && echo "$d"; done <"$W/dirs" >"$W/dirs-before"

dpkg -i "$deb" >"$W/install.log" 2>&1 || lab_die "dpkg -i failed: $(cat "$W/install.log")"
dpkg -L "$PKG" >"$EV/dpkg-L.txt"
absent=$(while read -r f; do [[ -e $f ]] || echo "$f"; done <"$W/files")
lab_check "installed: $(grep -c . "$W/files") files (plugin, snippet, CLI, man page, docs)${absent:+; absent: $absent}" test -z "$absent"
lab_check "dpkg registers $CONFFILE as conffile" bash -c \
	'dpkg-query -W -f "\${Conffiles}" "$1" | grep -q "^ $2 "' _ "$PKG" "$CONFFILE"
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up # asserts vpndiag in the loaded plugins (from the installed snippet)
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
assert_json sun p1-proposal-mismatch mismatch encr,integ,prf

# the metrics units (issue 23): installed, disabled, valid for systemd; CI
# has no systemd, so the service's command runs directly (the lab's socket
# and a scratch directory instead of the node exporter's)
UNITDIR=/lib/systemd/system
for u in vpndiag-metrics.service vpndiag-metrics.timer; do
	lab_check "$UNITDIR/$u installed" test -f "$UNITDIR/$u"
done
enabled=$(ls /etc/systemd/system/*.wants/ 2>/dev/null | grep vpndiag || true)
lab_check "the timer is not enabled${enabled:+: $enabled}" test -z "$enabled"
systemd-analyze verify "$UNITDIR/vpndiag-metrics.service" "$UNITDIR/vpndiag-metrics.timer" >"$EV/systemd-analyze.txt" 2>&1 && src=0 || src=$?
sed 's/^/  systemd-analyze: /' "$EV/systemd-analyze.txt"
lab_check "systemd-analyze verify accepts both units (rc $src, $(grep -c . "$EV/systemd-analyze.txt" || true) lines)" \
	test "$src" = 0 -a ! -s "$EV/systemd-analyze.txt"
exec_start=$(sed -n 's/^ExecStart=//p' "$UNITDIR/vpndiag-metrics.service")
mkdir -p "$LAB/textfile"
read -r -a cmd <<<"${exec_start//\/var\/lib\/prometheus\/node-exporter/$LAB/textfile}"
lab_check "the service's command (${exec_start}) runs" "${cmd[@]}" --uri "unix://$LAB/sun/vpndiag.vici"
cp "$LAB/textfile/vpndiag.prom" "$EV/vpndiag.prom" 2>/dev/null || true
lab_check "it counts the failure" grep -qx \
	'vpndiag_failures_total{code_id="p1-proposal-mismatch",cause="no-common-proposal",conn="gw"} 1' "$LAB/textfile/vpndiag.prom"
if command -v promtool >/dev/null; then
	lab_check "promtool check metrics accepts it" bash -c 'promtool check metrics <"$1"' _ "$LAB/textfile/vpndiag.prom"
fi
lab_stop moon
lab_stop sun

dpkg --purge "$PKG" >"$W/purge.log" 2>&1 || lab_error "dpkg --purge failed: $(cat "$W/purge.log")"
lab_check "purged: dpkg -L knows nothing of $PKG" bash -c '! dpkg -L "$1" >/dev/null 2>&1' _ "$PKG"
purged() { local st; st=$(pkg_status); [[ -z $st || $st == not-installed ]]; }
lab_check "purged: dpkg status empty or not-installed ('$(pkg_status)')" purged
lab_check "purged: conffile $CONFFILE gone" test ! -e "$CONFFILE"
left=$(while read -r p; do
	[[ $p == /. ]] && continue
	[[ -d $p ]] && grep -qxF "$p" "$W/dirs-before" && continue # a directory that was there before
	[[ -e $p || -L $p ]] && echo "$p"
done <"$EV/dpkg-L.txt" || true)
lab_check "nothing of the package is left ($(grep -c . "$EV/dpkg-L.txt") paths of dpkg -L)${left:+: $left}" test -z "$left"

restore
fingerprint >"$EV/machine-after.txt"
diffs=$(diff "$EV/machine-before.txt" "$EV/machine-after.txt" || true)
lab_check "machine as found ($(grep -c '^/[^ ]*[^/] [^-]' "$EV/machine-before.txt") of its files existed before)${diffs:+: $diffs}" test -z "$diffs"
lab_done
