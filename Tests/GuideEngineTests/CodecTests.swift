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

  /// Text that is not JSON is refused by the parser; JSON that is not an event is refused by
  /// the decoder. Each input has one expected outcome, so neither step can pass the other's case.
  @Test(arguments: [
    "", "{", "[1,", "[1,]", "{\"a\":}", "{\"a\":1,}", "\"\\u12\"", "01", "-01", "00", "01x", "-", "1.5", "[1] x",
    "99999999999999999999", "\"\u{1}\"", "tru",
  ])
  func textThatIsNotJSONIsRefusedByTheParser(bad: String) {
    #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(bad) }
  }

  @Test(arguments: [
    "{\"at\":\"x\",\"type\":\"finished\"}", "[]", "0", "{}", "{\"type\":\"finished\"}", "\"finished\"",
    "{\"at\":{\"s\":1},\"type\":\"no-such-event\"}",
  ])
  func jsonThatIsNotAnEventIsRefusedByTheDecoder(bad: String) throws {
    let parsed = try JSONParser.parse(bad)
    #expect(throws: (any Error).self, "\(bad)") { try CaseEventCodec.decode(parsed) }
  }

  @Test func zeroAndNegativeNumbersStillParse() throws {
    #expect(try JSONParser.parse("0") == .int(0))
    #expect(try JSONParser.parse("-7") == .int(-7))
    #expect(try JSONParser.parse("[0, 10]") == .array([.int(0), .int(10)]))
  }

  @Test func deepNestingIsRefused() {
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
  }
}
