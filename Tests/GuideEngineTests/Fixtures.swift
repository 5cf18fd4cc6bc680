import GuideEngine
import GuideProtocols
import Testing

/// The built-in protocols, decoded once for all engine tests.
enum Fixtures {
  static let protocols: [String: GuideProtocol] = {
    var result: [String: GuideProtocol] = [:]
    for file in BuiltinProtocols.files {
      if let guide = ProtocolDecoder.decode(file.text, file: file.name).guide {
        result[guide.id] = guide
      }
    }
    return result
  }()

  static func guide(_ id: String) throws -> GuideProtocol {
    try #require(protocols[id], "built-in protocol \(id) did not decode")
  }

  /// A clock for tests: each call is one minute after the previous, at UTC-08:00.
  struct Clock {
    var seconds: Int64 = 1_764_086_400  // 2025-11-25T16:00:00Z
    /// The time the next event will carry.
    var peek: Timestamp { Timestamp(secondsSinceEpoch: seconds + 60, utcOffsetMinutes: -480) }

    mutating func next() -> Timestamp {
      seconds += 60
      return Timestamp(secondsSinceEpoch: seconds, utcOffsetMinutes: -480)
    }
  }
}

/// Drives a case through the reducer the way the front end does, failing the test on a refusal.
struct CaseDriver {
  let reducer: CaseReducer
  var state = CaseState()
  var clock = Fixtures.Clock()
  var events: [CaseEvent] = []

  init(_ guide: GuideProtocol, mode: CaseMode = .real) throws {
    reducer = CaseReducer(guide: guide)
    try send(.opened(protocolID: guide.id, mode: mode))
  }

  mutating func send(_ action: CaseAction, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let event = CaseEvent(at: clock.next(), action)
    do throws(CaseError) {
      try reducer.reduce(&state, event)
      events.append(event)
    } catch {
      Issue.record("refused: \(action): \(error.message)", sourceLocation: sourceLocation)
      throw error
    }
  }

  /// Sends an event that must be refused; returns the message.
  mutating func refuse(_ action: CaseAction) -> String? {
    let before = state
    do throws(CaseError) {
      try reducer.reduce(&state, CaseEvent(at: clock.next(), action))
      Issue.record("accepted an event that should be refused: \(action)")
      return nil
    } catch {
      #expect(state == before, "a refused event changed the state")
      return error.message
    }
  }

  var activePathway: Pathway? { state.activeRun.flatMap { reducer.guide.pathway($0.pathway) } }
}
