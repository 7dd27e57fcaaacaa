#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A client of vpndiag's VICI socket written with strongSwan's pure-Python
# "vici" module, imported from Debian's source package (PYTHONPATH set by
# the test; the module is never copied into this repository).
#
#   python-vici-list.py SOCKET_PATH
#
# prints "record <id> <code_id> <cause> <conn>" per record of vpndiag-list,
# then the catalogue size, "explain <code_id> <cause> ..." with the causes
# vpndiag-explain lists for the code of the first record, then how an
# unknown command, an unknown event and a bad argument are answered.
import socket
import sys

import vici


def s(msg, key, default="-"):
    v = msg.get(key)
    return v.decode() if v is not None else default


def main():
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(sys.argv[1])
    session = vici.Session(sock)
    records = list(session.streamed_request("vpndiag-list", "vpndiag-record"))
    for rec in records:
        print("record", s(rec, "record"), s(rec, "code_id"), s(rec, "cause"),
              s(rec, "conn"))
    codes = list(session.streamed_request("vpndiag-codes", "vpndiag-code"))
    print("codes", len(codes), sum(1 for c in codes
                                   if c["taxonomy"] == b"seed"))
    if records:
        res = session.request("vpndiag-explain",
                              {"code": s(records[0], "code_id")})
        print("explain", s(res, "code_id"),
              " ".join(s(c, "cause") for c in res["causes"].values()))
    try:
        session.request("vpndiag-no-such-command")
        print("unknown command: answered")
    except vici.exception.SessionException as e:
        print("unknown command:", type(e).__name__)
    try:
        for _ in session.listen(["vpndiag-no-such-event"]):
            break
        print("unknown event: confirmed")
    except vici.exception.EventUnknownException as e:
        print("unknown event:", type(e).__name__)
    try:
        session.request("vpndiag-list", {"limit": "many"})
        print("bad argument: accepted")
    except vici.exception.CommandException as e:
        print("bad argument:", e)


if __name__ == "__main__":
    main()
