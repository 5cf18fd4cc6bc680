import Foundation  // tests only: temporary directories, mkfifo
import GuideEngine
@testable import GuideProtocols
import Testing

/// Protocol and scenario files refuse the characters a terminal obeys or hides, each at its own
/// place with its code point; special files in a protocol directory are skipped, never opened
/// blocking.
@Suite struct UnsafeCharacterTests {
  static let kinds: [(String, String)] = [
    ("\u{1B}", "U+001B"), ("\u{07}", "U+0007"), ("\u{9B}", "U+009B"), ("\u{202E}", "U+202E"), ("\u{2067}", "U+2067"),
    ("\u{200F}", "U+200F"), ("\u{200B}", "U+200B"), ("\u{2060}", "U+2060"), ("\u{FEFF}", "U+FEFF"),
  ]

  /// Written raw into a step's title: refused at the character's own line and column.
  @Test(arguments: kinds)
  func aRawCharacterIsRefusedWhereItStands(_ character: String, _ codePoint: String) throws {
    let text = DecoderTests.base.replacingOccurrences(of: "title: Test protocol", with: "title: Test pro\(character)tocol")
    try #require(text != DecoderTests.base)
    let outcome = ProtocolDecoder.decode(text, file: "evil.yaml")
    #expect(outcome.guide == nil)
    let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("title: Test pro") }) + 1
    let column = "title: Test pro".count + 1
    #expect(outcome.diagnostics.map(\.description) == [
      "evil.yaml:\(line):\(column): this is the character \(codePoint), \(TerminalText.kind(of: character.unicodeScalars.first!)!.description), which a data file may not hold: a terminal would obey it or hide it; delete it"
    ])
  }

  /// Made by a quoted text's escape (`\e`, `\a`, `\u202E`, `\u200B`): refused at the text.
  @Test(arguments: [("\\e]0;x\\a", ["U+001B", "U+0007"]), ("\\u202E", ["U+202E"]), ("\\u200B", ["U+200B"]), ("\\x9b", ["U+009B"])])
  func anEscapedCharacterIsRefusedAtItsText(_ escape: String, _ codePoints: [String]) throws {
    let text = DecoderTests.base.replacingOccurrences(of: "title: Test protocol", with: "title: \"Test \(escape) protocol\"")
    let outcome = ProtocolDecoder.decode(text, file: "evil.yaml")
    #expect(outcome.guide == nil)
    let messages = outcome.diagnostics.map(\.description)
    #expect(messages.count == codePoints.count)
    for (message, codePoint) in zip(messages, codePoints) {
      #expect(message.contains("this text makes the character \(codePoint)"), "\(message)")
      #expect(!message.unicodeScalars.contains(where: TerminalText.isUnsafe))
    }
  }

  @Test func aScenarioIsCheckedTheSameWay() {
    let bad = ScenarioDecoderTests.valid.replacingOccurrences(of: "title: A test", with: "title: \"A \\e[2Jtest\u{202E}\"")
    let outcome = ScenarioDecoder.decode(bad, file: "s.yaml", protocols: ScenarioDecoderTests.protocols)
    #expect(outcome.scenario == nil)
    #expect(outcome.diagnostics.contains { $0.description.contains("U+202E") })
    let escaped = ScenarioDecoderTests.valid.replacingOccurrences(of: "title: A test", with: "title: \"A \\e[2Jtest\"")
    let second = ScenarioDecoder.decode(escaped, file: "s.yaml", protocols: ScenarioDecoderTests.protocols)
    #expect(second.scenario == nil)
    #expect(second.diagnostics.map(\.description).contains { $0.hasPrefix("s.yaml:3:8: this text makes the character U+001B") })
  }

  /// The built-in protocols and scenarios hold none of them.
  @Test func theBuiltinsAreClean() {
    for file in BuiltinProtocols.files {
      #expect(UnsafeCharacters.inFile(Array(file.text.utf8)).isEmpty, "\(file.name)")
    }
  }

  /// The byte-by-byte check that lets a clean file skip decoding agrees with decoding it: on
  /// the built-ins (clean, so the quick answer is the one taken), the malformed corpus, every
  /// kind of character of the rule written raw, byte-order marks, bytes that are not UTF-8
  /// (truncated, overlong, surrogates, above U+10FFFF, stray continuation bytes) and random bytes.
  @Test func theQuickCheckAgreesWithDecoding() throws {
    var inputs: [[UInt8]] = BuiltinProtocols.files.map { Array($0.text.utf8) }
    for file in BuiltinProtocols.files {
      #expect(UnsafeCharacters.isClean(Array(file.text.utf8)), "\(file.name)")
    }
    for name in MalformedCorpus.yamlNames() {
      inputs.append(Array(try Data(contentsOf: MalformedCorpus.directory.appendingPathComponent(name))))
    }
    let texts = ["title: ok", "caf\u{E9} \u{4E2D} \u{1F600}", "a\r\nb\tc", "\u{FEFF}title: x", "x\u{FEFF}y", "\u{7F}", "\u{85}"]
      + Self.kinds.map { "title: a\($0.0)b" }
    inputs += texts.map { Array($0.utf8) }
    let broken: [[UInt8]] = [
      [0x61, 0xC3], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
      [0xF5, 0x80, 0x80, 0x80], [0x80], [0x61, 0xBF, 0x0A, 0x1B], [0xE2, 0x80], [0xE2, 0x80, 0xAE], [0xEF, 0xBB, 0xBF, 0x61],
      [0x61, 0x00, 0x62], [0xF0, 0x9F, 0x98, 0x80, 0x0A, 0xC2, 0x9B],
    ]
    inputs += broken
    // Random bytes from a fixed seed (xorshift), over the bytes that matter to UTF-8 and the rule.
    let alphabet: [UInt8] = [0x0A, 0x0D, 0x20, 0x61, 0x7F, 0x80, 0x9B, 0xAE, 0xBF, 0xC2, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFF, 0x1B, 0x00]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
    for _ in 0..<2000 {
      inputs.append((0..<next(25)).map { _ in alphabet[next(alphabet.count)] })
    }
    var quick = 0
    for bytes in inputs {
      let decoded = UnsafeCharacters.scalarByScalar(bytes)
      let answer = UnsafeCharacters.inFile(bytes)
      #expect(answer.map { "\($0.0.line):\($0.0.column) \($0.1)" } == decoded.map { "\($0.0.line):\($0.0.column) \($0.1)" }, "\(bytes)")
      if UnsafeCharacters.isClean(bytes) {
        quick += 1
        #expect(decoded.isEmpty, "said clean, but decoding finds \(decoded.map(\.1)) in \(bytes)")
      }
    }
    #expect(quick > BuiltinProtocols.files.count)
  }

  /// A FIFO (whose open would wait for a writer forever), a socket and a directory named like
  /// protocol files are skipped with a message; the other files load.
  @Test func specialFilesInAProtocolDirectoryAreSkipped() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csec-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try DecoderTests.base.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
    #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
    let catalog = ProtocolCatalog.load(protocolDir: dir.path, environment: [:])
    #expect(catalog.find("test-district") != nil)
    #expect(catalog.problems.contains { $0.hasSuffix("pipe.yaml: it is a FIFO (named pipe), not a regular file, so it was not read") }, "\(catalog.problems)")
    #expect(catalog.problems.contains { $0.hasSuffix("folder.yaml: it is a directory, not a regular file, so it was not read") }, "\(catalog.problems)")
  }
}
