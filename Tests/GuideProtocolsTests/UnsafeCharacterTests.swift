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
