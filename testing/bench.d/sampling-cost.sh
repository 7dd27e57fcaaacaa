#!/bin/bash
# One measurement of testing/bench (issue 18): what sampling the CHILD_SAs'
# use statistics costs charon. sun's charon runs under
# valgrind --tool=callgrind with N CHILD_SAs up (one IKE_SA, children
# c1..cN, each for one UDP port between the LAN hosts, set up by moon one after the other), idle; its
# counters are zeroed, then dumped after S seconds. traffic.interval = 1s
# with SAMPLING=yes, 0 (off) with SAMPLING=no; batch 256.
# Prints "samples <calls of the tracker's sample()>", "job_ir <inclusive
# instructions of the sampler's jobs>", "total_ir <n>" (all threads),
# "object <lib> self_ir <n>" and vpndiag's call edges into libcharon
# (callgrind-objects.py). The bench subtracts the run without sampling from
# the run with it, per sample, and splits the job: the libcharon callee
# called twice per sample with the largest inclusive cost is
# child_sa_t.get_usestats() (libcharon is stripped: callees are addresses),
# i.e. charon's query_sa() through kernel-libipsec (a search of its SA list
# under its lock, with what it calls in libipsec, libstrongswan and libc);
# the rest of the job is vpndiag's (enumerating IKE_SAs and CHILD_SAs,
# the tracker).
#   sampling-cost.sh N S
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=${1:-100} S=${2:-10}
command -v valgrind >/dev/null || lab_skip "valgrind not installed"
lab_init >/dev/null
OUT=$LAB/callgrind.out
cat >"$LAB/callgrind-charon" <<EOT
#!/bin/sh
LD_BIND_NOW=1 exec valgrind --tool=callgrind --callgrind-out-file=$OUT /usr/lib/ipsec/charon
EOT
chmod +x "$LAB/callgrind-charon"
LAB_DAEMON_sun=$LAB/callgrind-charon
VPNDIAG_PRELOAD="/usr/lib/ipsec/libstrongswan.so.0 /usr/lib/ipsec/libcharon.so.0 $VPNDIAG_PLUGIN"
LAB_START_TIMEOUT=120
interval=1s
[[ ${SAMPLING:-yes} == no ]] && interval=0
LAB_VPNDIAG_sun="      traffic { interval = $interval
        window = 60s }"
LAB_VPNDIAG_moon="      traffic { interval = 0 }"
bench_loglevels
# one policy per child: the LAN hosts' addresses (routable, charon installs
# a route with them as source) and one UDP port each
children() { # side
	local i me=1 peer=2
	[[ $1 == sun ]] && me=2 peer=1
	for ((i = 1; i <= N; i++)); do
		printf '      c%d { local_ts = 10.%d.0.1/32[udp/%d]\n        remote_ts = 10.%d.0.1/32[udp/%d]\n        esp_proposals = aes128gcm16 }\n' \
			"$i" "$me" $((10000 + i)) "$peer" $((10000 + i))
	done
}
LAB_GW_moon="    children {
$(children moon)
    }"
LAB_GW_sun="    children {
$(children sun)
    }"
lab_net_up >/dev/null
lab_start moon sun >/dev/null
lab_load moon sun
pid=${LAB_PID[charon-sun]}
r=$(python3 "$BENCH_D/children.py" "$LAB/moon/charon.vici" "$N")
echo "setup $r"
bench_quiet "$LAB/sun/charon.log" 3
callgrind_control -z "$pid" >/dev/null 2>&1
sleep "$S"
callgrind_control -d idle "$pid" >/dev/null 2>&1
[[ -s $OUT.1 ]] || lab_die "no callgrind dump $OUT.1"
python3 "$BENCH_D/callgrind-objects.py" "$OUT.1" sample sample_job >"$LAB/summary.txt"
awk '$1 == "calls" && $2 == "sample" { print "samples", $3 }
	$1 == "calls" && $2 == "sample_job" { print "job_calls", $3; print "job_ir", $5 }
	$1 == "total" { print "total_ir", $3 }' "$LAB/summary.txt"
grep -E '^object (libstrongswan-kernel-libipsec|libipsec|libstrongswan-vpndiag|libcharon|libstrongswan|libc)\.so' "$LAB/summary.txt"
# vpndiag's calls into libcharon (stripped: callees by address), largest first
grep -E '^edge libstrongswan-vpndiag\.so libcharon\.so' "$LAB/summary.txt" | head -n 5 || true
LAB_FAILURES=0
lab_done >/dev/null
