import Foundation  // tests only: reading and recording snapshot files
import GuideEngine
import GuideProtocols
@testable import GuideTUI
import Testing

/// Widths in the render tests come from the C library, which needs a UTF-8 locale.
let localeReady: Bool = {
  setlocale(LC_ALL, "C.UTF-8")
  return true
}()

enum TUIFixtures {
  static let choices: [ProtocolChoice] = BuiltinProtocols.ids.compactMap { id in
    BuiltinProtocols.decode("\(id).yaml")?.guide.map { ProtocolChoice(guide: $0, origin: "built-in") }
  }

  /// A fixed clock: 2025-11-25 09:00 at UTC-08:00, one minute per call.
  struct Clock {
    var seconds: Int64 = 1_764_090_000
    mutating func next() -> Timestamp {
      seconds += 60
      return Timestamp(secondsSinceEpoch: seconds, utcOffsetMinutes: -480)
    }
  }
}

/// Drives the app with keys, as the terminal would.
struct Driver {
  var app = AppState(protocols: TUIFixtures.choices)
  var clock = TUIFixtures.Clock()
  var effects: [Effect] = []

  /// `drafts: false` skips the passphrase question, as most tests are about other screens.
  init(protocolID: String? = nil, drafts: Bool = false) {
    _ = localeReady
    app.draft.enabled = drafts
    if let protocolID {
      app.startScreen.index = TUIFixtures.choices.firstIndex { $0.guide.id == protocolID } ?? 0
      press(.enter)
    }
  }

  mutating func press(_ keys: Key...) {
    for key in keys { effects += app.update(key, now: clock.next()) }
  }

  /// What the runner sends back after carrying out an effect.
  mutating func send(_ message: Message) {
    effects += app.update(message, now: clock.next())
  }

  mutating func type(_ text: String) {
    for ch in text { press(.character(ch)) }
  }

  func render(_ width: Int = 80, _ height: Int = 24, charset: TerminalCharset = .utf8) -> CellBuffer {
    Screens.render(app, width: width, height: height, charset: charset)
  }

  var screenText: String { render().lines.joined(separator: "\n") }
}

/// Compares a rendered screen with its reviewed text capture in Snapshots/NAME.txt. Run with
/// RECORD_SNAPSHOTS=1 to write new captures, then review them (git diff) before committing:
/// a recording run writes what differs and still fails, so it can never pass as a test run.
func assertSnapshot(_ buffer: CellBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
  let actual = buffer.lines.map { $0.isEmpty ? "" : $0 }.joined(separator: "\n")
    + "\n--- \(buffer.width)x\(buffer.height), cursor at row \(buffer.cursor.row), column \(buffer.cursor.column)\n"
  let expected = try? String(contentsOf: url, encoding: .utf8)
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
    guard actual != expected else { return }
    try actual.write(to: url, atomically: true, encoding: .utf8)
    Issue.record("recorded Snapshots/\(name).txt: review it (git diff), then run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
    return
  }
  guard let expected else {
    Issue.record("no snapshot \(name).txt: run with RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
    return
  }
  #expect(actual == expected, "screen \(name) differs from Snapshots/\(name).txt", sourceLocation: sourceLocation)
}
