#!/bin/bash
# The lab removes what a killed lab left behind, and nothing of a live one:
#  - a lab that is alive (holds its lock) keeps its namespaces while another
#    lab starts, even with nothing running inside them yet
#  - a lab killed by SIGKILL (no trap runs) leaves its namespaces; the next
#    lab that starts removes them and the lock file
#  - a namespace with a process inside is kept even when its lab is gone
# The "labs" here are real lab_init + lab_net_up runs (no daemons), with
# their own lock directory.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ $(id -u) == 0 ]] || lab_skip "needs root"

T_LIB=$(cd "$(dirname "$0")/../lib" && pwd)
W=$(mktemp -d /tmp/vd-reaper.XXXXXX)
# its own lock directory: labs of a parallel run never see these labs' locks
# (no lock file: not theirs), and these labs reap only each other
export VPNDIAG_LOAD=no VPNDIAG_TMPDIR=$W VPNDIAG_LAB_LOCKS=$W/locks
declare -a PIDS=()
cleanup() {
	local p n
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	for n in $(cat "$W"/*.ns 2>/dev/null); do
		[[ -e /run/netns/$n ]] && ip netns del "$n"
	done
	rm -rf "$W"
}
trap cleanup EXIT

# hold: a lab that brings its namespaces up, says so, then becomes a sleep
# (exec keeps the lab's lock: killing it is killing the lab without traps)
# start: a lab that starts (reaping on the way) and ends normally
cat >"$W/zz-helper.sh" <<EOF
#!/bin/bash
set -euo pipefail
source "$T_LIB/lab.sh"
lab_init
lab_net_up
echo "\$NS_MOON \$NS_SUN" >"$W/\$1.ns"
if [[ \$1 == start ]]; then rm -f "$W/start.ns"; exit 0; fi
exec sleep 300
EOF
chmod +x "$W/zz-helper.sh"

hold() { # name -> starts a holding lab, waits until its namespaces exist
	"$W/zz-helper.sh" "$1" >"$W/$1.log" 2>&1 &
	PIDS+=($!)
	local i
	for ((i = 0; i < 100; i++)); do [[ -s $W/$1.ns ]] && return 0; sleep 0.1; done
	cat "$W/$1.log"
	lab_die "lab $1 did not bring its namespaces up"
}
start_lab() { "$W/zz-helper.sh" start >"$W/start.log" 2>&1 || { cat "$W/start.log"; lab_die "a lab failed to start"; }; }
exists() { [[ -e /run/netns/$1 ]]; }
gone() { [[ ! -e /run/netns/$1 ]]; }

hold a
pid_a=${PIDS[-1]}
read -r a_moon a_sun <"$W/a.ns"
lock_a=$VPNDIAG_LAB_LOCKS/${a_moon%-moon}.lock
lab_check "a: lock file $lock_a exists" test -e "$lock_a"

start_lab
lab_check "a alive, nothing inside: $a_moon kept when another lab starts" exists "$a_moon"
lab_check "a alive, nothing inside: $a_sun kept when another lab starts" exists "$a_sun"

kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null || true
lab_check "a killed by SIGKILL: its namespaces are still there (no trap ran)" exists "$a_moon"

hold b
pid_b=${PIDS[-1]}
read -r b_moon b_sun <"$W/b.ns"
ip netns exec "$b_moon" sleep 300 &
PIDS+=($!)
pid_inside=$!
kill -9 "$pid_b"
wait "$pid_b" 2>/dev/null || true

start_lab
grep -hF "removed namespace" "$W/b.log" "$W/start.log" || true
lab_check "a killed: $a_moon removed by the next lab" gone "$a_moon"
lab_check "a killed: $a_sun removed by the next lab" gone "$a_sun"
lab_check "a killed: its lock file removed" test ! -e "$lock_a"
lab_check "b killed, a process inside: $b_moon kept" exists "$b_moon"
lab_check "b killed, nothing inside: $b_sun removed" gone "$b_sun"
lab_check "the next lab (b) said what it removed" grep -q "removed namespace $a_moon of a lab that was killed" "$W/b.log"

kill -9 "$pid_inside"
wait "$pid_inside" 2>/dev/null || true
start_lab
lab_check "b's process gone: $b_moon removed by the next lab" gone "$b_moon"
lab_check "b: its lock file removed" test ! -e "$VPNDIAG_LAB_LOCKS/${b_moon%-moon}.lock"

((LAB_FAILURES == 0)) || { lab_log "$LAB_FAILURES check(s) failed"; exit 1; }
lab_log "PASS"
