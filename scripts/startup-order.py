#!/usr/bin/env python3
"""Writes the list of functions that csec-guide runs on the benchmark's two screens, for gold's
`--section-ordering-file` (`make release` passes scripts/startup-order.txt to the linker).

Why: the kernel maps the binary's code 64 KB at a time around each page the program touches, and
the start touches code spread over the whole text, so most of the peak resident memory is code.
With the functions the start runs placed side by side, fewer blocks are touched
(docs/performance.md, "Peak RSS").

How: runs a `strip --strip-debug` copy of the release binary (valgrind 3.19 cannot read Swift 6's
DWARF 5) under callgrind, in an 80x24 pty with the benchmark's own commands and keys, on both of
its screens: the first screen (no arguments, fresh HOME) and the screening
(`--benchmark-screening san-mateo`); each waits for the first frame, sends four Down keys as the
benchmark does before it reads the peak memory, then quits. Every function callgrind saw run is
written as its input section name, `.text.<symbol>`, sorted by name so that a new list diffs
readably. Deterministic: the same binary gives the same list. Functions that are not in a section
of their own (C libraries' objects) are named too; gold ignores names it does not find, so a
missing or stale name costs nothing but its place.

  python3 scripts/startup-order.py [--binary PATH] [--output PATH]
  python3 scripts/startup-order.py --check   # how many listed names the binary still defines (no callgrind)

Run `make release` first; run `make release` again afterwards to link with the new list (the
Makefile relinks when the list is newer than the binary). gold skips the lines that begin with
`#` (the list's header).
"""
import argparse, fcntl, os, pty, re, shutil, struct, subprocess, sys, tempfile, termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark  # the benchmark's own command lines and quit keys, so both measure the same run

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MOVES = 4  # as benchmark.run_once, before it reads VmHWM


def profile(argv, quit_key, out_file):
    """Runs argv under callgrind in an 80x24 pty as the benchmark does; returns the functions run."""
    home = tempfile.mkdtemp(prefix="csec-order-")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "PATH": "/usr/bin:/bin",
           "XDG_STATE_HOME": home + "/state"}
    command = ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
               "--dump-line=no", f"--callgrind-out-file={out_file}"] + argv
    try:
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(command[0], command, env)
        # Under valgrind the program is some 50 times slower: wait for a long quiet.
        frame, _ = benchmark.read_until_quiet(fd, quiet=3.0, limit=300)
        if not frame:
            sys.exit(f"no output from {' '.join(argv)} under callgrind")
        for _ in range(MOVES):
            os.write(fd, b"\x1bOB")
            benchmark.read_until_quiet(fd, quiet=1.5, limit=60)
        os.write(fd, quit_key)
        benchmark.read_until_quiet(fd, quiet=1.5, limit=60)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        if status != 0:
            sys.exit(f"{' '.join(argv)} under callgrind ended with status {status}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    names = set()
    with open(out_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("fn=") or line.startswith("cfn="):
                name = line.split("=", 1)[1].strip()
                name = re.sub(r"'\d+$", "", name)  # callgrind marks recursion levels as name'2
                if name and not name.startswith("0x"):
                    names.add(name)
    return names


def check(binary, order_file):
    """Counts the listed functions the binary still defines; fails when more than a tenth are
    gone (renamed or removed since the list was written: time to regenerate it). It cannot see
    functions the start runs that the list lacks: only a new profile finds those."""
    listed = [line[len(".text."):] for line in open(order_file).read().split("\n") if line.startswith(".text.")]
    nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    defined = {parts[2] for parts in (line.split() for line in nm.splitlines()) if len(parts) == 3}
    missing = [name for name in listed if name not in defined]
    print(f"{len(listed) - len(missing)} of {len(listed)} listed functions are in {os.path.relpath(binary)}")
    if len(missing) > len(listed) / 10:
        sys.exit(f"{len(missing)} listed functions are gone: run python3 scripts/startup-order.py, then make release")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "csec-guide"))
    parser.add_argument("--output", default=os.path.join(ROOT, "scripts", "startup-order.txt"))
    parser.add_argument("--check", action="store_true", help="only count the listed functions the binary defines")
    args = parser.parse_args()
    if args.check:
        return check(args.binary, args.output)
    for tool in ["valgrind", "strip"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} not found: run 'make release' first")
    names = set()
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "csec-guide")
        subprocess.run(["strip", "--strip-debug", "-o", copy, args.binary], check=True)
        for screen in ["first screen", "screening"]:
            argv, quit_key = benchmark.commands(copy, screen)["csec-guide"]
            found = profile(argv, quit_key, os.path.join(tmp, "callgrind.out"))
            print(f"{screen}: {len(found)} functions run")
            names |= found
    # Sections of symbols with characters gold reads as a glob pattern would match by pattern;
    # Swift and C++ mangled names have none, but leave any such name out rather than guess.
    lines = sorted(".text." + name for name in names if not re.search(r"[*?\[\s]", name))
    with open(args.output, "w") as f:
        f.write("# The functions csec-guide runs on the benchmark's two screens, for gold's\n"
                "# --section-ordering-file (make release). Generated: python3 scripts/startup-order.py\n")
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} functions written to {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
