#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Send crafted IKE messages from a chosen source address (raw socket,
IP_HDRINCL), for the pre-SA scenarios (65-67).

   ikecraft.py init DST SRC COUNT [GAP]
       COUNT IKEv2 IKE_SA_INITs the lab's gateways accept
       (AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519, random
       SPIs, key share and nonce), GAP seconds apart (default 0.05): each
       leaves a half-open IKE_SA at a responder that has an IKE config for
       SRC
   ikecraft.py version DST SRC MAJOR
       one IKE_SA_INIT with IKE major version MAJOR in its header
   ikecraft.py exchange DST SRC TYPE
       one IKE_SA_INIT body under an IKEv2 header with exchange type TYPE
   ikecraft.py short DST SRC SIZE
       one datagram of SIZE bytes (zeros) to UDP 500
   ikecraft.py mainmode-mid DST SRC
       an IKEv1 Main Mode header with message ID 1 (Main Mode uses 0)
   ikecraft.py critical DST SRC
       an acceptable IKE_SA_INIT with an unknown payload (type 200) flagged
       critical
   ikecraft.py badlength DST SRC
       an IKE_SA_INIT whose KE payload claims 4 bytes, less than its header
   ikecraft.py stray DST SRC
       an IKEv2 IKE_AUTH request with random initiator and responder SPIs
       and an SK payload of random bytes: an IKE_SA the responder does not
       know

Prints "sent N"."""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ikeflood import transform  # noqa: E402


def ike_sa_init(major=2, exchange=34):
    trans = (transform(False, 1, 12, 128) + transform(False, 3, 12) +
             transform(False, 2, 5) + transform(True, 4, 31))
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(trans), 1, 1, 0, 4) + trans
    sa = struct.pack("!BBH", 34, 0, 4 + len(prop)) + prop
    ke = struct.pack("!BBHHH", 40, 0, 8 + 32, 31, 0) + os.urandom(32)
    nonce = struct.pack("!BBH", 0, 0, 4 + 32) + os.urandom(32)
    body = sa + ke + nonce
    hdr = os.urandom(8) + bytes(8) + struct.pack(
        "!BBBBII", 33, major << 4, exchange, 0x08, 0, 28 + len(body))
    return hdr + body


def send(s, dst, src, ike):
    udp = struct.pack("!HHHH", 500, 500, 8 + len(ike), 0) + ike
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst)) + udp
    s.sendto(ip, (dst, 0))


def main(argv):
    if len(argv) < 3 or argv[0] not in ("init", "version", "exchange",
                                        "short", "mainmode-mid", "stray",
                                        "critical", "badlength"):
        sys.exit(__doc__)
    mode, dst, src = argv[0], argv[1], argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    sent = 0
    if mode == "init":
        gap = float(argv[4]) if len(argv) > 4 else 0.05
        for _ in range(int(argv[3])):
            send(s, dst, src, ike_sa_init())
            sent += 1
            time.sleep(gap)
    elif mode == "version":
        send(s, dst, src, ike_sa_init(int(argv[3])))
        sent += 1
    elif mode == "exchange":
        send(s, dst, src, ike_sa_init(2, int(argv[3])))
        sent += 1
    elif mode == "short":
        send(s, dst, src, bytes(int(argv[3])))
        sent += 1
    elif mode in ("critical", "badlength"):
        ike = bytearray(ike_sa_init())
        sa_len = struct.unpack("!H", ike[30:32])[0]
        ke = 28 + sa_len
        if mode == "badlength":
            ike[ke + 2:ke + 4] = struct.pack("!H", 4)
        else:
            nonce = ke + struct.unpack("!H", ike[ke + 2:ke + 4])[0]
            ike[nonce] = 200
            ike += struct.pack("!BBH", 0, 0x80, 8) + os.urandom(4)
            ike[24:28] = struct.pack("!I", len(ike))
        send(s, dst, src, bytes(ike))
        sent += 1
    elif mode == "mainmode-mid":
        body = ike_sa_init()[28:]
        hdr = os.urandom(8) + bytes(8) + struct.pack(
            "!BBBBII", 1, 0x10, 2, 0, 1, 28 + len(body))
        send(s, dst, src, hdr + body)
        sent += 1
    else:
        sk = struct.pack("!BBH", 35, 0, 4 + 64) + os.urandom(64)
        hdr = os.urandom(16) + struct.pack("!BBBBII", 46, 0x20, 35, 0x08, 1,
                                           28 + len(sk))
        send(s, dst, src, hdr + sk)
        sent += 1
    print("sent", sent)


if __name__ == "__main__":
    main(sys.argv[1:])
