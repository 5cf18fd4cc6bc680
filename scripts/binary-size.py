#!/usr/bin/env python3
"""What each dependency adds to the release binary, from the linker's map.

  python3 scripts/binary-size.py                      link the release binary with a map, then report
  python3 scripts/binary-size.py --map M --binary B   report from a map and the binary it was linked with

Without --map, the script runs the command of `make release` (read with `make -n release`, so it
stays the Makefile's), for the csec-guide product only, with `-Xlinker -Map=<temporary file>`
added: after a `make release` that is only a new link of the same objects (seconds), and it
writes the same binary. `make release` itself writes no map. (The next `make release` links once
more, since its link command differs from this one.)

The report counts allocated sections only: code, read-only data, data, unwind tables, zeroed
memory (.bss); no debug information, no symbol table. Each input section of the map belongs to
the archive or object file it came from, which says which part it is. Three kinds of bytes the
linker (GNU gold) makes itself are attributed further:

- unwind tables (.eh_frame, .eh_frame_hdr): gold merges them into one block, so each function's
  entry (FDE) is found through .eh_frame_hdr's search table and given to the input section
  holding the function's first instruction (exact);
- merged strings (string literals of every input, duplicates removed): the built-in protocol and
  scenario files of Resources/ are found in it byte for byte and counted as "embedded protocols
  and scenarios"; the rest cannot be traced to an input from the map and is shown as such;
- padding, headers, PLT and GOT, shared unwind entries (CIEs): shown as the linker's own.

Nothing is left out: every allocated byte is in a row, and rows the script could not assign are
named ("not assigned"). The file sizes are the binary as built and stripped as `make install`
installs it (`install -s`, which runs strip).
"""
import argparse, bisect, collections, os, re, shlex, shutil, struct, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

OWN_MODULES = ["GuideEngine", "GuideClock", "GuideProtocols", "GuideStore", "GuideSession", "GuideTUI",
               "GuidePlain", "csec_guide"]
CRYPTO_MODULES = {"Crypto", "CryptoExtras", "CCryptoBoringSSL", "CCryptoBoringSSLShims", "CryptoBoringWrapper",
                  "SwiftASN1", "CXKCP", "CXKCPShims", "_CryptoExtras"}
ARGUMENT_PARSER_MODULES = {"ArgumentParser", "ArgumentParserToolInfo"}

SWIFT = "Swift runtime and standard library, with Concurrency, regex, Glibc overlay"
FOUNDATION = "FoundationEssentials, with _FoundationCollections, _FoundationCShims"
CRYPTO = "swift-crypto: BoringSSL, Crypto, CryptoExtras, XKCP; swift-asn1"
CRUNTIME = "C and C++ runtime: glibc, libm, libstdc++, libgcc, crt files"
OWN = "csec-guide's own modules"
EMBEDDED = "embedded protocols and scenarios (Resources/, as text)"
ARGPARSER = "swift-argument-parser"
CURSES = "ncursesw and tinfo"
DISPATCH = "libdispatch and BlocksRuntime"
YAML = "libyaml"
OTHER = "other: not recognised (listed below)"
MERGED = "not assigned: merged strings and constants of the inputs"
LINKER = "not assigned: made by the linker"
PADDING = "padding between input sections"
TABLES = "headers, PLT, GOT, relocations, shared unwind entries"
ORDER = [SWIFT, FOUNDATION, CRYPTO, CRUNTIME, OWN, ARGPARSER, CURSES, DISPATCH, YAML, OTHER, MERGED, LINKER]


