import Foundation  // tests only: files, Process
import Testing

/// The built binary, over a protocol directory and a drafts folder an attacker wrote to: no
/// subcommand passes an ESC, a BEL, a C1 control, a bidirectional or a zero-width character to
/// the terminal; the validator refuses them with their place and code point.
@Suite(.serialized) struct OutputBoundaryCLITests {
  static let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{9D}", "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}"]

  static func assertClean(_ result: CLI.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
      let bad = text.unicodeScalars.filter { forbidden.contains($0) }
      #expect(bad.isEmpty, "\(what): \(name) holds \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
      #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0x07), "\(what): \(name)", sourceLocation: sourceLocation)
    }
  }

  /// A directory with: a file whose quoted title makes OSC 52 / OSC 0 sequences; a file with a
  /// raw ESC, BEL and a right-to-left override; an unknown field whose name holds CSI 2J; a
  /// valid protocol in a file whose *name* holds an OSC 0 sequence; and a FIFO named *.yaml.
  static func hostileDirectory() throws -> URL {
    let dir = try CLI.temporaryDirectory()
    func write(_ name: String, _ text: String) throws {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try write("osc.yaml", sampleProtocol.replacingOccurrences(
      of: "title: My District Protocol", with: "title: \"My\\e]52;c;aGVsbG8=\\a\\e]0;pwned\\a District\""))
    try write("raw.yaml", sampleProtocol.replacingOccurrences(of: "id: my-district", with: "id: raw-district")
      .replacingOccurrences(of: "jurisdiction: Example County", with: "jurisdiction: Example\u{1B}[2J\u{07} \u{202E}ytnuoC")
      .replacingOccurrences(of: "name: County CPS", with: "name: County\u{200B} CPS"))
    try write("field.yaml", sampleProtocol.replacingOccurrences(of: "id: my-district", with: "id: field-district")
      .replacingOccurrences(of: "jurisdiction: Example County", with: "jurisdiction: Example County\n\"favorite\\e[2Jcolor\": blue"))
    try write("named\u{1B}]0;pwned\u{07}\u{202E}.yaml", sampleProtocol.replacingOccurrences(of: "id: my-district", with: "id: named-district"))
    #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
    return dir
  }

  @Test func protocolListAndShowOverAHostileDirectoryEmitNoControlCharacter() throws {
    let dir = try Self.hostileDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let list = try CLI.run(["protocol", "list", "--protocol-dir", dir.path])
    #expect(list.status == 0, "\(list.stderr)")
    Self.assertClean(list, "protocol list")
    #expect(list.stdout.contains("named-district"))
    #expect(list.stdout.contains("named\\u{1B}]0;pwned\\u{7}\\u{202E}.yaml"), "the file name is shown escaped")
    #expect(list.stderr.contains("pipe.yaml: it is a FIFO (named pipe), not a regular file, so it was not read"))
    for name in ["osc.yaml", "raw.yaml", "field.yaml"] {
      #expect(list.stderr.contains("\(name): skipped"), "\(name) should be refused: \(list.stderr)")
    }
    for arguments in [["protocol", "show", "named-district"], ["protocol", "show", "named-district", "--json"], ["protocol", "show", "san-mateo"]] {
      let show = try CLI.run(arguments + ["--protocol-dir", dir.path])
      #expect(show.status == 0, "\(arguments): \(show.stderr)")
      Self.assertClean(show, arguments.joined(separator: " "))
    }
    let missing = try CLI.run(["protocol", "show", "raw-district", "--protocol-dir", dir.path])
    #expect(missing.status == 64)
    Self.assertClean(missing, "protocol show of a refused file")
  }

  @Test func validateRefusesEachHostileFileWithItsPlaceAndCodePoint() throws {
    let dir = try Self.hostileDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let expectations: [(String, [String])] = [
      ("osc.yaml", ["osc.yaml:3:8: this text makes the character U+001B", "osc.yaml:3:8: this text makes the character U+0007"]),
      ("raw.yaml", ["raw.yaml:4:22: this is the character U+001B", "raw.yaml:4:26: this is the character U+0007",
        "raw.yaml:4:28: this is the character U+202E", "raw.yaml:8:27: this is the character U+200B"]),
      ("field.yaml", ["field.yaml:5:1: this text makes the character U+001B", "field.yaml:5:1: unknown field 'favorite\\u{1B}[2Jcolor'"]),
    ]
    for (name, lines) in expectations {
      let result = try CLI.run(["protocol", "validate", name], directory: dir)
      #expect(result.status == 65, "\(name): \(result.stdout)")
      Self.assertClean(result, "validate \(name)")
      for line in lines { #expect(result.stdout.contains(line), "\(name): \(line)\n\(result.stdout)") }
    }
    let named = try CLI.run(["protocol", "validate", "named\u{1B}]0;pwned\u{07}\u{202E}.yaml"], directory: dir)
    #expect(named.status == 0)
    Self.assertClean(named, "validate of a hostile file name")
    #expect(named.stdout.contains("named\\u{1B}]0;pwned\\u{7}\\u{202E}.yaml: valid"))
    let fifo = try CLI.run(["protocol", "validate", "pipe.yaml"], directory: dir)
    #expect(fifo.status == 66)
    #expect(fifo.stderr.contains("pipe.yaml: cannot be checked: it is a FIFO"))
  }

  /// `drafts list` shows a planted draft's clear header (no passphrase needed to plant one)
  /// escaped; ids are checked before a path is built.
  @Test func draftsCommandsPassTheBoundaryAndCheckIDs() throws {
    let home = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let drafts = home.appendingPathComponent("state/csec-guide/drafts")
    try FileManager.default.createDirectory(at: drafts, withIntermediateDirectories: true)
    let header = #"{"format":"csec-guide-draft","version":1,"id":"abcdefgh","protocol":"san\u001b]0;pwned\u0007","reference":"\u001b]52;c;aGk=\u0007\u202e\u200b","opened":"2026-01-15T09:00:00-08:00","updated":"2026-01-15T09:00:00-08:00","kdf":{"name":"pbkdf2-sha256","rounds":600000,"salt":"00112233445566778899aabbccddeeff"},"check":"0011223344556677"}"#
    try Data(("csec-guide-draft\n" + header + "\n").utf8 + [UInt8](repeating: 7, count: 40)).write(to: drafts.appendingPathComponent("abcdefgh.draft"))
    try Data("x".utf8).write(to: drafts.appendingPathComponent("evil\u{1B}[2J.draft"))
    let environment = ["HOME": home.path, "XDG_STATE_HOME": home.path + "/state"]
    let list = try CLI.run(["drafts", "list"], environment: environment)
    #expect(list.status == 0, "\(list.stderr)")
    Self.assertClean(list, "drafts list")
    #expect(list.stdout.contains("\\u{1B}]52;c;aGk=\\u{7}\\u{202E}\\u{200B}"), "\(list.stdout)")
    #expect(list.stdout.contains("evil\\u{1B}[2J"))
    try Data("outside".utf8).write(to: home.appendingPathComponent("x.draft"))
    for id in ["../../x", "../x", "evil\u{1B}[2J"] {
      let verify = try CLI.run(["drafts", "verify", id, "--passphrase-stdin"], environment: environment, input: "p\n")
      #expect(verify.status == 64, "\(id): \(verify.stderr)")
      #expect(verify.stderr.contains("is not a draft id"))
      Self.assertClean(verify, "drafts verify \(id)")
    }
  }

  /// A note typed with control, bidi and zero-width characters in it, exported to a file: the
  /// file holds none of them (they never entered the record), and nothing on the way out does.
  @Test func anExportedSummaryFileHoldsNoControlCharacter() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let hostile = "Met \u{1B}]52;c;aGk=\u{07}the student \u{1B}[2J\u{202E}evil\u{200B} \u{9B}31m"
    let answers = ["2", "d", hostile, "R-\u{1B}[1m7", "f", "y", "e", "1", "1"].joined(separator: "\n") + "\n"
    let result = try CLI.run(["--plain", "--protocol", "sro-model"] + PlainModeTests.fixedTime, directory: dir, input: answers)
    #expect(result.status == 0, "\(result.stderr)")
    Self.assertClean(result, "plain mode with a hostile note")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("csec-summary-") }
    try #require(files.count == 1, "\(files)\n\(result.stdout)")
    let text = try String(contentsOf: dir.appendingPathComponent(files[0]), encoding: .utf8)
    let bad = text.unicodeScalars.filter { Self.forbidden.contains($0) }
    #expect(bad.isEmpty, "the exported file holds \(bad.map { String($0.value, radix: 16) })")
    #expect(text.contains("the student"), "the note's text is kept")
  }
}
