#!/bin/bash
# 68 datagrams on UDP 500 that charon refuses by their IKE header, before
# any IKE_SA exists (lib/ikecraft.py, raw socket in moon's namespace):
#  - 16 bytes from 10.64.0.4: shorter than an IKE header (28 bytes);
#    receiver.c:receive_packets() passes it to the parser ("header could not
#    be parsed") and raises ALERT_PARSE_ERROR_HEADER: short packet
#    (short-datagram);
#  - an IKEv2 header with exchange type 99 from 10.64.0.5:
#    ike_header.c:verify() refuses it ("header verification failed"), the
#    same alert: unknown exchange type;
#  - an IKEv1 Main Mode header with message ID 1 from 10.64.0.7: verify()
#    refuses it too, but the exchange type is defined, so the header is at
#    fault: malformed message (bad-header);
#  - an IKEv2 IKE_AUTH request with SPIs sun never assigned from 10.64.0.6:
#    ike_sa_manager.c:checkout_by_message() finds no IKE_SA and raises
#    ALERT_INVALID_IKE_SPI: cookie mismatch (unknown-ike-spi).
# All without a connection. moon's charon takes no part (the packets are
# not its own): it records nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_net_up
ip -n "$NS_SUN" route add 10.64.0.0/16 via 192.0.2.1
lab_start moon sun
lab_load moon sun
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" short 192.0.2.2 10.64.0.4 16
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" exchange 192.0.2.2 10.64.0.5 99
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" stray 192.0.2.2 10.64.0.6
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" mainmode-mid 192.0.2.2 10.64.0.7
wait_for_record sun malformed-message 5 || true
assert_charon_log sun 'header could not be parsed'
lab_check "sun log: header verification failed twice" \
	test "$(_lab_charon_lines sun | grep -c 'header verification failed')" = 2
assert_failure_codes sun short-packet unknown-exchange-type malformed-message cookie-mismatch
assert_record_cause sun short-packet short-datagram
assert_record_conn sun short-packet -
assert_json sun short-packet remote '10.64.0.4[500]'
assert_record_cause sun unknown-exchange-type unknown-exchange-type
assert_record_conn sun unknown-exchange-type -
assert_json sun unknown-exchange-type remote '10.64.0.5[500]'
assert_record_field sun unknown-exchange-type 'exchange type 99'
assert_record_cause sun malformed-message bad-header
assert_json sun malformed-message remote '10.64.0.7[500]'
assert_json sun malformed-message conn null
assert_record_cause sun cookie-mismatch unknown-ike-spi
assert_json sun cookie-mismatch remote '10.64.0.6[500]'
assert_json sun cookie-mismatch conn null
assert_failure_codes moon -
lab_done
