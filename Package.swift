// swift-tools-version:6.0
// csec-guide: a terminal guide through a county's CSEC / child-trafficking protocol for school staff.
//
// The targets import in one direction only:
//   GuideEngine (pure Swift: model, screening, case state machine, summary; no I/O, no clock)
//     <- GuideClock (time zones from the system's database through the C library)
//     <- GuideProtocols (protocol files: libyaml node tree, decoding with located errors, built-ins)
//     <- GuideStore (encrypted drafts with a hash-chained event log, safe file writes; imports
//        GuideEngine only)
//     <- GuideSession (the open case under both front ends: every rule they share, once; the
//        draft kept in step; the administrator's config and restricted mode)
//     <- GuideTUI (ncurses front end: messages in, effects out; key tables per screen)
//     <- GuidePlain (plain mode: numbered questions on standard input and output, same session)
//     <- csec-guide (the executable: argument parsing and wiring only)
//
// Linux only: GuideTUI, GuidePlain and GuideStore use glibc (termios, flock, sigaction), and
// Linux is what is built and tested, so no other platform is declared.
import PackageDescription

let package = Package(
  name: "csec-guide",
  products: [
    .executable(name: "csec-guide", targets: ["csec-guide"])
  ],
  dependencies: [
    // Command-line parsing, help, completions and man page generation. Imports
    // FoundationEssentials at most, so it adds no ICU and little start-up time.
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Drafts encrypted at rest: AES-GCM and SHA-256 (Crypto), scrypt and PBKDF2 (CryptoExtras), on
    // BoringSSL. Imports FoundationEssentials at most.
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
  ],
  targets: [
    // libyaml (Debian's libyaml-dev), the reference C YAML parser: read protocol files without
    // Foundation (Yams would pull Foundation in; see docs/performance.md).
    .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
    // ncursesw (Debian's libncurses-dev), with a shim for the macros Swift cannot import.
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
    .target(name: "GuideEngine"),
    // Time zones from the system's database through the C library (mktime, localtime_r): the
    // zone value the engine is given to read typed times and show times as a person means them.
    .target(name: "GuideClock", dependencies: ["GuideEngine"]),
    .target(name: "GuideProtocols", dependencies: ["GuideEngine", "CYAML"]),
    .target(
      name: "GuideStore",
      dependencies: [
        "GuideEngine",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
      ]),
    // The open case under both front ends: the session, every rule they share, the draft kept in
    // step, the administrator's settings and the passphrase prompt.
    .target(name: "GuideSession", dependencies: ["GuideEngine", "GuideClock", "GuideProtocols", "GuideStore"]),
    .target(name: "GuideTUI", dependencies: ["GuideEngine", "GuideStore", "GuideSession", "CNcursesw"]),
    // Plain mode: the same engine as numbered questions and plain lines, for screen readers,
    // dumb terminals and scripts. No curses, no escape sequences.
    .target(name: "GuidePlain", dependencies: ["GuideEngine", "GuideProtocols", "GuideStore", "GuideSession"]),
    .executableTarget(
      name: "csec-guide",
      dependencies: [
        "GuideEngine", "GuideProtocols", "GuideStore", "GuideSession", "GuideTUI", "GuidePlain",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The engine figures of scripts/benchmark.py (decoding, replay, summaries at two sizes) and
    // the time each passphrase costs (the drafts' key derivation).
    .executableTarget(
      name: "csec-guide-bench", dependencies: ["GuideEngine", "GuideProtocols", "GuideStore"], path: "Sources/GuideBench"),
    .testTarget(name: "GuideEngineTests", dependencies: ["GuideEngine", "GuideProtocols"]),
    .testTarget(name: "GuideClockTests", dependencies: ["GuideClock", "GuideEngine"]),
    .testTarget(
      name: "GuideStoreTests",
      dependencies: [
        "GuideStore", "GuideEngine", "GuideProtocols",
        // To seal a draft as older versions wrote it, independently of GuideStore's code.
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
      ]),
    .testTarget(
      name: "GuideProtocolsTests", dependencies: ["GuideProtocols", "GuideEngine"],
      exclude: ["Malformed"]),
    .testTarget(
      name: "GuideTUITests", dependencies: ["GuideTUI", "GuideSession", "GuideStore", "GuideEngine", "GuideProtocols"],
      exclude: ["Snapshots"]),
    .testTarget(name: "GuidePlainTests", dependencies: ["GuidePlain", "GuideSession", "GuideEngine", "GuideProtocols", "GuideStore"]),
    .testTarget(name: "GuideSessionTests", dependencies: ["GuideSession", "GuideEngine", "GuideProtocols", "GuideStore"]),
    .testTarget(name: "CLITests", dependencies: ["csec-guide"], exclude: ["Fixtures"]),
  ]
)