def classify(path):
    """(part, item) for an input file of the map: item names the module or library."""
    member = re.match(r"^(.*)\((.*)\)$", path)
    archive = member.group(1) if member else path
    base = os.path.basename(archive)
    build = re.search(r"/([^/]+)\.build/", path)
    if build and "/.build" in path:
        module = build.group(1)
        if module in OWN_MODULES:
            return OWN, module
        if module in CRYPTO_MODULES:
            return CRYPTO, module
        if module in ARGUMENT_PARSER_MODULES:
            return ARGPARSER, module
        return OTHER, module
    if "/swift_static/" in archive:
        if base.startswith(("libFoundation", "lib_Foundation")):
            return FOUNDATION, base
        if base.startswith(("libdispatch", "libBlocksRuntime", "libswiftDispatch")):
            return DISPATCH, base
        if base.startswith("libswift") or base == "swiftrt.o":
            return SWIFT, base
        return OTHER, base
    if re.match(r"^lib(c|m|m-[0-9.]+|pthread|rt|dl|util|resolv|stdc\+\+|gcc|gcc_eh|atomic)\.a$", base) or \
            re.match(r"^crt[1in]\.o$|^crtbegin.*\.o$|^crtend.*\.o$", base):
        return CRUNTIME, base
    if re.match(r"^lib(ncursesw?|tinfow?|panelw?|formw?|menuw?)\.a$", base):
        return CURSES, base
    if base == "libyaml.a":
        return YAML, base
    return OTHER, path


# ---- ELF ---------------------------------------------------------------------------------

SHF_ALLOC, SHF_TLS, SHT_NOBITS = 0x2, 0x400, 8


