#!/bin/bash
# 31 IKEv1: the kernels cannot install the Quick Mode's SA (kernel-netlink
# without kernel-libipsec on a kernel without ESP, as in 18). The Quick
# Mode initiator moon installs first (after message 2): IKEv1 raises no
# alert, quick_mode.c logs "unable to install ... IPsec SA (SAD) in kernel"
# and answers NO_PROPOSAL_CHOSEN. moon records kernel sa install fail with
# the netlink errno and its meaning, not a proposal mismatch; sun only gets
# NO_PROPOSAL_CHOSEN (phase2 proposal or pfs mismatch, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_LOAD="random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 gmp aes sha1 sha2 hmac kdf kernel-netlink socket-default vici updown attr error-notify"
lab_set both gw.version 1
lab_up
lab_initiate moon net 30
assert_charon_log moon 'received netlink error: .* \([0-9]+\)'
assert_charon_log moon 'unable to add SAD entry with SPI'
assert_charon_log moon 'generating INFORMATIONAL_V1 request [0-9]+ \[ HASH N\(NO_PROP\) \]'
assert_failure_codes moon kernel-sa-install-fail
assert_record_cause moon kernel-sa-install-fail kernel-sa-install
assert_record_field moon kernel-sa-install-fail 'not a proposal mismatch'
assert_record_field moon kernel-sa-install-fail 'errno '
assert_failure_codes sun p2-proposal-pfs-mismatch
assert_record_cause sun p2-proposal-pfs-mismatch peer-rejected-proposal
lab_done
