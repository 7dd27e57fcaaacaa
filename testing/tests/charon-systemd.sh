#!/bin/bash
# charon-systemd (Debian's package) reads the same charon settings: vpndiag
# loads into it from the lab's strongswan.conf and diagnoses a proposal
# mismatch on both sides (moon runs charon-systemd, sun charon), visible in
# charon-systemd's log and over vpndiag's socket.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x /usr/sbin/charon-systemd ]] || lab_skip "charon-systemd not installed (run testing/setup)"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_DAEMON_moon=/usr/sbin/charon-systemd
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_check "moon runs charon-systemd" grep -q charon-systemd "/proc/${LAB_PID[charon-moon]}/comm"
assert_log moon 'loaded plugins: charon-systemd vpndiag ' 'charon-systemd loaded vpndiag'
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
sd_ok() { lab_vpndiag moon --list --json | grep -q '"cause":"peer-rejected-proposal"'; }
lab_check "charon-systemd serves vpndiag's socket" sd_ok
lab_done
