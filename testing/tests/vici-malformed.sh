#!/bin/bash
# Malformed VICI input against a real charon (issue 5, contract 3): broken
# framing (oversized length, truncated segment, a stalled partial segment,
# a server-only packet type) closes that connection; an unknown command gets
# CMD_UNKNOWN, an unknown event EVENT_UNKNOWN, bad arguments success=no with
# errmsg. charon keeps running and answering, and the history is intact.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 15
assert_failure_codes sun p1-proposal-mismatch
before=$(lab_vpndiag sun --list --json)

out=$(python3 - "$LAB/sun/vpndiag.vici" <<'PY'
import socket, struct, sys, time

path = sys.argv[1]

def conn():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(15)
    s.connect(path)
    return s

def packet(ptype, name=None, msg=b""):
    body = bytes([ptype])
    if name is not None:
        body += bytes([len(name)]) + name.encode()
    body += msg
    return struct.pack("!I", len(body)) + body

def recv(s):
    hdr = b""
    while len(hdr) < 4:
        c = s.recv(4 - len(hdr))
        if not c:
            return None
        hdr += c
    n = struct.unpack("!I", hdr)[0]
    data = b""
    while len(data) < n:
        c = s.recv(n - len(data))
        if not c:
            return None
        data += c
    return data

def kv(k, v):
    return bytes([3, len(k)]) + k.encode() + struct.pack("!H", len(v)) + v.encode()

def closed(s):
    # EOF, or a reset when the server closed with our bytes unread
    try:
        return s.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False

s = conn()
s.sendall(packet(0, "vpndiag-nothing"))
print("unknown command:", recv(s)[0])            # 2 = CMD_UNKNOWN
s.sendall(packet(3, "vpndiag-nothing"))
print("unknown event:", recv(s)[0])              # 6 = EVENT_UNKNOWN
s.sendall(packet(0, "vpndiag-list", kv("since", "next tuesday")))
r = recv(s)
print("bad since:", r[0], b"success\x00\x02no" in r, b"invalid since" in r)
s.sendall(packet(0, "vpndiag-explain", kv("code", "x" * 300)))
r = recv(s)
print("long bad code:", r[0], b"success\x00\x02no" in r)
s.sendall(packet(0, "vpndiag-counters", bytes([1, 1]) + b"s"))
r = recv(s)
print("unbalanced message:", r[0], b"malformed request message" in r)
s.sendall(packet(1))
print("server-only type closes:", closed(s))

s = conn()
s.sendall(struct.pack("!I", 0x7fffffff) + b"\x00")
print("oversized closes:", closed(s))

s = conn()
s.sendall(struct.pack("!I", 0))
print("zero length closes:", closed(s))

s = conn()
s.sendall(struct.pack("!I", 100) + b"\x00\x0cvpndiag-list")
s.close()                                         # truncated, gone

s = conn()
t = time.time()
s.sendall(struct.pack("!I", 100) + b"\x00\x0cvpndiag")
print("stalled partial closes:", closed(s), round(time.time() - t) >= 9)

s = conn()
s.sendall(packet(0, "vpndiag-counters"))
r = recv(s)
print("still answering:", r is not None and r[0] == 1)
PY
)
echo "$out" >"$LAB/malformed.out"
lab_log "$(tr '\n' ';' <<<"$out")"
lab_check "unknown command -> CMD_UNKNOWN" grep -qx 'unknown command: 2' <<<"$out"
lab_check "unknown event -> EVENT_UNKNOWN" grep -qx 'unknown event: 6' <<<"$out"
lab_check "bad argument -> success=no, errmsg" grep -qx 'bad since: 1 True True' <<<"$out"
lab_check "oversized argument -> success=no" grep -qx 'long bad code: 1 True' <<<"$out"
lab_check "malformed message -> success=no, errmsg" grep -qx 'unbalanced message: 1 True' <<<"$out"
lab_check "server-only packet type -> closed" grep -qx 'server-only type closes: True' <<<"$out"
lab_check "oversized length -> closed" grep -qx 'oversized closes: True' <<<"$out"
lab_check "zero length -> closed" grep -qx 'zero length closes: True' <<<"$out"
lab_check "stalled partial segment -> closed after 10 s" grep -qx 'stalled partial closes: True True' <<<"$out"
lab_check "the socket still answers" grep -qx 'still answering: True' <<<"$out"
lab_check "charon still runs" _lab_alive charon-sun
lab_check "history intact" test "$(lab_vpndiag sun --list --json)" = "$before"
lab_check "charon logged the closed connections" grep -q 'vpndiag: VICI client [0-9]* sent a segment of 2147483647 bytes' "$LAB/sun/charon.log"
lab_initiate moon net 15
lab_check "diagnosing goes on (the record folds: count 2)" bash -c '"$1" --list --json --uri "$2" | grep -q "\"count\":2"' _ "$VPNDIAG_CLI" "unix://$LAB/sun/vpndiag.vici"
lab_done
