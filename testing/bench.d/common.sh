# Shared by the measurement scripts of testing/bench (sourced after lab.sh).
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later

BENCH_D=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_SRC=$(cat "$LAB_REPO/.build/strongswan-src/PATH")
export PYTHONPATH=$BENCH_SRC/src/libcharon/plugins/vici/python${PYTHONPATH:+:$PYTHONPATH}

# a gateway's usual log levels (1 everywhere) instead of the lab's ike = 2
bench_loglevels() {
	local s
	for s in moon sun; do
		printf -v "LAB_CHARON_$s" '%s\n  filelog { lab { ike = 1 } }' "$(v=LAB_CHARON_$s; echo "${!v:-}")"
	done
}

# CPU time (user + system, all threads, in clock ticks) of a pid
bench_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# resident anonymous memory (heap, thread stacks, anonymous maps) in kB
bench_anon() { awk '/^RssAnon/ { print $2 }' "/proc/$1/status"; }
bench_rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# wait until a file stops growing for QUIET seconds (charon and vpndiag done)
bench_quiet() { # file [quiet]
	local last=-1 n
	while :; do
		n=$(stat -c %s "$1")
		[[ $n == "$last" ]] && break
		last=$n
		sleep "${2:-2}"
	done
}

# a connection on sun that matches the flood's sources, with the lab's
# proposals (the flood proposes aes256-sha384: a proposal mismatch)
BENCH_FLOOD_CONN='  flood {
    local_addrs = 192.0.2.2
    remote_addrs = 10.64.0.0/10
    proposals = aes128-sha256-x25519
    local { auth = psk }
    remote { auth = psk }
  }'
# no cookies or blocking: every request reaches the proposal check; replies
# to the flood's sources go back through moon
bench_flood_prepare() {
	LAB_CHARON_sun="${LAB_CHARON_sun:-}
  cookie_threshold = 100000000
  block_threshold = 100000000"
	LAB_CONNS_sun="${LAB_CONNS_sun:-}
$BENCH_FLOOD_CONN"
}
bench_flood_route() { ip -n "$NS_SUN" route add 10.64.0.0/10 via 192.0.2.1; }
# bench_flood COUNT NSRC RATE: from moon's namespace, spoofed 10.64.0.1 + i % NSRC
bench_flood() {
	lab_exec moon python3 "$LAB_REPO/testing/lib/ikeflood.py" 192.0.2.2 "$1" 10.64.0.1 "$2" "$3"
}

# bench_extra_conns N: N more connections on both sides (to other peers,
# never used), in LAB_CONNS_moon/sun
bench_extra_conns() {
	local i conns=
	for ((i = 0; i < $1; i++)); do
		conns+=$(printf '  dummy%d { remote_addrs = 198.51.%d.%d\n    local { auth = psk }\n    remote { auth = psk }\n    children { c { remote_ts = 10.%d.%d.0/24 } } }' \
			"$i" $((i / 250)) $((i % 250 + 1)) $((100 + i / 250)) $((i % 250)))$'\n'
	done
	LAB_CONNS_moon="${LAB_CONNS_moon:-}
$conns"
	LAB_CONNS_sun="${LAB_CONNS_sun:-}
$conns"
}
