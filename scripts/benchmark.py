#!/usr/bin/env python3
"""Side-by-side benchmark: csec-guide, whiptail and dialog showing the same five criterion-2
indicators (San Mateo) as a checklist, each in a real 80x24 pseudo-terminal, alternated in one
run. Prints medians of: time from start to the first complete frame, bytes of that frame, bytes
per cursor movement, and peak resident memory; for csec-guide also how long a lone Esc takes to
close a dialog (the help) (curses waits ESCDELAY for a longer sequence; the guide sets 25 ms). Then the engine figures, from csec-guide-bench
(built beside the binary): loading the built-ins, a generated 5,000/10,000-step protocol,
replaying a 10,000/20,000-event case and rendering its summary, each at two sizes.

  python3 scripts/benchmark.py [--rounds N] [--binary PATH] [--no-engine]

Build the release binaries first (make release). whiptail and dialog come from Debian's packages.
"""
import argparse, fcntl, os, pty, select, shutil, statistics, struct, subprocess, sys, tempfile, termios, time

INDICATORS = [
    "Child/youth has a history of running away, unstable housing, including multiple foster care placements, or periods of homelessness, including couch surfing.",
    "Child/youth has had prior involvement with law enforcement or the juvenile justice system.",
    "Child/youth is frequently truant from school.",
    "Child/youth's relationships are of concern, placing them at risk or in danger of exploitation.",
    "Child/youth has a history of substance abuse, specifically narcotics, opiates, crack/cocaine and amphetamines.",
]
TITLE = "Criterion 2: indicators (at least two)"


def commands(binary, home):
    items = []
    for i, text in enumerate(INDICATORS, 1):
        items += [str(i), text, "off"]
    return {
        "csec-guide": ([binary, "--benchmark-screening", "san-mateo", "--idle-lock-minutes", "0"], b"qy"),
        "whiptail": (["whiptail", "--checklist", TITLE, "24", "80", "5"] + items, b"\x1b"),
        "dialog": (["dialog", "--checklist", TITLE, "24", "80", "5"] + items, b"\x1b"),
    }


def read_until_quiet(fd, quiet=0.08, limit=5.0):
    """Reads until nothing arrives for `quiet` seconds (a complete frame); returns the bytes."""
    out = b""
    start = time.monotonic()
    last = start
    while time.monotonic() - start < limit:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            last = time.monotonic()
        elif out and time.monotonic() - last >= quiet:
            break
    return out, last


def first_output_ms(fd, limit=3.0):
    """Milliseconds until the next byte arrives from the program (None if nothing in `limit` s)."""
    started = time.monotonic()
    ready, _, _ = select.select([fd], [], [], limit)
    if not ready:
        return None
    elapsed = (time.monotonic() - started) * 1000
    read_until_quiet(fd, quiet=0.05, limit=2.0)
    return elapsed


def run_once(argv, quit_key, home, moves=4, esc_probe=False):
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "PATH": "/usr/bin:/bin",
           "XDG_STATE_HOME": home + "/state"}
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before exec, so every program starts at 80x24.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env)
    first, last = read_until_quiet(fd)
    first_frame_ms = (last - started) * 1000
    per_move = []
    for _ in range(moves):
        os.write(fd, b"\x1bOB")  # Down, as xterm sends it in keypad mode (terminfo kcud1)
        data, _ = read_until_quiet(fd, quiet=0.05, limit=2.0)
        per_move.append(len(data))
    # Peak resident memory of the program itself (VmHWM), read before it quits: the child's
    # rusage would also count the Python process it was forked from, before exec.
    peak_kb = 0
    with open(f"/proc/{pid}/status") as status_file:
        for line in status_file:
            if line.startswith("VmHWM:"):
                peak_kb = int(line.split()[1])
    esc_ms = None
    if esc_probe:
        os.write(fd, b"?")  # the help over the screen; any key closes it
        read_until_quiet(fd, quiet=0.05, limit=2.0)
        os.write(fd, b"\x1b")
        esc_ms = first_output_ms(fd)
    os.write(fd, quit_key)
    read_until_quiet(fd, quiet=0.05, limit=2.0)
    os.wait4(pid, 0)
    os.close(fd)
    return first_frame_ms, len(first), statistics.median(per_move), peak_kb / 1024.0, esc_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "csec-guide"))
    parser.add_argument("--no-engine", action="store_true", help="skip the engine figures (csec-guide-bench)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    bench = os.path.join(os.path.dirname(binary), "csec-guide-bench")
    if not args.no_engine and not os.access(bench, os.X_OK):
        sys.exit(f"{bench} not found: run 'make release' first (or pass --no-engine)")
    for tool in ["whiptail", "dialog"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install whiptail dialog)")
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} not found: run 'make release' first")
    home = tempfile.mkdtemp(prefix="csec-bench-")
    results = {name: [] for name in commands(binary, home)}
    for _ in range(args.rounds):
        for name, (argv, quit_key) in commands(binary, home).items():  # alternated in one run
            results[name].append(run_once(argv, quit_key, home, esc_probe=(name == "csec-guide")))
    shutil.rmtree(home, ignore_errors=True)
    base = statistics.median(r[0] for r in results["whiptail"])
    print(f"{'program':<12} {'first frame ms':>15} {'vs whiptail':>12} {'first frame B':>14} {'B per move':>11} {'peak RSS MB':>12}")
    for name, rows in results.items():
        ff = statistics.median(r[0] for r in rows)
        print(f"{name:<12} {ff:>15.1f} {ff / base:>11.2f}x {statistics.median(r[1] for r in rows):>14.0f} "
              f"{statistics.median(r[2] for r in rows):>11.0f} {statistics.median(r[3] for r in rows):>12.1f}")
    esc = [r[4] for r in results["csec-guide"] if r[4] is not None]
    if esc:
        print(f"csec-guide: a lone Esc closes the help in {statistics.median(esc):.1f} ms (median; ESCDELAY 25 ms)")
    print(f"medians of {args.rounds} alternating runs in an 80x24 pty; first frame = start until output is quiet for 80 ms")
    if not args.no_engine:
        print()
        sys.stdout.flush()
        subprocess.run([bench], check=True)


if __name__ == "__main__":
    main()
