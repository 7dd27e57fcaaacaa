#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Set up and tear down N IKE_SAs (IKE only or with one CHILD_SA) over
charon's VICI socket with strongSwan's Python vici module, in P concurrent
sessions (P > 1 keeps the CPUs busy: the rate is then bound by CPU time,
not by the latency of one exchange after the other). With P = 1 the
connection is gw (child net), else session i initiates and terminates its
own connection bench<i> (child bench<i>, setup-rate.sh configures them).

   cycle.py SOCKET N ike|child [P]

prints "seconds <total> failed <n>" for the N cycles."""
import socket
import sys
import threading
import time

import vici


def session(path, n, child, conn, out):
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(path)
    s = vici.Session(sock)
    req = {"ike": conn, "timeout": "10000", "loglevel": "-1"}
    if child:
        req["child"] = "net" if conn == "gw" else conn
    failed = 0
    for _ in range(n):
        try:
            for _ in s.initiate(req):
                pass
        except vici.exception.CommandException as e:
            failed += 1
            print("initiate %s: %s" % (conn, e), file=sys.stderr)
        try:
            for _ in s.terminate({"ike": conn, "timeout": "10000", "loglevel": "-1"}):
                pass
        except vici.exception.CommandException as e:
            print("terminate %s: %s" % (conn, e), file=sys.stderr)
    out.append(failed)


def main():
    path, n, child = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "child"
    p = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    out = []
    threads = [threading.Thread(target=session, args=(
        path, n // p + (i < n % p), child, "gw" if p == 1 else "bench%d" % i, out))
        for i in range(p)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("seconds %.3f failed %d" % (time.monotonic() - t0, sum(out) + p - len(out)))


if __name__ == "__main__":
    main()
