#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vpndiag-list with and without batch, through strongSwan's Python "vici"
# module (imported from Debian's source package; PYTHONPATH set by the test).
#
#   python-vici-list-batch.py SOCKET_PATH
#
# For several filters (none, conn, conn -, remote, remote_id, code, since,
# limit, two combined) and batch sizes 1, 7, 100 and 1000 it lists the
# records once with one vpndiag-record event per record and once with
# vpndiag-records events, and compares them: the same records (every key and
# value), in the same order, sub-sections named 1, 2, ... by position, the
# final reply's count equal to the records received; and with layout = flat
# (batch 100) every record's list of key=value items equal to the unbatched
# record flattened (docs/vici.md, "Flat layout"). Prints one line per
# comparison, "PASS ..." or "FAIL ...", then facts the test asserts:
#   records N                      (all records, unbatched)
#   events-1000 E sizes S1,S2,...  (batch 1000: records per event)
#   bytecut yes|no                 (batch 1000: every event but the last
#                                   complete at 64 KiB, all under 512 KiB)
#   flat-events-1000 E sizes ..., flat-bytecut yes|no   (the same with
#                                   layout flat, complete at 256 KiB)
#   invalid <value>: <errmsg>      (batch 0, 1001, abc)
#   unregistered: <errmsg>         (batch without registering vpndiag-records)
#   plain-unregistered count N     (no batch, nothing registered: as before)
#   layout <value> [batch]: <errmsg>  (layout without batch, an unknown layout)
import socket
import sys

import vici
from vici.protocol import Message

LIMIT = 512 * 1024
CUT = 64 * 1024
FLAT_CUT = 256 * 1024
NAME = "vpndiag-records"


def session(path):
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(path)
    return vici.Session(sock)


def plain(s, args):
    return list(s.streamed_request("vpndiag-list", "vpndiag-record", dict(args)))


def batched(s, args, n):
    """the records of a batched listing, and the events as received"""
    events = list(s.streamed_request("vpndiag-list", NAME,
                                     dict(args, batch=str(n))))
    records = []
    for ev in events:
        if list(ev.keys()) != ["records"]:
            raise AssertionError("event keys %s" % list(ev.keys()))
        for name, rec in ev["records"].items():
            if name != str(len(records) + 1):
                raise AssertionError("sub-section %s at position %d" % (name, len(records) + 1))
            records.append(rec)
    return records, events


def flatten(rec, prefix=b""):
    """an unbatched record as the items of its flat list"""
    items = []
    for key, value in rec.items():
        name = prefix + key.encode()
        if isinstance(value, dict):
            items += flatten(value, name + b".")
        elif isinstance(value, list):
            items += [name + b"[]=" + item for item in value]
        else:
            items.append(name + b"=" + value)
    return items


def flat(s, args, n):
    """the records of a listing with layout flat: lists of key=value items"""
    events = list(s.streamed_request("vpndiag-list", NAME,
                                     dict(args, batch=str(n), layout="flat")))
    records = []
    for ev in events:
        if list(ev.keys()) != ["records"]:
            raise AssertionError("event keys %s" % list(ev.keys()))
        for name, rec in ev["records"].items():
            if name != str(len(records) + 1) or not isinstance(rec, list):
                raise AssertionError("element %s at position %d is no list" % (name, len(records) + 1))
            records.append(rec)
    return records, events


def segment(ev):
    """bytes of an event's segment after the length field (type, name, message)"""
    return 2 + len(NAME) + len(Message.serialize(ev))


def main():
    path = sys.argv[1]
    s = session(path)
    every = plain(s, {})
    print("records", len(every))
    with_conn = [r for r in every if r.get("conn")]
    with_rid = [r for r in every if r.get("remote_id")]
    flood = [r for r in every if not r.get("conn")]
    mid = every[len(every) // 2] if every else {}
    filters = [("none", {})]
    if with_conn:
        filters.append(("conn", {"conn": with_conn[0]["conn"]}))
    filters.append(("conn -", {"conn": "-"}))
    if flood:
        filters.append(("remote", {"remote": flood[len(flood) // 3]["remote"].split(b"[")[0]}))
    filters.append(("remote_id", {"remote_id": with_rid[0]["remote_id"] if with_rid else "sun.lab"}))
    if every:
        filters.append(("code", {"code": every[0]["code_id"]}))
        filters.append(("since", {"since": mid["last"]}))
    filters.append(("limit", {"limit": "25"}))
    filters.append(("code+limit", {"code": "p1-proposal-mismatch", "limit": "600"}))
    for what, args in filters:
        one = plain(s, args)
        for n in (1, 7, 100, 1000):
            try:
                got, events = batched(s, args, n)
                if got != one:
                    print("FAIL %s batch %d: %d records, %d without batch, differ" % (what, n, len(got), len(one)))
                elif any(len(ev["records"]) > n for ev in events):
                    print("FAIL %s batch %d: an event holds more than %d records" % (what, n, n))
                elif any(segment(ev) > LIMIT for ev in events):
                    print("FAIL %s batch %d: an event over 512 KiB" % (what, n))
                else:
                    print("PASS %s batch %d: %d records in %d events, as without batch" % (what, n, len(got), len(events)))
            except Exception as e:  # noqa: BLE001 (reported, the test fails)
                print("FAIL %s batch %d: %s: %s" % (what, n, type(e).__name__, e))
        try:
            got, events = flat(s, args, 100)
            want = [flatten(r) for r in one]
            if got != want:
                print("FAIL flat %s batch 100: %d records, %d without batch, differ" % (what, len(got), len(one)))
            else:
                print("PASS flat %s batch 100: %d records in %d events, as without batch" % (what, len(got), len(events)))
        except Exception as e:  # noqa: BLE001 (reported, the test fails)
            print("FAIL flat %s batch 100: %s: %s" % (what, type(e).__name__, e))
    # cutting by bytes: every event but the last is complete because its
    # message reached 64 KiB (256 KiB with layout flat) with its last record
    # (not before it)
    for layout, lister, cut in (("", batched, CUT), ("flat-", flat, FLAT_CUT)):
        got, events = lister(s, {}, 1000)
        sizes = [len(ev["records"]) for ev in events]
        print(layout + "events-1000", len(events), "sizes", ",".join(map(str, sizes)))
        full = True
        for ev in events[:-1]:
            shrunk = dict(ev)
            shrunk["records"] = dict(list(ev["records"].items())[:-1])
            if len(ev["records"]) >= 1000 or segment(ev) < cut or segment(shrunk) >= cut:
                full = False
        print(layout + "bytecut", "yes" if full and len(events) > 1 and all(segment(ev) <= LIMIT for ev in events) else "no")
    for bad in ("0", "1001", "abc"):
        try:
            s.request("vpndiag-list", {"batch": bad})
            print("invalid %s: accepted" % bad)
        except vici.exception.CommandException as e:
            print("invalid %s: %s" % (bad, e))
    for args in ({"layout": "flat"}, {"batch": "5", "layout": "rows"}):
        try:
            s.request("vpndiag-list", args)
            print("layout %s: accepted" % args["layout"])
        except vici.exception.CommandException as e:
            print("layout %s%s: %s" % (args["layout"], " batch" if "batch" in args else "", e))
    try:
        s.request("vpndiag-list", {"batch": "5"})
        print("unregistered: accepted")
    except vici.exception.CommandException as e:
        print("unregistered:", e)
    res = s.request("vpndiag-list")
    print("plain-unregistered count", res["count"].decode())


if __name__ == "__main__":
    main()
