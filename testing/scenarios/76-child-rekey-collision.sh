#!/bin/bash
# 76 CHILD_SA rekey collision that charon resolves (issue 17 B.3): both
# sides rekey the CHILD_SA after 6 s (rand_time 0). From 5.0 to 6.5 s
# after the install both drop inbound IKE, so each side's first CREATE_CHILD_SA is
# lost and its retransmit (1 s later) arrives while the receiver's own
# rekey is still outstanding: child_rekey.c collide() logs "detected
# CHILD_REKEY collision with CHILD_REKEY" (or, if the other side already
# completed its rekey and answered TEMPORARY_FAILURE, "... with
# CHILD_DELETE"), handle_collision() lets the side with the higher nonce
# win ("CHILD_SA rekey collision won, deleting old child") and the other
# delete its redundant SA ("CHILD_SA rekey collision lost, deleting
# redundant child"). The tunnel ends with one
# CHILD_SA per side and carries traffic: no failure record on either side.
# One ordering breaks the tunnel in charon 5.9.8 itself (seen in a CI run
# on 2026-12-05, in none of seven runs afterwards; docs/reliability.md, "Rekey
# collisions"): a side that answered the peer's rekey (collision with
# CHILD_REKEY) processes the peer's TEMPORARY_FAILURE before the peer's
# DELETE of the old SA; child_rekey.c schedule_delayed_rekey() sets the old
# SA back to CHILD_INSTALLED, so child_delete.c handles the DELETE as a
# plain one and never installs the new SA's outbound half. vpndiag has no
# rule for it yet (it records the peer's delete, peer-request): when it
# happens, the attempt's evidence is kept in attempt-N/ and the scenario
# runs again in a new lab, at most three times. The same when the drop
# was not in place at the rekey (a CI run on 2026-12-05: both sides'
# rules took effect after 6 s, sun's rekey went through, no collision).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
if [[ -z ${VPNDIAG_76_ATTEMPT:-} ]]; then
	for attempt in 1 2 3; do
		rc=0
		VPNDIAG_76_ATTEMPT=$attempt "$0" "$@" || rc=$?
		((rc == 75)) || exit "$rc"
		if [[ -n ${VPNDIAG_RESULTS_DIR:-} ]]; then
			mkdir -p "$VPNDIAG_RESULTS_DIR/attempt-$attempt"
			mv "$VPNDIAG_RESULTS_DIR"/{moon,sun} "$VPNDIAG_RESULTS_DIR/attempt-$attempt/" 2>/dev/null || true
		fi
	done
	exit 1
fi
lab_init
lab_set both net.rekey_time 6s
lab_set both net.rand_time 0
# the default life_time (rekey_time + 10 %) would expire it before the retransmit
lab_set both net.life_time 60s
lab_up
lab_initiate moon net 30
t0=${EPOCHREALTIME/./} # µs; both CHILD_SAs were installed a few ms before
since() { echo $(((${EPOCHREALTIME/./} - t0) / 1000)); } # ms since t0
# sleep until MS after t0 (in the shell: python3 -c, a pyenv shim here, took
# up to 0.8 s to start under load, and that delay went into the sleep)
sleep_until() {
	local d=$(($1 - $(since)))
	((d <= 0)) || sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
}
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "ping before the rekey" lab_ping
# drop from 5.0 s to 6.5 s after the install: the first CREATE_CHILD_SA of
# each side (at 6 s) is lost, the retransmits (at 7 s: retransmit_timeout
# 1.0) arrive. Both sides' rules are set and removed at the same time; if on
# a busy machine a rule is not in place at 6 s (or is removed before), this
# attempt cannot provoke the collision and is run again (below).
sleep_until 5000
drop='table inet lab { chain in { type filter hook input priority 0; udp dport { 500, 4500 } drop; }; }'
lab_nft moon <<<"$drop" &
pm=$!
lab_nft sun <<<"$drop" &
ps=$!
wait "$pm" && wait "$ps"
set_ms=$(since)
sleep_until 6500
lab_exec moon nft delete table inet lab &
pm=$!
lab_exec sun nft delete table inet lab &
ps=$!
wait "$pm" && wait "$ps"
removed_ms=$(since)
# shellcheck disable=SC2034 # read by lab.sh (the nft calls ran in subshells)
LAB_SETTLED=0
lab_log "inbound IKE dropped on both sides from $set_ms ms to $removed_ms ms after the install"
if ((set_ms >= 5950 || removed_ms <= 6050)); then
	if ((VPNDIAG_76_ATTEMPT < 3)); then
		lab_log "the drop did not cover the rekey at 6 s (nft too slow on this machine now): attempt $VPNDIAG_76_ATTEMPT of 3, again in a new lab"
		exit 75
	fi
	lab_error "the drop did not cover the rekey at 6 s in three attempts"
fi
# which side sees which collision depends on which retransmit is processed
# first (both leave within a millisecond): either both see CHILD_REKEY
# against CHILD_REKEY (one wins, one loses), or one side has already
# completed its rekey, answers the other's with TEMPORARY_FAILURE and the
# other sees CHILD_REKEY against that CHILD_DELETE
# (strongSwan 6.x reworked it: "detected rekey collision for CHILD_SA
# net{1}", the loser answers TEMPORARY_FAILURE and waits for the delete)
collision_re='detected CHILD_REKEY collision with CHILD_(REKEY|DELETE)|detected rekey collision for CHILD_SA'
lab_wait_log moon "$collision_re" 5 || lab_wait_log sun "$collision_re" 5 || true
collisions=$(cat "$LAB"/{moon,sun}/charon.log | grep -v 'vpndiag: ' | grep -cE "$collision_re" || true)
lab_log "collisions detected: $collisions; $(cat "$LAB"/{moon,sun}/charon.log | grep -v 'vpndiag: ' | grep -oE "$collision_re|CHILD_SA rekey collision [a-z]*|N\(TEMP_FAIL\)" | sort | uniq -c | xargs)"
lab_check "a rekey collision was detected" test "$collisions" -ge 1
sleep 1
for s in moon sun; do
	n=$(lab_swanctl "$s" --list-sas --raw | grep -o 'state=INSTALLED' | wc -l)
	lab_check "$s: one installed CHILD_SA after the collision" test "$n" = 1
done
if ! lab_ping; then
	# charon's own broken ordering (above): the side that answered the
	# peer's rekey and then gave up its own
	stranded=
	for s in moon sun; do
		log=$(grep -v 'vpndiag: ' "$LAB/$s/charon.log")
		if grep -q 'detected CHILD_REKEY collision with CHILD_REKEY' <<<"$log" &&
			grep -q 'CHILD_SA rekeying failed, trying again' <<<"$log" &&
			! grep -q 'detected CHILD_REKEY collision with CHILD_DELETE' <<<"$log"; then
			stranded=$s
		fi
	done
	if [[ -n $stranded ]] && ((VPNDIAG_76_ATTEMPT < 3)); then
		lab_log "charon left $stranded's new CHILD_SA without its outbound SA (TEMPORARY_FAILURE before the peer's DELETE): attempt $VPNDIAG_76_ATTEMPT of 3, again in a new lab"
		exit 75
	fi
	[[ -n $stranded ]] && lab_log "charon left the new CHILD_SA of $stranded without its outbound SA in all three attempts"
	lab_error "ping after the collision"
fi
assert_failure_codes moon
assert_failure_codes sun
assert_record moon p2-sa-replace info
assert_record sun p2-sa-replace info
lab_done
