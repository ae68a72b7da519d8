#!/usr/bin/env python3
"""The README's examples, as written and in order (make check-readme).

    tests/docs/readme.py PATH/TO/utilis

Every command of README.md's ```sh blocks runs, in the README's order, in
one scratch directory that looks like a checkout after `make`: ./utilis is
the binary under test; surveys/, indicators/, reports/ and docs/examples/
are the project's.  A command must exit 0, or N when its block follows
<!-- doc-test: exit N -->.  A block that follows <!-- doc-test: output -->
must be exactly what the command before it printed (stdout and stderr).

What the README cannot run as such runs here this way, never skipped:
  - `serve`: on 127.0.0.1 at a free port (--listen 127.0.0.1:PORT), until
    it says it serves and answers a request, then stopped;
  - `mail`: only with --dry-run (it would send); without, the check fails;
  - no command may name a path outside the directory (an absolute path, or
    one going up with '..'): the check fails.
Lines of a block that are not utilis commands (`make demo`) are listed
as such, with the reason they are not run here.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Lines of the README's blocks that are not utilis commands, and why they are not run here.
NOT_UTILIS = {
    "make demo": "builds and runs the demo: 'make check-docs' runs scripts/demo.sh",
    "make check": "the whole test suite, this check among it",
}


def extract(path):
    """The README's items in order: ('cmd', line, want, text) and ('output', line, text)."""
    items, lines = [], open(path, encoding="utf-8").read().split("\n")
    pending, mark, i = 0, None, 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^<!-- doc-test: (exit (\d+)|output) -->$", line)
        if m:
            mark = "output" if m.group(1) == "output" else None
            pending = int(m.group(2)) if m.group(2) else 0
            i += 1
            continue
        if line.startswith("```"):
            lang = line[3:].strip()
            start = i + 1
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if mark == "output":
                items.append(("output", start, "\n".join(body) + "\n"))
            elif lang in ("sh", "bash", "shell"):
                cmd, first = "", 0
                for k, b in enumerate(body):
                    if not cmd:
                        first = start + k + 1
                    cmd += b.rstrip()
                    if cmd.endswith("\\"):
                        cmd = cmd[:-1].rstrip() + " "
                        continue
                    if cmd.strip():
                        items.append(("cmd", first, pending, cmd.strip()))
                    cmd = ""
            pending, mark = 0, None
        elif line.strip():
            pending, mark = 0, None
        i += 1
    return items


def outside(cmd):
    """A path the command names outside its directory, or None."""
    for word in re.findall(r"""(?:^|\s|=|>)([^\s'"]+)""", re.sub(r"'[^']*'|\"[^\"]*\"", "", cmd)):
        if re.match(r"[a-z]+://", word) or "@" in word:
            continue
        if word.startswith("/") or word == ".." or word.startswith("../") or "/../" in word:
            return word
    return None


def free_port():
    """A port of 127.0.0.1 free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(cmd, cwd):
    """Run a serve command on a free port until it answers; (status, output)."""
    port = free_port()
    if re.search(r"--listen[ =]\S+", cmd):
        cmd = re.sub(r"--listen[ =]\S+", "--listen 127.0.0.1:%d" % port, cmd)
    else:
        cmd = re.sub(r"\bserve\b", "serve --listen 127.0.0.1:%d" % port, cmd, count=1)
    log = open(os.path.join(cwd, "serve.log"), "w+")
    p = subprocess.Popen(["bash", "-c", "exec " + cmd], cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    url, answered = None, False
    for _ in range(100):
        log.seek(0)
        if re.search(r"^serving ", log.read(), re.M):
            url = "http://127.0.0.1:%d" % port
            break
        if p.poll() is not None:
            break
        time.sleep(0.1)
    if url:
        try:
            with urllib.request.urlopen(url + "/static/utilis.css", timeout=5) as r:
                answered = r.status == 200
        except OSError as e:
            answered = getattr(e, "code", 0) in (200, 401, 403, 404)
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    log.seek(0)
    out = log.read()
    if not url or not answered:
        return 1, out + "\n(no answer from the server)"
    return 0 if rc in (0, -signal.SIGTERM, 128 + signal.SIGTERM) else rc, out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tests/docs/readme.py PATH/TO/utilis")
    binary = os.path.abspath(sys.argv[1])
    scratch = tempfile.mkdtemp(prefix="utilis-readme.")
    passed = failed = 0
    try:
        for d in ("surveys", "indicators", "reports"):
            shutil.copytree(os.path.join(TOP, d), os.path.join(scratch, d))
        shutil.copytree(os.path.join(TOP, "docs", "examples"), os.path.join(scratch, "docs", "examples"))
        os.symlink(binary, os.path.join(scratch, "utilis"))
        env = dict(os.environ)
        env.pop("UTILIS_DB", None)
        env["UTILIS_PROGRESS"] = "0"
        last, ncmd = "", 0
        for item in extract(os.path.join(TOP, "README.md")):
            if item[0] == "output":
                _, line, want = item
                if last == want:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL: README.md:%d: the output shown differs from the command's:\n"
                          "--- shown\n%s--- printed\n%s" % (line, want, last))
                continue
            _, line, want, cmd = item
            name = "README.md:%d: %s" % (line, cmd)
            if not cmd.startswith("./utilis "):
                why = NOT_UTILIS.get(re.sub(r"\s*#.*", "", cmd))
                if why:
                    print("not run: %s (%s)" % (name, why))
                    continue
                failed += 1
                print("FAIL: %s: not a './utilis' command (the README's convention)" % name)
                continue
            ncmd += 1
            bad = outside(cmd)
            if bad:
                failed += 1
                print("FAIL: %s: names '%s', outside the directory it runs in" % (name, bad))
                continue
            if re.match(r"\./utilis( --?[a-z]+( [^- ]\S*)?)* mail\b", cmd) and "--dry-run" not in cmd:
                failed += 1
                print("FAIL: %s: 'mail' without --dry-run would send" % name)
                continue
            if re.match(r"\./utilis( --?[a-z]+( [^- ]\S*)?)* serve\b", cmd):
                rc, last = serve(cmd, scratch)
            else:
                r = subprocess.run(["bash", "-c", cmd], cwd=scratch, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
                rc, last = r.returncode, r.stdout.decode("utf-8", "replace")
            if rc == want:
                passed += 1
            else:
                failed += 1
                print("FAIL: %s: exit %d, expected %d:\n%s" % (name, rc, want,
                                                               "\n".join(last.splitlines()[-15:])))
        if ncmd < 50:
            failed += 1
            print("FAIL: only %d commands found in README.md" % ncmd)
        print("readme tests: %d passed, %d failed (%d commands of README.md, in order)" % (passed, failed, ncmd))
    finally:
        if os.environ.get("KEEP"):
            print("kept: " + scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
