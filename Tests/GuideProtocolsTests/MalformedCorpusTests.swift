import Foundation
import Testing

@testable import GuideProtocols

/// The corpus of malformed protocol files in `Malformed/`: each `NN-name.yaml` breaks one thing
/// (a few break two or three, to show that every problem is reported at once), and
/// `NN-name.expected` holds the exact diagnostic lines the decoder gives for it when the file is
/// named by its bare name. The folder is excluded from the target's sources (Package.swift), so
/// the files are read from the source tree, next to this file.
enum MalformedCorpus {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Malformed", isDirectory: true)

  /// The `.yaml` files of the corpus, by bare name, sorted.
  static func yamlNames() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
  }

  static func expectedName(for yamlName: String) -> String {
    String(yamlName.dropLast(".yaml".count)) + ".expected"
  }

  /// The lines of an `.expected` file, without the empty string after its final newline.
  static func expectedLines(for yamlName: String) throws -> [String] {
    let url = directory.appendingPathComponent(expectedName(for: yamlName))
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}

@Suite struct MalformedCorpusTests {
  @Test("each malformed file is rejected with exactly the expected diagnostics",
    arguments: MalformedCorpus.yamlNames())
  func decodesToExpectedDiagnostics(_ name: String) throws {
    let url = MalformedCorpus.directory.appendingPathComponent(name)
    let bytes = Array(try Data(contentsOf: url))
    let outcome = ProtocolDecoder.decode(bytes: bytes, file: name)
    #expect(outcome.guide == nil, "\(name) was accepted as a valid protocol")
    let expected = try MalformedCorpus.expectedLines(for: name)
    #expect(!expected.isEmpty, "\(MalformedCorpus.expectedName(for: name)) is empty")
    #expect(outcome.diagnostics.map(\.description) == expected)
  }

  @Test("the corpus has at least 30 files, each with its .expected")
  func corpusIsComplete() throws {
    let names = MalformedCorpus.yamlNames()
    #expect(names.count >= 30, "only \(names.count) malformed files in \(MalformedCorpus.directory.path)")
    let all = Set(try FileManager.default.contentsOfDirectory(atPath: MalformedCorpus.directory.path))
    for name in names {
      #expect(all.contains(MalformedCorpus.expectedName(for: name)), "\(name) has no .expected file")
    }
    for other in all where other.hasSuffix(".expected") {
      let yaml = String(other.dropLast(".expected".count)) + ".yaml"
      #expect(all.contains(yaml), "\(other) has no .yaml file")
    }
  }
}
