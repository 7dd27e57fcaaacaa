#!/bin/bash
# 79 encapsulation mode mismatch between two charons: moon's child asks for
# transport mode (mode = transport, USE_TRANSPORT_MODE in its IKE_AUTH,
# child_create.c build_i()), sun's child for tunnel mode; the selectors are
# the gateways' own addresses (dynamic), as transport mode needs. sun's
# child_create.c check_mode() refuses transport because its config asks
# for tunnel (no log line) and answers without USE_TRANSPORT_MODE, so both
# ends install a tunnel-mode CHILD_SA. moon records encap-mode-mismatch
# (transport-downgraded, warning: asked for transport, got tunnel); sun
# records nothing: it asked for tunnel and got tunnel, it has nothing to
# compare against but its own config. kernel-libipsec refuses the route of
# such a host-to-host tunnel (scenario 78), so both ends set
# charon.plugins.kernel-libipsec.allow_peer_ts = yes with the fwmark options
# its documentation names (kernel-libipsec.opt): socket-default marks IKE
# packets, kernel-netlink's routing rule skips marked ones, so sun's
# IKE_AUTH answer does not enter the TUN route it has just installed.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_CHARON_moon="plugins {
    kernel-libipsec { allow_peer_ts = yes }
    kernel-netlink { fwmark = !0x42 }
    socket-default { fwmark = 0x42 }
  }"
LAB_CHARON_sun="$LAB_CHARON_moon"
for s in moon sun; do
	lab_set $s net.local_ts dynamic
	lab_set $s net.remote_ts dynamic
done
lab_set moon net.mode transport
lab_set sun net.mode tunnel
lab_up
lab_initiate moon net 30
lab_check "CHILD_SA established" test "$LAB_RC" = 0
assert_charon_log moon 'generating IKE_AUTH request 1 \[ .*N\(USE_TRANSP\)'
assert_charon_log sun 'parsed IKE_AUTH request 1 \[ .*N\(USE_TRANSP\)'
assert_no_charon_log sun 'generating IKE_AUTH response 1 \[ .*N\(USE_TRANSP\)' 'USE_TRANSPORT_MODE in the answer'
assert_charon_log moon 'CHILD_SA net\{1\} established with SPIs .* 192\.0\.2\.1/32 === 192\.0\.2\.2/32'
assert_failure_codes moon encap-mode-mismatch
assert_record_cause moon encap-mode-mismatch transport-downgraded
assert_json moon encap-mode-mismatch severity warning
assert_record_field moon encap-mode-mismatch 'asked for transport mode but was established in tunnel mode'
assert_failure_codes sun
lab_done
