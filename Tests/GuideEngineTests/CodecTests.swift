import GuideEngine
import Testing

@Suite struct CodecTests {
  /// Every kind of event survives JSON and back, text with quotes, newlines and emoji included.
  @Test(arguments: ["san-mateo", "orange-county", "sro-model", "us-ed-sample"])
  func eventsRoundTripThroughJSON(protocolID: String) throws {
    let guide = try Fixtures.guide(protocolID)
    var generator = ActionGenerator(guide: guide, rng: SeededGenerator(seed: 99))
    var clock = Fixtures.Clock()
    for _ in 0..<2000 {
      let at = clock.next()
      let event = CaseEvent(at: at, generator.next(at: at))
      let text = CaseEventCodec.encode(event).compact()
      let decoded = try CaseEventCodec.decode(try JSONParser.parse(text))
      #expect(decoded == event, "\(text)")
    }
    let tricky = CaseEvent(at: clock.next(), .caseNoteAdded("quote \" backslash \\ newline\n tab\t emoji 😀 \u{1}"))
    #expect(try CaseEventCodec.decode(try JSONParser.parse(CaseEventCodec.encode(tricky).compact())) == tricky)
  }

  @Test func aReplayedLogFromJSONGivesTheSameState() throws {
    var d = try CaseDriver(try Fixtures.guide("san-mateo"))
    try d.send(.situationChosen(.confirmedVictim))
    for step in try #require(d.activePathway?.steps) { try d.send(.stepDone(step: step.id, note: "n", reference: nil)) }
    let lines = d.events.map { CaseEventCodec.encode($0).compact() }
    let events = try lines.map { try CaseEventCodec.decode(try JSONParser.parse($0)) }
    #expect(d.reducer.replay(events).state == d.state)
  }

  @Test func badInputIsRefusedNotCrashed() {
    for bad in ["", "{", "[1,", "{\"a\":}", "\"\\u12\"", "01x", "{\"at\":\"x\",\"type\":\"finished\"}", "99999999999999999999"] {
      let parsed = try? JSONParser.parse(bad)
      if let parsed { #expect((try? CaseEventCodec.decode(parsed)) == nil, "\(bad)") }
    }
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
  }
}
