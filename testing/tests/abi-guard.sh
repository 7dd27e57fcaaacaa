#!/bin/bash
# The runtime ABI guard: a plugin built for a libcharon WITHOUT mediation
# (configure --enable-mediation=no) refuses to load into Debian's charon
# (built with mediation) with one level-0 log line, and charon keeps
# running; the plugin built by configure's detection loads normally.
# vpndiag-timeout: 300
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
REPO=$LAB_REPO
SRC=$(cat "$REPO/.build/strongswan-src/PATH" 2>/dev/null) || lab_skip "no strongSwan source: run testing/setup"
GOOD=$VPNDIAG_PLUGIN
OBJ=$REPO/.build/obj-noME
lab_init

# a second build, forced to the wrong ABI
mkdir -p "$OBJ"
(cd "$OBJ" && [[ -f Makefile ]] || "$REPO/configure" --with-strongswan-src="$SRC" \
	--enable-mediation=no >configure.out 2>&1) || lab_die "configure --enable-mediation=no failed"
grep -q '^#define VPNDIAG_ABI_ME 0' "$OBJ/config.h" || lab_die "forced build is not ME=0"
make -C "$OBJ/src/plugins/vpndiag" >"$OBJ/make.out" 2>&1 || lab_die "build without ME failed: $(tail -n 5 "$OBJ/make.out")"
WRONG=$OBJ/src/plugins/vpndiag/.libs/libstrongswan-vpndiag.so

lab_net_up
# moon: wrong ABI -> refused
VPNDIAG_PLUGIN=$WRONG LAB_EXPECT_LOADED=no lab_start moon
# sun: detected ABI -> loaded (lab_start asserts it)
VPNDIAG_PLUGIN=$GOOD lab_start sun

assert_log moon 'vpndiag: refusing to load: built for a libcharon without mediation \(ME\) but the running libcharon is built with it'
assert_log moon "plugin 'vpndiag': failed to load - vpndiag_plugin_create returned NULL"
if grep -qE 'loaded plugins:.* vpndiag( |$)' "$LAB/moon/charon.log"; then
	lab_error "moon lists vpndiag in loaded plugins although it was refused"
else
	lab_log "ok: vpndiag not in moon's loaded plugins"
fi
# the refusal is a level-0 line: it shows with every log level
lab_check "refusal logged at level 0" grep -qE '00\[LIB\] vpndiag: refusing to load' "$LAB/moon/charon.log"
# charon itself keeps working without the refused plugin: the baseline
# tunnel comes up, and sun (with vpndiag) records no failure
lab_load moon sun
lab_initiate moon net 15
lab_check "tunnel up without the plugin on moon" test "$LAB_RC" = 0
assert_failure_codes sun
lab_done