def elf_sections(data):
    """{name: (addr, offset, size, type, flags)} of a 64-bit little-endian ELF file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("the binary is not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    sections = {}
    for h in headers[1:]:
        name = names[h[0]:names.index(b"\0", h[0])].decode()
        sections[name] = (h[3], h[4], h[5], h[1], h[2])
    return sections


def allocated(sections):
    """The allocated sections that take space in the image (.tbss, a per-thread template that
    takes none of its own, is left out)."""
    return {n: s for n, s in sections.items()
            if s[4] & SHF_ALLOC and not (s[4] & SHF_TLS and s[3] == SHT_NOBITS) and s[2] > 0}


# ---- the map -------------------------------------------------------------------------------

SECTION = re.compile(r"^ (\*\* [a-zA-Z_ ]+?|\S+)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)(?:\s+(\S.*?))?)?\s*$")
CONTINUED = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)(?:\s+(\S.*?))?\s*$")


def read_map(path):
    """The input sections of gold's "Memory map": (output section, input name, address, size,
    file or None). gold puts a long name on its own line and the numbers on the next; lines with
    one number are symbols."""
    with open(path, errors="replace") as f:
        lines = f.read().split("\n")
    try:
        start = lines.index("Memory map")
    except ValueError:
        sys.exit(f"{path}: no 'Memory map' (is it a map from GNU gold, -Xlinker -Map=FILE?)")
    entries, output, pending = [], None, None
    for line in lines[start + 1:]:
        if not line.strip():
            pending = None
            continue
        if not line.startswith(" "):
            output, pending = line.split()[0], None
            continue
        if pending is not None:
            m = CONTINUED.match(line)
            if m:
                entries.append((output, pending, int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
                pending = None
                continue
            pending = None
        if line.startswith(" ") and not line.startswith("  "):
            m = SECTION.match(line)
            if not m:
                continue
            if m.group(2) is None:
                pending = m.group(1)
            else:
                entries.append((output, m.group(1), int(m.group(2), 16), int(m.group(3), 16), m.group(4)))
    return entries


# ---- unwind tables -------------------------------------------------------------------------

def read_encoded(data, pos, enc, section_addr, section_off, datarel):
    """One pointer of .eh_frame_hdr (the encodings gold writes: sdata4/udata4, absolute, pcrel
    or datarel), as an address."""
    fmt = {0x03: "<I", 0x0B: "<i", 0x04: "<Q", 0x0C: "<q"}.get(enc & 0x0F)
    if fmt is None:
        raise ValueError(f"pointer encoding {enc:#x}")
    value, = struct.unpack_from(fmt, data, pos)
    size = struct.calcsize(fmt)
    base = {0x00: 0, 0x10: section_addr + (pos - section_off), 0x30: datarel}.get(enc & 0x70)
    if base is None:
        raise ValueError(f"pointer encoding {enc:#x}")
    return value + base, pos + size


def unwind_entries(data, sections):
    """[(function address, bytes of its FDE in .eh_frame, bytes in .eh_frame_hdr's table)]."""
    if ".eh_frame_hdr" not in sections or ".eh_frame" not in sections:
        return []
    haddr, hoff, hsize, _, _ = sections[".eh_frame_hdr"]
    faddr, foff, fsize, _, _ = sections[".eh_frame"]
    version, ptr_enc, count_enc, table_enc = data[hoff:hoff + 4]
    if version != 1:
        raise ValueError(f".eh_frame_hdr version {version}")
    pos = hoff + 4
    _, pos = read_encoded(data, pos, ptr_enc, haddr, hoff, haddr)
    count, pos = read_encoded(data, pos, count_enc, haddr, hoff, haddr)
    result = []
    for _ in range(count):
        function, pos = read_encoded(data, pos, table_enc, haddr, hoff, haddr)
        fde, pos = read_encoded(data, pos, table_enc, haddr, hoff, haddr)
        offset = foff + (fde - faddr)
        length, = struct.unpack_from("<I", data, offset)
        size = 4 + length if length != 0xFFFFFFFF else 12 + struct.unpack_from("<Q", data, offset + 4)[0]
        result.append((function, size, 8))
    return result


# ---- building -------------------------------------------------------------------------------

def link_with_map(map_path):
    """Runs `make release`'s command for the csec-guide product with a map; returns the binary."""
    command = subprocess.run(["make", "-s", "-n", "-C", ROOT, "release"], capture_output=True, text=True, check=True)
    lines = [l for l in command.stdout.splitlines() if l.strip().startswith("swift build")]
    if len(lines) != 1:
        sys.exit(f"expected one 'swift build' line in `make -n release`, got:\n{command.stdout}")
    argv = shlex.split(lines[0]) + ["--product", "csec-guide", "-Xlinker", f"-Map={map_path}"]
    print("$ " + " ".join(shlex.quote(a) for a in argv), file=sys.stderr)
    subprocess.run(argv, cwd=ROOT, check=True, stdout=sys.stderr)
    binary = subprocess.run(argv[:2] + ["-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    return os.path.join(binary, "csec-guide")


def stripped_size(binary):
    if not shutil.which("strip"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "csec-guide")
        subprocess.run(["strip", "-o", copy, binary], check=True)
        return os.path.getsize(copy)


# ---- the report ------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description="What each dependency adds to the release binary (from the linker map).")
    parser.add_argument("--map", help="a map written by gold (-Xlinker -Map=FILE) for --binary; default: link one")
    parser.add_argument("--binary", help="the binary the map was written for (with --map)")
    parser.add_argument("--keep-map", help="keep the map the script links at this path")
    parser.add_argument("--detail", action="store_true", help="also list every library and module of each part")
    args = parser.parse_args()
    if bool(args.map) != bool(args.binary):
        parser.error("--map and --binary go together")

    with tempfile.TemporaryDirectory() as tmp:
        if args.map:
            map_path, binary = args.map, args.binary
        else:
            map_path = os.path.abspath(args.keep_map) if args.keep_map else os.path.join(tmp, "csec-guide.map")
            binary = link_with_map(map_path)
        entries = read_map(map_path)
    with open(binary, "rb") as f:
        data = f.read()
    sections = elf_sections(data)
    alloc = allocated(sections)

    sizes = collections.Counter()          # (part, item) -> bytes
    linker = collections.Counter()         # kind -> bytes
    unrecognised = collections.Counter()
    ranges = []                            # (address, end, (part, item)) of input sections with code
    merged = 0
    for output, name, address, size, path in entries:
        if output not in alloc:
            continue
        if name.startswith("**"):
            kind = name[3:]
            if kind in ("merge strings", "merge constants"):
                merged += size
            elif kind in ("fill", "zero fill"):
                linker[PADDING] += size
            elif kind not in ("eh_frame", "eh_frame_hdr"):
                linker[TABLES] += size
            continue
        if path is None:
            linker[TABLES] += size
            continue
        key = classify(path)
        if key[0] == OTHER:
            unrecognised[path] += size
        sizes[key] += size
        if size:
            ranges.append((address, address + size, key))

    # Unwind tables: each FDE to the input section of its function.
    ranges.sort()
    starts = [r[0] for r in ranges]
    unwind_total = sum(alloc[n][2] for n in (".eh_frame", ".eh_frame_hdr") if n in alloc)
    # (an input's own bytes there, such as crtend.o's end marker, are counted with its file)
    unwind_assigned = sum(e[3] for e in entries if e[0] in (".eh_frame", ".eh_frame_hdr") and not e[1].startswith("**"))
    try:
        for function, fde_size, table_size in unwind_entries(data, sections):
            i = bisect.bisect_right(starts, function) - 1
            if i >= 0 and ranges[i][0] <= function < ranges[i][1]:
                sizes[ranges[i][2]] += fde_size + table_size
                unwind_assigned += fde_size + table_size
    except (ValueError, struct.error) as error:
        print(f"note: .eh_frame_hdr not read ({error}); the unwind tables are shown as the linker's", file=sys.stderr)
    linker[TABLES] += unwind_total - unwind_assigned
    # Alignment gaps the map does not list as fill: each output section's size less its inputs.
    listed = collections.Counter()
    for output, _, _, size, _ in entries:
        listed[output] += size
    for name, section in alloc.items():
        linker[PADDING] += section[2] - listed[name]

    # The built-in protocols and scenarios, found in the merged strings byte for byte.
    merge_ranges = sorted((e[2], e[2] + e[3]) for e in entries if e[0] in alloc and e[1].startswith("** merge"))
    embedded = 0
    missing = []
    resources = os.path.join(ROOT, "Resources")
    for folder, _, files in sorted(os.walk(resources)):
        for name in sorted(files):
            if name.startswith("."):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                text = f.read() + b"\0"
            found = False
            for section in alloc.values():
                if section[3] == SHT_NOBITS:
                    continue
                index = data.find(text, section[1], section[1] + section[2])
                if index >= 0:
                    address = section[0] + index - section[1]
                    found = any(a <= address and address + len(text) <= b for a, b in merge_ranges)
                    break
            if found:
                embedded += len(text)
            else:
                missing.append(os.path.relpath(os.path.join(folder, name), ROOT))
    sizes[(OWN, EMBEDDED)] += embedded
    sizes[(MERGED, "")] += merged - embedded
    for kind, size in linker.items():
        sizes[(LINKER, kind)] += size

    total = sum(s[2] for s in alloc.values())
    counted = sum(sizes.values())
    bss = sum(s[2] for s in alloc.values() if s[3] == SHT_NOBITS)

    def row(label, size, indent=0):
        print(f"{'  ' * indent + label:<76} {size / 1e6:6.2f} MB {100 * size / total:5.1f} %")

    parts = collections.Counter()
    for (part, _), size in sizes.items():
        parts[part] += size
    print("csec-guide: allocated bytes by part (code, data, unwind tables, .bss; no debug information)")
    print(f"{'part':<76} {'size':>9} {'share':>7}")
    for part in ORDER:
        if part not in parts:
            continue
        row(part, parts[part])
        items = sorted(((item, size) for (p, item), size in sizes.items() if p == part and item), key=lambda x: -x[1])
        if part == OWN:
            order = OWN_MODULES + [EMBEDDED]
            for item, size in sorted(items, key=lambda x: order.index(x[0]) if x[0] in order else 99):
                row(item + (" (without the embedded files)" if item == "GuideProtocols" else ""), size, 1)
        elif args.detail or part == LINKER:
            for item, size in items:
                row(item, size, 1)
    row(f"total allocated (.bss, zeroed memory that is not in the file: {bss / 1e6:.2f} MB)", total)
    if counted != total:
        print(f"note: the rows add up to {counted} bytes, the binary's allocated sections to {total}")
    for path, size in unrecognised.most_common():
        print(f"not recognised: {path}: {size} bytes")
    for path in missing:
        print(f"not found in the merged strings: {path} (counted with its object file, if anywhere)")
    stripped = stripped_size(binary)
    print(f"file: {os.path.getsize(binary) / 1e6:.2f} MB as built (with symbols and debug information), "
          + (f"{stripped / 1e6:.2f} MB stripped (as make install installs it)" if stripped else "strip not found"))


if __name__ == "__main__":
    main()
