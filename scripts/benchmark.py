#!/usr/bin/env python3
"""Side-by-side benchmark of csec-guide against whiptail and dialog, each in a real 80x24
pseudo-terminal, alternated in one run, on two screens:

- the first screen: what a user sees first, `csec-guide` with no arguments (the protocol list),
  with a fresh HOME each round (a real first run; with a HOME the guide remembers the last
  protocol), against whiptail and dialog showing the same four protocols as a menu;
- the screening: the five San Mateo criterion-2 indicators as a checklist (csec-guide's hidden
  `--benchmark-screening san-mateo`, which opens that screen at once with no draft), against
  whiptail and dialog showing them as a checklist.

Prints medians of: time from start to the first complete frame, bytes of that frame, bytes per
cursor movement, and peak resident memory; for csec-guide also how long a lone Esc takes to close
a dialog (the help) (curses waits ESCDELAY for a longer sequence; the guide sets 25 ms); whether
the targets are met; the binary's size as built and as installed (stripped). Then the engine
figures and the key derivation times, from csec-guide-bench (built beside the binary).

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
PROTOCOLS = [  # the built-ins' titles and jurisdictions, as the guide's first screen lists them
    ("Commercial Sexual Exploitation of Children (CSEC) and Human Trafficking Protocol for Educators", "San Mateo County, California"),
    ("Commercial Sexual Exploitation of Children (CSEC) Protocol for Orange County Educators", "Orange County, California"),
    ("Commercial Sexual Exploitation of Children (CSEC) Protocol", "A California county (not named in the source)"),
    ("Sample Protocol for Responding to Suspected Child Trafficking in Schools", "United States (sample protocol; reporting follows state law)"),
]
QUESTION = "Which protocol does your school follow?"
TARGET_RSS_MB = 8.0


def commands(binary, screen):
    """Each program's command line and quit keys for one screen."""
    if screen == "first screen":
        items = []
        for i, (title, place) in enumerate(PROTOCOLS, 1):
            items += [str(i), f"{title} ({place})"]
        return {
            "csec-guide": ([binary], b"qy"),
            "whiptail": (["whiptail", "--menu", QUESTION, "24", "80", "4"] + items, b"\x1b"),
            "dialog": (["dialog", "--menu", QUESTION, "24", "80", "4"] + items, b"\x1b"),
        }
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


def binary_sizes(binary):
    """(size as built, size stripped as make install installs it), in bytes."""
    stripped = None
    if shutil.which("strip"):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "csec-guide")
            subprocess.run(["strip", "-o", copy, binary], check=True)
            stripped = os.path.getsize(copy)
    return os.path.getsize(binary), stripped


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "csec-guide"))
    parser.add_argument("--no-engine", action="store_true", help="skip the engine and key derivation figures (csec-guide-bench)")
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
    with open("/proc/loadavg") as f:
        load_before = " ".join(f.read().split()[:3])
    screens = ["first screen", "screening"]
    results = {screen: {name: [] for name in commands(binary, screen)} for screen in screens}
    for _ in range(args.rounds):
        for screen in screens:
            for name, (argv, quit_key) in commands(binary, screen).items():  # alternated in one run
                home = tempfile.mkdtemp(prefix="csec-bench-")  # a fresh HOME: a real first run
                try:
                    results[screen][name].append(
                        run_once(argv, quit_key, home, esc_probe=(name == "csec-guide" and screen == "screening")))
                finally:
                    shutil.rmtree(home, ignore_errors=True)
    with open("/proc/loadavg") as f:
        load_after = " ".join(f.read().split()[:3])
    verdicts = []
    for screen in screens:
        rows = results[screen]
        label = "first screen: the protocol list (csec-guide, no arguments, fresh HOME) vs a menu of the same four" \
            if screen == "first screen" else "screening: five indicators as a checklist (csec-guide --benchmark-screening san-mateo)"
        print(label)
        print(f"{'program':<12} {'first frame ms':>15} {'vs whiptail':>12} {'first frame B':>14} {'B per move':>11} {'peak RSS MB':>12}")
        base = statistics.median(r[0] for r in rows["whiptail"])
        medians = {}
        for name, runs in rows.items():
            ff = statistics.median(r[0] for r in runs)
            medians[name] = (ff / base, statistics.median(r[2] for r in runs), statistics.median(r[3] for r in runs))
            print(f"{name:<12} {ff:>15.1f} {ff / base:>11.2f}x {statistics.median(r[1] for r in runs):>14.0f} "
                  f"{statistics.median(r[2] for r in runs):>11.0f} {statistics.median(r[3] for r in runs):>12.1f}")
        ratio, per_move, rss = medians["csec-guide"]
        verdicts += [
            (f"{screen}: first frame at most 1.0x whiptail's", f"{ratio:.2f}x", ratio <= 1.0),
            (f"{screen}: bytes per move at most whiptail's ({medians['whiptail'][1]:.0f})", f"{per_move:.0f}", per_move <= medians["whiptail"][1]),
            (f"{screen}: peak RSS at most {TARGET_RSS_MB:.0f} MB", f"{rss:.1f} MB", rss <= TARGET_RSS_MB),
        ]
        esc = [r[4] for r in rows["csec-guide"] if r[4] is not None]
        if esc:
            print(f"csec-guide: a lone Esc closes the help in {statistics.median(esc):.1f} ms (median; ESCDELAY 25 ms)")
        print()
    print(f"medians of {args.rounds} alternating runs in an 80x24 pty; first frame = start until output is quiet for 80 ms")
    print(f"load average before: {load_before}; after: {load_after}")
    print()
    for what, value, met in verdicts:
        print(f"{'met    ' if met else 'MISSED '} {what}: {value}")
    built, stripped = binary_sizes(binary)
    print(f"binary: {built / 1e6:.1f} MB as built" + (f", {stripped / 1e6:.1f} MB stripped (as make install installs it)" if stripped else ""))
    if not args.no_engine:
        print()
        sys.stdout.flush()
        subprocess.run([bench], check=True)


if __name__ == "__main__":
    main()
