#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Bring up CHILD_SAs c1..cN of connection gw, one after the other, over
charon's VICI socket (the first also sets up the IKE_SA).

   children.py SOCKET N

prints "seconds <total> failed <n>"."""
import socket
import sys
import time

import vici


def main():
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(sys.argv[1])
    s = vici.Session(sock)
    failed = 0
    t0 = time.monotonic()
    for i in range(1, int(sys.argv[2]) + 1):
        try:
            for _ in s.initiate({"ike": "gw", "child": "c%d" % i,
                                 "timeout": "60000", "loglevel": "-1"}):
                pass
        except vici.exception.CommandException as e:
            failed += 1
            print("initiate c%d: %s" % (i, e), file=sys.stderr)
    print("seconds %.3f failed %d" % (time.monotonic() - t0, failed))


if __name__ == "__main__":
    main()
