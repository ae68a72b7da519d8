#!/usr/bin/python3
"""A real SMTP server on loopback for the mail tests (Debian python3-aiosmtpd).

    smtpd.py DIR [--refuse ADDR] [--drop-rcpt-once ADDR] [--drop-data-once ADDR]
                 [--hold-rcpt ADDR] [--hold-data ADDR]

Listens on 127.0.0.1, on a port the system picks, written to DIR/port once
it accepts connections.  Each message accepted is saved as DIR/NNN.eml (the
envelope recipient in DIR/NNN.rcpt), written to a temporary name and
renamed; every RCPT TO and its answer is appended to DIR/log.  Behaviours:

  --refuse ADDR          RCPT TO:<ADDR> gets 550 (the address does not exist)
  --drop-rcpt-once ADDR  the first RCPT TO:<ADDR> drops the connection
  --drop-data-once ADDR  the first message to ADDR: the connection is dropped
                         after its text came in, without saving it or answering
  --hold-rcpt ADDR       RCPT TO:<ADDR> writes DIR/held and waits (up to 20 s)
                         before answering: the test kills the client meanwhile
  --hold-data ADDR       the message to ADDR is saved, DIR/held written, then
                         the answer waits (up to 20 s): killed meanwhile, the
                         client cannot know that the server has it

Stops on SIGTERM.
"""
import argparse
import asyncio
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--drop-rcpt-once", action="append", default=[])
    ap.add_argument("--drop-data-once", action="append", default=[])
    ap.add_argument("--hold-rcpt", action="append", default=[])
    ap.add_argument("--hold-data", action="append", default=[])
    a = ap.parse_args()
    out = a.dir
    dropped = set()
    count = [0]

    def log(line):
        with open(os.path.join(out, "log"), "a") as f:
            f.write(line + "\n")

    def save(envelope):
        count[0] += 1
        base = os.path.join(out, "%03d" % count[0])
        for ext, data in ((".rcpt", ("\n".join(envelope.rcpt_tos) + "\n").encode()),
                          (".eml", envelope.original_content)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)

    async def hold(server):
        with open(os.path.join(out, "held"), "w") as f:
            f.write("held\n")
        for _ in range(200):  # 20 s at most
            if server.transport is None or server.transport.is_closing():
                return
            await asyncio.sleep(0.1)

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in a.refuse:
                log("RCPT %s 550" % address)
                return "550 5.1.1 <%s>: no such mailbox here" % address
            if address in a.drop_rcpt_once and address not in dropped:
                dropped.add(address)
                log("RCPT %s dropped" % address)
                server.transport.abort()
                return "421 4.4.2 gone"
            if address in a.hold_rcpt:
                log("RCPT %s held" % address)
                await hold(server)
            log("RCPT %s 250" % address)
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            to = envelope.rcpt_tos[0] if envelope.rcpt_tos else ""
            if to in a.drop_data_once and ("data", to) not in dropped:
                dropped.add(("data", to))
                log("DATA %s dropped" % to)
                server.transport.abort()
                return "421 4.4.2 gone"
            save(envelope)
            log("DATA %s 250" % to)
            if to in a.hold_data:
                await hold(server)
            return "250 2.0.0 Ok: queued as utilis-test-%d" % count[0]

    # a free port on loopback
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port,
                     server_kwargs={"decode_data": False})
    ctl.start()
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    stop = [False]

    def on_term(signum, frame):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    while not stop[0]:
        signal.pause()
    ctl.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
