#!/usr/bin/env python3
"""A district's host: many counselors reach one machine over SSH. This starts a real sshd on
127.0.0.1 (a high port, its own config, host key and client key in a temporary directory), with a
test account whose only command is the guide in restricted mode, as docs/deploy-ssh.md sets it up:

    ForceCommand exec <installed csec-guide> resume --restricted

It then opens N sessions at once (ssh -tt, each in its own 80x24 pseudo-terminal, TERM
xterm-256color), as a district's counselors would at the start of a day, and reports:

- first frame: from starting `ssh` until the guide's first screen (the drafts list) is complete
  (its text has arrived and the output has been quiet for 80 ms); p50 and p95 over the N sessions.
  It includes ssh's key exchange and sshd's fork, on the same two cores as the guides;
- memory of the N guide processes while they wait on their first screen: RSS and PSS summed
  (PSS shares the pages the processes have in common, such as the binary's code, among them), and
  per session; the same for sshd's processes of those sessions;
- CPU while idle: utime+stime of every guide process from /proc/PID/stat, sampled 10 s apart while
  nobody types (must be 0), and how many times the guides woke up in that time (context switches).

  python3 scripts/benchmark-ssh.py [--sessions 10,50] [--binary .build/release/csec-guide]

Run it as root on a test machine (it creates and deletes a test account and starts sshd on
127.0.0.1 only). It installs openssh-server and openssh-client with apt-get when they are missing,
without starting the system's ssh service. It stops by itself: every wait is bounded, and the
sessions, sshd, the account and the temporary directory are removed at the end, also on error.
"""
import argparse, fcntl, os, pty, pwd, re, secrets, select, shutil, signal, socket, statistics, struct
import subprocess, sys, tempfile, termios, time

MARKER = b"There are no drafts"
QUIET = 0.08


def ensure_openssh():
    if os.path.exists("/usr/sbin/sshd") and shutil.which("ssh") and shutil.which("ssh-keygen"):
        return
    print("setup: installing openssh-server openssh-client (the ssh service is not started)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        policy = os.path.join(tmp, "policy-rc.d")
        with open(policy, "w") as f:
            f.write("#!/bin/sh\nexit 101\n")  # invoke-rc.d: starting services is not allowed
        os.chmod(policy, 0o755)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", POLICYRCD=policy)
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "openssh-server", "openssh-client"], env=env,
                       check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_children(root_pid):
    """Every process descended from root_pid (by /proc/PID/stat's parent field)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parents[int(name)] = int(fields[1])
            except OSError:
                pass
    found, frontier = set(), {root_pid}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in found}
        found |= frontier
    return found


def exe_of(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def memory_kb(pid):
    """(RSS, PSS) in kB."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def cpu_and_wakeups(pid):
    """(utime+stime in clock ticks, voluntary+involuntary context switches)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    switches = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                switches += int(line.split()[1])
    return ticks, switches


class Host:
    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="csec-ssh-bench-", dir="/var/tmp")
        os.chmod(self.dir, 0o755)  # the test account must reach the binary
        self.user = None
        self.sshd = None
        self.made_run_dir = False
        self.clients = []
        # The installed binary: stripped, as `make install` installs it.
        os.makedirs(os.path.join(self.dir, "bin"))
        self.binary = os.path.join(self.dir, "bin", "csec-guide")
        subprocess.run(["install", "-s", "-m", "0755", binary, self.binary], check=True)
        self.binary_size = os.path.getsize(self.binary)

    def start(self):
        d = self.dir
        self.user = "csecb" + secrets.token_hex(4)
        home = os.path.join(d, "home")
        subprocess.run(["useradd", "--home-dir", home, "--create-home", "--shell", "/bin/sh",
                        "--comment", "csec-guide ssh benchmark", self.user], check=True)
        # useradd locks the password with "!", and sshd without PAM refuses a locked account even
        # for a key; "*" means no password, not locked.
        subprocess.run(["usermod", "-p", "*", self.user], check=True)
        os.chmod(home, 0o700)
        for name in ["host_key", "client_key"]:
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(d, name)], check=True)
        shutil.copy(os.path.join(d, "client_key.pub"), os.path.join(d, "authorized_keys"))
        os.chmod(os.path.join(d, "authorized_keys"), 0o644)
        self.port = free_port()
        # A second port for the baseline: the same account and keys, a command that prints the
        # marker and waits, so the share of ssh itself in the first frame shows.
        self.baseline_port = free_port()
        config = os.path.join(d, "sshd_config")
        with open(config, "w") as f:
            f.write(f"""ListenAddress 127.0.0.1
