#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Delivery figures over vpndiag's VICI socket:

   delivery.py live SOCKET N   waits for N "vpndiag" events (strongSwan's
                               Python vici module); prints the median and max
                               of (time received - the record's "last" time,
                               when the failure's hook ran) in ms
   delivery.py list SOCKET R   lists all records R times; prints the median
                               time of a whole vpndiag-list (request sent
                               until the final reply read) with a raw client
                               that only reads the framing, and with the
                               Python vici module (decodes every record)"""
import datetime
import socket
import statistics
import struct
import sys
import time

import vici

CMD_REQUEST, CMD_RESPONSE, EVENT_REGISTER, EVENT_CONFIRM, EVENT = 0, 1, 3, 5, 7


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    return s


def ms(stamp):
    t = datetime.datetime.strptime(stamp.decode(), "%Y-%m-%dT%H:%M:%S.%fZ")
    return t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000


def live(path, n):
    lat = []
    s = vici.Session(connect(path))
    print("ready", flush=True)
    for _, ev in s.listen(["vpndiag"]):
        lat.append(time.time() * 1000 - ms(ev["last"]))
        if len(lat) >= n:
            break
    print("latency_ms median %.1f max %.1f n %d" % (statistics.median(lat), max(lat), len(lat)))


class Raw:
    """vici framing only: 4-byte length, type, name; no decoding"""

    def __init__(self, path):
        self.s = connect(path)
        self.buf = bytearray()
        self.pos = 0

    def send(self, ptype, name):
        body = bytes([ptype, len(name)]) + name.encode()
        self.s.sendall(struct.pack("!I", len(body)) + body)

    def recv(self):
        # segments are consumed by an offset into the buffer, which is
        # compacted only before the next read: slicing the rest off after
        # each segment copied what was left of every read (quadratic in the
        # size of a read; with charon's 256 KiB writes ~45 ms of the
        # listing went into these copies)
        while True:
            if len(self.buf) - self.pos >= 4:
                n = struct.unpack_from("!I", self.buf, self.pos)[0]
                if len(self.buf) - self.pos >= 4 + n:
                    ptype = self.buf[self.pos + 4]
                    self.pos += 4 + n
                    return ptype
            if self.pos:
                del self.buf[:self.pos]
                self.pos = 0
            d = self.s.recv(1 << 20)
            if not d:
                raise EOFError
            self.buf += d


def raw_list(path):
    c = Raw(path)
    c.send(EVENT_REGISTER, "vpndiag-record")
    assert c.recv() == EVENT_CONFIRM
    t0 = time.monotonic()
    c.send(CMD_REQUEST, "vpndiag-list")
    n = 0
    while True:
        t = c.recv()
        if t == EVENT:
            n += 1
        elif t == CMD_RESPONSE:
            break
    return (time.monotonic() - t0) * 1000, n


def py_list(path):
    s = vici.Session(connect(path))
    t0 = time.monotonic()
    n = sum(1 for _ in s.streamed_request("vpndiag-list", "vpndiag-record"))
    return (time.monotonic() - t0) * 1000, n


def listing(path, rounds):
    raw = [raw_list(path) for _ in range(rounds)]
    py = [py_list(path) for _ in range(max(1, rounds // 2))]
    print("list_raw_ms %.1f list_py_ms %.1f records %d" % (
        statistics.median(t for t, _ in raw), statistics.median(t for t, _ in py), raw[0][1]))


if __name__ == "__main__":
    if sys.argv[1] == "live":
        live(sys.argv[2], int(sys.argv[3]))
    else:
        listing(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
