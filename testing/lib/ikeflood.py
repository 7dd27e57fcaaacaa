#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Send IKEv2 IKE_SA_INIT requests with an unacceptable proposal from many
source addresses (raw socket, IP_HDRINCL), for the flood test and benchmark.

   ikeflood.py DST COUNT SRC_BASE NSRC [RATE [MAJOR]]

sends COUNT requests to DST:500 from SRC_BASE + (i % NSRC) (IPv4), each with
random SPIs and nonces, proposing AES_CBC_256/HMAC_SHA2_384_192/
PRF_HMAC_SHA2_384/CURVE_25519 (the lab's gateways accept aes128-sha256).
RATE (packets per second, 0 = as fast as possible) paces the sending.
MAJOR (default 2) is the IKE major version in the header: 3 makes the
responder answer INVALID_MAJOR_VERSION before any IKE_SA exists.
Prints "sent N" at the end."""
import ipaddress
import os
import socket
import struct
import sys
import time


def transform(last, ttype, tid, keylen=None):
    attrs = struct.pack("!HH", 0x800E, keylen) if keylen else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype,
                       0, tid) + attrs


def ike_sa_init(major=2):
    trans = (transform(False, 1, 12, 256) + transform(False, 2, 6) +
             transform(False, 3, 13) + transform(True, 4, 31))
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(trans), 1, 1, 0, 4) + trans
    sa = struct.pack("!BBH", 34, 0, 4 + len(prop)) + prop
    ke = struct.pack("!BBHHH", 40, 0, 8 + 32, 31, 0) + os.urandom(32)
    nonce = struct.pack("!BBH", 0, 0, 4 + 32) + os.urandom(32)
    body = sa + ke + nonce
    hdr = os.urandom(8) + bytes(8) + struct.pack("!BBBBII", 33, major << 4, 34,
                                                 0x08, 0, 28 + len(body))
    return hdr + body


def main():
    dst = sys.argv[1]
    count = int(sys.argv[2])
    base = int(ipaddress.IPv4Address(sys.argv[3]))
    nsrc = int(sys.argv[4])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    major = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    dst_b = socket.inet_aton(dst)
    start = time.time()
    sent = 0
    for i in range(count):
        src = struct.pack("!I", base + i % nsrc)
        ike = ike_sa_init(major)
        udp = struct.pack("!HHHH", 500, 500, 8 + len(ike), 0) + ike
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                         0, src, dst_b) + udp
        try:
            s.sendto(ip, (dst, 0))
            sent += 1
        except OSError:
            time.sleep(0.001)
        if rate and i % 100 == 99:
            ahead = (i + 1) / rate - (time.time() - start)
            if ahead > 0:
                time.sleep(ahead)
    print("sent", sent)


if __name__ == "__main__":
    main()
