#!/usr/bin/env python3
"""A slow, lossy link in user space, for kernels without the netem qdisc.

    link-emulator.py --host-if NAME --board-if NAME [--rate 1mbit] [--delay-ms 200] [--loss-pct 1]
                     [--queue-packets 100] [--seed N] [--cut-file PATH]

Makes two TUN devices (IP packets, no link layer) and carries every packet from one to the other as a slow link
would, in both directions and independently in each: it loses the packet at random with the given probability,
drops it when the sending end's queue is full (tail drop, as a router does), sends it at the given bit rate (a packet
of N bytes holds the line for 8N/rate seconds, so packets queue behind each other) and delivers it the one-way delay
after it left. While the cut file exists the link carries nothing: a cut loses what was queued and on the wire, and
every packet sent into it; nothing tells either end. Needs root (or CAP_NET_ADMIN) for /dev/net/tun.

It prints "ready" once both devices exist; the caller then moves one into a network namespace (its packets still come
here) and gives them point-to-point addresses. Counters go to stdout on SIGUSR1 and at exit (SIGTERM, SIGINT). The
devices disappear when this program ends. Loss is drawn from a generator seeded with --seed (printed when chosen
here), so a run can be repeated packet for packet as long as the packets arrive in the same order.
"""
import argparse
import collections
import fcntl
import os
import random
import re
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
# Units as tc spells them: SI prefixes, "bit" for bits and "bps" for bytes per second.
RATE_UNITS = {"bit": 1, "kbit": 1e3, "mbit": 1e6, "gbit": 1e9, "bps": 8, "kbps": 8e3, "mbps": 8e6, "gbps": 8e9}


def parse_rate(text):
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([a-z]*)", text.strip().lower())
    if not match or match.group(2) not in RATE_UNITS or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a rate like 1mbit, 512kbit or 100kbps")
    return float(match.group(1)) * RATE_UNITS[match.group(2)]


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


class Direction:
    """One way of the link: a tail-drop queue in front of a line of the given rate, then the delay."""

    def __init__(self, name, out_fd, rate_bps, delay_s, loss, queue_packets, rng):
        self.name, self.out_fd, self.rate_bps, self.delay_s = name, out_fd, rate_bps, delay_s
        self.loss, self.queue_packets, self.rng = loss, queue_packets, rng
        self.line_free_at = 0.0
        self.leaving = collections.deque()  # when each packet still queued or on the line finishes sending
        self.in_flight = collections.deque()  # (arrival time at the far end, packet), in order
        self.counts = collections.Counter()

    def accept(self, packet, now):
        self.counts["in"] += 1
        if self.rng.random() < self.loss:
            self.counts["lost"] += 1
            return
        while self.leaving and self.leaving[0] <= now:
            self.leaving.popleft()
        if len(self.leaving) >= self.queue_packets:
            self.counts["queue full"] += 1
            return
        self.line_free_at = max(now, self.line_free_at) + len(packet) * 8 / self.rate_bps
        self.leaving.append(self.line_free_at)
        self.in_flight.append((self.line_free_at + self.delay_s, packet))

    def deliver_due(self, now):
        while self.in_flight and self.in_flight[0][0] <= now:
            packet = self.in_flight.popleft()[1]
            try:
                os.write(self.out_fd, packet)
                self.counts["delivered"] += 1
                self.counts["bytes"] += len(packet)
            except OSError:  # the far device is down or its queue is full: the packet is gone, as on a wire
                self.counts["write failed"] += 1

    def cut(self, now):
        self.counts["cut"] += len(self.in_flight)
        self.in_flight.clear()
        self.leaving.clear()
        self.line_free_at = now

    def next_due(self):
        return self.in_flight[0][0] if self.in_flight else None

    def report(self):
        c = self.counts
        offered = c["in"] - c["in while cut"]  # the packets that met a working link
        lost_pct = 100.0 * c["lost"] / offered if offered else 0.0
        return (f"{self.name}: {c['in']} packets in, {c['delivered']} delivered ({c['bytes']} bytes), "
                f"{c['lost']} lost at random ({lost_pct:.2f} %), {c['queue full']} dropped by the full queue, "
                f"{c['cut']} lost to the cut, {c['write failed']} not written")


def run(args):
    host_fd, board_fd = open_tun(args.host_if), open_tun(args.board_if)
    delay_s, loss = args.delay_ms / 1000.0, args.loss_pct / 100.0
    to_board = Direction(f"{args.host_if}->{args.board_if}", board_fd, args.rate, delay_s, loss,
                         args.queue_packets, random.Random(f"{args.seed}:to-board"))
    to_host = Direction(f"{args.board_if}->{args.host_if}", host_fd, args.rate, delay_s, loss,
                        args.queue_packets, random.Random(f"{args.seed}:to-host"))
    directions = {host_fd: to_board, board_fd: to_host}
    report = lambda *_: print("\n".join(d.report() for d in directions.values()), flush=True)
    signal.signal(signal.SIGUSR1, report)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"ready: {args.host_if} <-> {args.board_if}, rate {args.rate:g} bit/s, one-way delay {args.delay_ms:g} ms, "
          f"loss {args.loss_pct:g} %, queue {args.queue_packets} packets, seed {args.seed}", flush=True)
    was_cut = False
    try:
        while True:
            now = time.monotonic()
            is_cut = args.cut_file is not None and os.path.exists(args.cut_file)
            if is_cut != was_cut:
                print(f"link {'cut' if is_cut else 'back'} at {time.strftime('%H:%M:%S')}", flush=True)
                if is_cut:
                    for direction in directions.values():
                        direction.cut(now)
                was_cut = is_cut
            for direction in directions.values():
                direction.deliver_due(now)
            dues = [d.next_due() for d in directions.values() if d.next_due() is not None]
            # A short wait at most while a cut file is watched, so that a cut starts and ends on time.
            wait = min(dues) - time.monotonic() if dues else None
            if args.cut_file is not None:
                wait = 0.05 if wait is None else min(wait, 0.05)
            try:
                readable, _, _ = select.select(list(directions), [], [], None if wait is None else max(wait, 0))
            except InterruptedError:
                continue
            now = time.monotonic()
            for fd in readable:
                for packet in read_all(fd):
                    if is_cut:
                        directions[fd].counts.update(("in", "in while cut", "cut"))
                    else:
                        directions[fd].accept(packet, now)
    finally:
        report()


def read_all(fd):
    packets = []
    while True:
        try:
            packets.append(os.read(fd, 65536))
        except BlockingIOError:
            return packets


def main():
    parser = argparse.ArgumentParser(description="A slow, lossy link between two TUN devices (see the file's top).")
    parser.add_argument("--host-if", required=True, help="name of the TUN device that stays here")
    parser.add_argument("--board-if", required=True, help="name of the TUN device for the far end")
    parser.add_argument("--rate", type=parse_rate, default=parse_rate("1mbit"), help="bit rate each way, as tc: 1mbit")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="one-way delay in milliseconds")
    parser.add_argument("--loss-pct", type=float, default=0.0, help="packets lost at random, percent, each way")
    parser.add_argument("--queue-packets", type=int, default=100, help="packets the sending end can queue")
    parser.add_argument("--seed", type=int, default=None, help="seed for the losses (random when left out)")
    parser.add_argument("--cut-file", default=None, help="the link carries nothing while this file exists")
    args = parser.parse_args()
    if not 0 <= args.loss_pct <= 100 or args.delay_ms < 0 or args.queue_packets < 1:
        parser.error("--loss-pct must be 0..100, --delay-ms at least 0, --queue-packets at least 1")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**31)
    try:
        run(args)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
