#!/bin/bash
# 75 IKEv1 Main Mode responder with several %any PSK connections (issue 17
# B.4): sun has two IKEv1 connections that accept any peer address, 'gw' for
# moon.lab and 'roadwarrior' for other.lab, each with its own secret. As
# Main Mode responder charon must derive the keys before it can decrypt
# moon's ID (ikev1/tasks/main_mode.c build_r() MM_KE without a peer
# config): phase1.c lookup_shared_key() enumerates the configs for the
# addresses and takes the key of the first whose configured identities
# have a secret. Here that is roadwarrior's, so moon's ID message does not
# decrypt although moon and gw share their key. sun's record names the
# ambiguity and the candidates (psk-ambiguous, medium); moon only sees a
# failed Main Mode (psk-mismatch, as in 19c).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set sun gw.remote_addrs %any
# gw's local side %any too: roadwarrior (local_addrs 192.0.2.2) matches the
# addresses better, so charon's backend_manager.c
# create_peer_cfg_enumerator() (insert_sorted()) lists it first
lab_set sun gw.local_addrs %any
LAB_CONNS_sun='  roadwarrior {
    version = 1
    local_addrs = 192.0.2.2
    remote_addrs = %any
    proposals = aes128-sha256-x25519
    local { auth = psk
      id = sun.lab }
    remote { auth = psk
      id = other.lab }
    children { rw { local_ts = 10.2.0.0/16
      esp_proposals = aes128gcm16 } }
  }'
LAB_SECRETS_sun='  ike-rw {
    id-1 = sun.lab
    id-2 = other.lab
    secret = "roadwarrior-secret-000"
  }'
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun "could not decrypt payloads"
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-ambiguous
assert_json sun auth-fail confidence medium
assert_log sun "vpndiag: .*cause psk-ambiguous: .*2 IKEv1 connections accept these addresses with 2 different keys: .*'roadwarrior' \\(key used\\).*'gw' \\(another key\\)|'gw' \\(another key\\).*'roadwarrior' \\(key used\\)"
assert_log sun "vpndiag: #[0-9]+ remedy: A Main Mode responder needs the PSK to decrypt"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail psk-mismatch
lab_done
