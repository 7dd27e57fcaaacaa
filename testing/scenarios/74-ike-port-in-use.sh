#!/bin/bash
# 74 charon cannot bind its IKE socket (issue 17 B.2): before sun's charon
# starts, another process (python3, as a second IKE daemon would) binds
# UDP 500 on 0.0.0.0 in sun's namespace. socket-default logs "unable to
# bind socket: Address already in use" and "could not open IPv4 socket,
# IPv4 disabled" (socket_default_socket.c open_socket(), open_socketpair())
# and never retries; charon keeps running with its IPv6 sockets only.
# Once charon has started, sun's vpndiag finds the holder in /proc and
# records ike-port-unavailable (port-in-use, no connection) naming it. moon
# gets no answer to IKE_SA_INIT: its existing no-response record, whose
# detail names a peer not listening among the readings.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_net_up
_lab_spawn sun "$LAB/sun/holder.out" python3 -c '
import os, socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 500))
print("bound", os.getpid(), flush=True)
time.sleep(600)'
_lab_track holder $!
for ((i = 0; i < 100; i++)); do grep -q bound "$LAB/sun/holder.out" 2>/dev/null && break; sleep 0.05; done
holder=$(awk '/bound/ {print $2}' "$LAB/sun/holder.out")
lab_check "python3 holds UDP 500 in sun's namespace" test -n "$holder"
lab_start moon sun
lab_load moon sun
assert_charon_log sun 'unable to bind socket: Address already in use'
assert_charon_log sun 'could not open IPv4 socket, IPv4 disabled'
wait_for_record sun ike-port-unavailable 5 || true
assert_failure_codes sun ike-port-unavailable
assert_record_cause sun ike-port-unavailable port-in-use
assert_log sun "vpndiag: ike port unavailable \\[ike-port-unavailable, err, #[0-9]+\\] conn - peer - cause port-in-use: charon has no IPv4 socket on UDP 500 \\(charon.port\\): pid $holder \\(python3\\) holds it"
assert_json sun ike-port-unavailable fix local
lab_check "one record: the IPv6 socket and UDP 4500 are fine" test "$(lab_records sun | grep -c '^ike-port-unavailable ')" = 1

lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'giving up after 3 retransmits'
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached no-response
assert_log moon 'vpndiag: .*cause no-response: .*or the peer not listening on it'
# sun's charon never saw the IKE_SA_INIT: python3 got it
assert_no_charon_log sun 'IKE_SA_INIT' 'IKE traffic'
assert_failure_codes sun ike-port-unavailable
lab_done
