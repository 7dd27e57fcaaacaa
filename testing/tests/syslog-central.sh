#!/bin/bash
# Central syslog (issue 23): the documented rsyslog configurations
# (docs/rsyslog/vpndiag-gateway.conf and vpndiag-central.conf, paths and
# addresses replaced by the lab's) in two real rsyslogd daemons with their
# own config and pid files: the gateway's in sun's namespace takes vpndiag's
# datagrams on its dedicated input socket (the plugin's syslog.socket) and
# forwards them over TCP with octet-counted framing to the central one in
# moon's namespace (192.0.2.1:10514), which parses the RFC 5424 structured
# data with mmpstrucdata. The central file holds the record of a failure
# between the gateways with code, code_id, conn, remote and cause as parsed
# fields; the framing on the wire is checked with a capture.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v rsyslogd >/dev/null || lab_skip "rsyslogd not installed (run testing/setup)"
[[ -f /usr/lib/x86_64-linux-gnu/rsyslog/mmpstrucdata.so || -n $(find /usr/lib -name mmpstrucdata.so -print -quit 2>/dev/null) ]] ||
	lab_skip "rsyslog's mmpstrucdata module not installed"
DOC=$LAB_REPO/docs/rsyslog
lab_init
EV=${VPNDIAG_RESULTS_DIR:-$LAB}
mkdir -p "$EV" "$LAB/central/work" "$LAB/central/log" "$LAB/gw/work"
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_net_up

# central: the documented file, port and log directory of the lab, bound to
# moon's address only
{
	echo "global(workDirectory=\"$LAB/central/work\")"
	sed -e 's|input(type="imtcp" Port="514"|input(type="imtcp" Address="192.0.2.1" Port="10514"|' \
		-e "s|/var/log/vpndiag/|$LAB/central/log/|" "$DOC/vpndiag-central.conf"
} >"$LAB/central/rsyslog.conf"
# gateway: imuxsock (Debian's rsyslog.conf loads it), then the documented
# file with the lab's socket (sun's syslog.socket), log and central server
{
	echo "global(workDirectory=\"$LAB/gw/work\")"
	echo 'module(load="imuxsock" SysSock.Use="off")'
	sed -e "s|/run/vpndiag/syslog.sock|$LAB/sun/syslog.sock|" \
		-e "s|/var/log/vpndiag.log|$LAB/gw/vpndiag.log|" \
		-e 's|Target="syslog.example.org" Port="514"|Target="192.0.2.1" Port="10514"|' "$DOC/vpndiag-gateway.conf"
} >"$LAB/gw/rsyslog.conf"
grep -q "192.0.2.1:10514\|Address=\"192.0.2.1\" Port=\"10514\"" "$LAB/central/rsyslog.conf" || lab_die "central config not adapted"
grep -q 'Target="192.0.2.1" Port="10514"' "$LAB/gw/rsyslog.conf" || lab_die "gateway config not adapted"
for c in central gw; do
	rsyslogd -N1 -f "$LAB/$c/rsyslog.conf" >"$LAB/$c/check.out" 2>&1 || lab_die "rsyslogd -N1 rejects the $c config: $(cat "$LAB/$c/check.out")"
done
lab_log "rsyslogd -N1 accepts both configurations"

ip netns exec "$NS_MOON" rsyslogd -n -f "$LAB/central/rsyslog.conf" -i "$LAB/central/rsyslogd.pid" \
	>"$LAB/central/rsyslog.out" 2>&1 </dev/null &
_lab_track rsyslog-central $!
for ((i = 0; i < 100; i++)); do
	ip netns exec "$NS_MOON" ss -Hltn 'sport = :10514' | grep -q 192.0.2.1 && break
	_lab_alive rsyslog-central || lab_die "central rsyslogd exited: $(cat "$LAB/central/rsyslog.out")"
	sleep 0.05
done
((i < 100)) || lab_die "central rsyslogd does not listen on 192.0.2.1:10514"
# the frames on the wire (sun's side of the veth)
ip netns exec "$NS_SUN" tcpdump -Z root --immediate-mode -i any -U -w "$LAB/tcp.pcap" 'tcp port 10514' >"$LAB/tcpdump.out" 2>&1 </dev/null &
_lab_track tcpdump $!
ip netns exec "$NS_SUN" rsyslogd -n -f "$LAB/gw/rsyslog.conf" -i "$LAB/gw/rsyslogd.pid" \
	>"$LAB/gw/rsyslog.out" 2>&1 </dev/null &
_lab_track rsyslog-gw $!
for ((i = 0; i < 100; i++)); do
	[[ -S $LAB/sun/syslog.sock ]] && break
	_lab_alive rsyslog-gw || lab_die "gateway rsyslogd exited: $(cat "$LAB/gw/rsyslog.out")"
	sleep 0.05
done
((i < 100)) || lab_die "gateway rsyslogd: no socket after 5 s"
# rsyslogd writes its pid file on its own schedule, not before it listens
# (a CI run found the check a moment too early): up to 5 s
for ((i = 0; i < 100; i++)); do
	[[ -s $LAB/central/rsyslogd.pid && -s $LAB/gw/rsyslogd.pid ]] && break
	sleep 0.05
done
lab_check "pid files written" test -s "$LAB/central/rsyslogd.pid" -a -s "$LAB/gw/rsyslogd.pid"

lab_start moon sun
lab_load moon sun
lab_initiate moon net 15
assert_record_cause sun p1-proposal-mismatch no-common-proposal

host=$(ip netns exec "$NS_SUN" hostname)
f=$LAB/central/log/$host.log
lab_wait_file_grep "$f" 'msgid=VPNDIAG-1 ' 10 || true
cp "$f" "$EV/central-vpndiag.log" 2>/dev/null || true
cp "$LAB/gw/vpndiag.log" "$EV/gateway-vpndiag.log" 2>/dev/null || true
cp "$LAB/central/rsyslog.conf" "$EV/central-rsyslog.conf"
cp "$LAB/gw/rsyslog.conf" "$EV/gateway-rsyslog.conf"
lab_check "the gateway keeps the RFC 5424 line locally" grep -qE \
	'^<27>1 [^ ]+ [^ ]+ vpndiag [0-9]+ VPNDIAG-1 \[vpndiag@32473 code="phase1 proposal mismatch" ' "$LAB/gw/vpndiag.log"
lab_check "the central file holds the record with the parsed fields" grep -qE \
	'host=[^ ]+ msgid=VPNDIAG-1 severity=err code="phase1 proposal mismatch" code_id=p1-proposal-mismatch conn="gw" remote=192\.0\.2\.1\[500\] cause=no-common-proposal msg="phase1 proposal mismatch' "$f"
lab_log "central: $(head -n 1 "$f" 2>/dev/null | cut -c1-300)"
# the framing: each message on the TCP stream starts with its length
_lab_kill tcpdump INT
tcpdump -r "$LAB/tcp.pcap" -A 2>/dev/null >"$EV/tcp.txt" || true
lab_check "octet-counted framing on the wire (\"<len> <27>1 ...\")" grep -qE '[0-9]+ <27>1 [^ ]+ [^ ]+ vpndiag [0-9]+ VPNDIAG-1 ' "$EV/tcp.txt"
lab_check "the central server listens on moon's address only" bash -c \
	'! ip netns exec "$1" ss -Hltn "sport = :10514" | grep -qv 192.0.2.1' _ "$NS_MOON"
_lab_kill rsyslog-gw
_lab_kill rsyslog-central
lab_done
