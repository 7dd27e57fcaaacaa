#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Set up and tear down N IKE_SAs (connection gw, IKE only or with its
CHILD_SA net) over charon's VICI socket with strongSwan's Python vici
module, one after the other.

   cycle.py SOCKET N ike|child

prints "seconds <total> failed <n>" for the N cycles."""
import socket
import sys
import time

import vici


def main():
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(sys.argv[1])
    s = vici.Session(sock)
    n = int(sys.argv[2])
    req = {"ike": "gw", "timeout": "10000", "loglevel": "-1"}
    if sys.argv[3] == "child":
        req["child"] = "net"
    failed = 0
    t0 = time.monotonic()
    for _ in range(n):
        try:
            for _ in s.initiate(req):
                pass
        except vici.exception.CommandException as e:
            failed += 1
            print("initiate: %s" % e, file=sys.stderr)
        for _ in s.terminate({"ike": "gw", "timeout": "10000", "loglevel": "-1"}):
            pass
    print("seconds %.3f failed %d" % (time.monotonic() - t0, failed))


if __name__ == "__main__":
    main()