Port {self.port}
Port {self.baseline_port}
HostKey {d}/host_key
PidFile {d}/sshd.pid
AuthorizedKeysFile {d}/authorized_keys
AllowUsers {self.user}
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
MaxStartups 200
LogLevel ERROR
# The first value found for a keyword is used, so the baseline's block comes first.
Match User {self.user} LocalPort {self.baseline_port}
    ForceCommand exec /bin/sh -c 'echo There are no drafts; exec sleep 120'
    PermitTTY yes
Match User {self.user}
    ForceCommand exec {self.binary} resume --restricted
    PermitTTY yes
    AllowTcpForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    AllowAgentForwarding no
    PermitTunnel no
    PermitUserRC no
    AcceptEnv CSEC_GUIDE_ACCEPTS_NO_VARIABLES
    SetEnv LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no
    ClientAliveInterval 30
    ClientAliveCountMax 4
""")
        if not os.path.isdir("/run/sshd"):  # sshd's privilege separation directory
            os.makedirs("/run/sshd", mode=0o755)
            self.made_run_dir = True
        subprocess.run(["/usr/sbin/sshd", "-t", "-f", config], check=True)
        self.sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", config],
                                     stderr=open(os.path.join(d, "sshd.log"), "w"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sshd did not start listening")

    def spawn(self, baseline=False):
        """Starts one client in a new 80x24 pty; returns (pid, fd, start time)."""
        argv = ["ssh", "-tt", "-F", "/dev/null", "-i", os.path.join(self.dir, "client_key"),
                "-p", str(self.baseline_port if baseline else self.port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", f"UserKnownHostsFile={self.dir}/known_hosts", "-o", "LogLevel=ERROR",
                f"{self.user}@127.0.0.1"]
        env = {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "HOME": self.dir}
        started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.clients.append((pid, fd))
        return pid, fd, started

    def guides(self):
        return [pid for pid in proc_children(self.sshd.pid) if exe_of(pid) == self.binary]

    def sshd_sessions(self):
        return [pid for pid in proc_children(self.sshd.pid) if exe_of(pid) != self.binary]

    def close_clients(self):
        for pid, fd in self.clients:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid, fd in self.clients:
            try:
                os.close(fd)
            except OSError:
                pass
        deadline = time.monotonic() + 10
        for pid, _ in self.clients:
            while time.monotonic() < deadline:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.02)
            else:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
        self.clients = []
        # The guides end when their terminal hangs up; wait for that (bounded).
        deadline = time.monotonic() + 10
        while self.sshd and self.guides() and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self):
        self.close_clients()
        if self.sshd:
            leftovers = self.guides() + self.sshd_sessions()
            self.sshd.terminate()
            try:
                self.sshd.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.sshd.kill()
                self.sshd.wait()
            for pid in leftovers:  # only processes descended from the sshd this script started
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if self.user:
            subprocess.run(["userdel", self.user], stderr=subprocess.DEVNULL)
        if self.made_run_dir:
            shutil.rmtree("/run/sshd", ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def first_frames(host, count, limit=120.0, baseline=False):
    """Starts `count` sessions at once; returns each one's first-frame time in ms (None if it
    never came within `limit` s)."""
    sessions = []
    for _ in range(count):
        pid, fd, started = host.spawn(baseline)
        sessions.append({"fd": fd, "start": started, "out": b"", "last": None, "done": None})
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(s["done"] is None for s in sessions):
        open_fds = [s["fd"] for s in sessions if s["done"] is None]
        ready, _, _ = select.select(open_fds, [], [], 0.01)
        now = time.monotonic()
        for s in sessions:
            if s["done"] is not None:
                continue
            if s["fd"] in ready:
                try:
                    chunk = os.read(s["fd"], 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    s["done"] = -1.0
                    continue
                s["out"] += chunk
                s["last"] = now
            elif MARKER in s["out"] and now - s["last"] >= QUIET:
                s["done"] = (s["last"] - s["start"]) * 1000
    failed = [s for s in sessions if s["done"] is None or s["done"] < 0]
    if failed:
        sample = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b" ", failed[0]["out"])[-300:]
        raise RuntimeError(f"{len(failed)} of {count} sessions showed no first frame; one said: {sample!r}")
    return [s["done"] for s in sessions]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="10,50", help="comma-separated session counts")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "csec-guide"))
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root: this creates a test account and starts sshd on 127.0.0.1")
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} not found: run 'make release' first")
    counts = [int(c) for c in args.sessions.split(",")]
    ensure_openssh()
    host = Host(binary)
    rows = []
    try:
        host.start()
        print(f"installed binary (stripped): {host.binary_size / 1e6:.1f} MB; load average before: {load()}")
        first_frames(host, 1)  # warm the page cache and sshd
        host.close_clients()
        single, single_ssh = [], []
        for _ in range(5):
            single += first_frames(host, 1)
            host.close_clients()
            single_ssh += first_frames(host, 1, baseline=True)
            host.close_clients()
        for count in counts:
            ssh_only = first_frames(host, count, baseline=True)
            host.close_clients()
            load_before = load()
            frames = first_frames(host, count)
            time.sleep(1.0)  # let every session settle on its first screen
            guides = host.guides()
            if len(guides) != count:
                raise RuntimeError(f"expected {count} guide processes, found {len(guides)}")
            guide_mem = [memory_kb(p) for p in guides]
            sshd_mem = [memory_kb(p) for p in host.sshd_sessions() if p != host.sshd.pid]
            before = {p: cpu_and_wakeups(p) for p in guides}
            time.sleep(args.idle_seconds)
            after = {p: cpu_and_wakeups(p) for p in guides}
            idle_ticks = sum(after[p][0] - before[p][0] for p in guides)
            wakeups = sum(after[p][1] - before[p][1] for p in guides)
            rows.append({
                "n": count, "p50": percentile(frames, 50), "p95": percentile(frames, 95), "max": max(frames),
                "rss": sum(m[0] for m in guide_mem), "pss": sum(m[1] for m in guide_mem),
                "sshd_rss": sum(m[0] for m in sshd_mem), "sshd_pss": sum(m[1] for m in sshd_mem),
                "ticks": idle_ticks, "wakeups": wakeups, "load": load_before,
                "ssh_p50": percentile(ssh_only, 50), "ssh_p95": percentile(ssh_only, 95),
            })
            host.close_clients()
    finally:
        host.stop()
    hz = os.sysconf("SC_CLK_TCK")
    print(f"one session alone: first frame median {statistics.median(single):.0f} ms; ssh alone (a command printing one line) "
          f"{statistics.median(single_ssh):.0f} ms (medians of 5)")
    print()
    print(f"{'sessions':>8} {'first frame p50':>16} {'p95':>7} {'max':>7} {'guides RSS':>11} {'PSS':>8} "
          f"{'PSS/session':>12} {'sshd PSS/session':>17} {'idle CPU':>9} {'wakeups/s':>10} {'ssh alone p50/p95':>18}  load before")
    for r in rows:
        n = r["n"]
        print(f"{n:>8} {r['p50']:>13.0f} ms {r['p95']:>4.0f} ms {r['max']:>4.0f} ms {r['rss'] / 1024:>8.1f} MB "
              f"{r['pss'] / 1024:>5.1f} MB {r['pss'] / 1024 / n:>9.2f} MB {r['sshd_pss'] / 1024 / n:>14.2f} MB "
              f"{r['ticks'] * 1000 / hz:>6.0f} ms {r['wakeups'] / args.idle_seconds:>10.1f} {r['ssh_p50']:>9.0f}/{r['ssh_p95']:.0f} ms  {r['load']}")
    print(f"first frame: ssh started until the drafts list is complete (quiet 80 ms), all sessions started at once;")
    print(f"memory while every session shows its first screen; idle CPU: utime+stime of all guides over {args.idle_seconds:.0f} s")
    print(f"with no key typed (wakeups: their context switches in that time, per second, all guides together);")
    print(f"ssh alone: the same number of sessions at once to a command that prints one line (ssh's own share)")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
