#!/usr/bin/python3
"""Read back the messages the test SMTP server received, with Python's email module.

    check.py DIR...

For every DIR/NNN.eml (envelope recipient in DIR/NNN.rcpt), checks what
any reader needs: From, To, Subject, Date and Message-ID present and
well-formed, no raw line over 78 characters, multipart/alternative with a
text/plain and a text/html part in UTF-8, the personal link and the opt-out
link in both parts, List-Unsubscribe giving the opt-out link.  Prints one
line per message, tab-separated, for the shell test to compare:

    recipient  message-id-seq  language  link-token  to-display-name  subject

and a line "FAIL: ..." for every problem (exit 1 when any).
"""
import email
import email.header
import email.policy
import email.utils
import glob
import os
import re
import sys

fails = []


def fail(where, what):
    fails.append("FAIL: %s: %s" % (where, what))


def check(path):
    rcpt = open(path[:-4] + ".rcpt").read().split()[0]
    raw = open(path, "rb").read()
    where = "%s (%s)" % (os.path.basename(path), rcpt)
    for i, line in enumerate(raw.split(b"\r\n")):
        if len(line) > 78:
            fail(where, "line %d is %d characters long" % (i + 1, len(line)))
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(where, "a bare LF")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
        if msg[h] is None:
            fail(where, "no %s header" % h)
    # The display name through email.header, which follows RFC 2047 (the
    # space between two adjacent encoded words is not part of the text):
    # the default policy's address parser puts one there.
    to = email.message_from_bytes(raw)["To"]
    if "=?" in to:
        name = str(email.header.make_header(email.header.decode_header(to[:to.rfind("<")]))).strip()
        addr = to[to.rfind("<") + 1:to.rfind(">")]
    else:
        name, addr = email.utils.parseaddr(to)
    if addr != rcpt:
        fail(where, "To is '%s', the envelope '%s'" % (addr, rcpt))
    try:
        email.utils.parsedate_to_datetime(str(msg["Date"]))
    except (TypeError, ValueError):
        fail(where, "Date '%s' does not parse" % msg["Date"])
    m = re.fullmatch(r"<([0-9a-f]{32})\.(\d+)@[^>]+>", str(msg["Message-ID"]).strip())
    if not m:
        fail(where, "Message-ID '%s'" % msg["Message-ID"])
        return None
    seq = m.group(2)
    if msg.get_content_type() != "multipart/alternative":
        fail(where, "content type %s" % msg.get_content_type())
        return None
    parts = {p.get_content_type(): p for p in msg.iter_parts()}
    if set(parts) != {"text/plain", "text/html"}:
        fail(where, "parts %s" % sorted(parts))
        return None
    text = parts["text/plain"].get_content()
    html = parts["text/html"].get_content()
    for t, p in parts.items():
        if p.get_content_charset() != "utf-8":
            fail(where, "%s in %s" % (t, p.get_content_charset()))
    links = re.findall(r"https?://[^\s<>\"]+/r/([A-Za-z0-9_-]{24})(/stop)?", text)
    tokens = {t for t, stop in links if not stop}
    stops = {t for t, stop in links if stop}
    if len(tokens) != 1 or tokens != stops:
        fail(where, "the text has links %s and opt-out links %s" % (tokens, stops))
        return None
    token = tokens.pop()
    if ('href="' not in html or "/r/%s\"" % token not in html or
            "/r/%s/stop\"" % token not in html):
        fail(where, "the HTML part lacks the links as anchors")
    unsub = str(msg.get("List-Unsubscribe", ""))
    if not unsub.endswith("/r/%s/stop>" % token):
        fail(where, "List-Unsubscribe '%s'" % unsub)
    lang = str(msg.get("Content-Language", ""))
    return "\t".join([rcpt, seq, lang, token, name, str(msg["Subject"])])


def main():
    rows = []
    for d in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(d, "*.eml"))):
            r = check(path)
            if r:
                rows.append(r)
    for r in rows:
        print(r)
    for f in fails:
        print(f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
