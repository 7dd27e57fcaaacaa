#!/bin/bash
# 18 sun's kernel cannot install the SA (kernel-netlink without
# kernel-libipsec on a kernel without ESP): sun reports the install failure
# (extension code kernel sa install fail); moon only gets NO_PROPOSAL_CHOSEN
# (phase2 proposal or pfs mismatch, peer-rejected, low confidence).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_LOAD="random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 gmp aes sha1 sha2 hmac kdf kernel-netlink socket-default vici updown attr error-notify"
lab_up
lab_initiate moon net 30
assert_log sun "unable to install inbound and outbound IPsec SA \\(SAD\\) in kernel"
assert_log moon "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"
assert_failure_codes sun kernel-sa-install-fail
assert_failure_codes moon p2-proposal-pfs-mismatch
assert_record_cause moon p2-proposal-pfs-mismatch peer-rejected-proposal
lab_done
