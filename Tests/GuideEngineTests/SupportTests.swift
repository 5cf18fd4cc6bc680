import GuideEngine
import Testing

@Suite struct TimestampTests {
  @Test func formatsInTheRecordedOffset() {
    let t = Timestamp(secondsSinceEpoch: 1_764_093_600, utcOffsetMinutes: -480)
    #expect(t.iso8601 == "2025-11-25T10:00:00-08:00")
    #expect(t.display == "2025-11-25 10:00 (UTC-08:00)")
    #expect(Timestamp(secondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00+00:00")
    #expect(Timestamp(secondsSinceEpoch: 951_782_400, utcOffsetMinutes: 330).iso8601 == "2000-02-29T05:30:00+05:30")
  }

  @Test func parsesWhatItWrites() {
    var rng = SeededGenerator(seed: 42)
    for _ in 0..<2000 {
      let t = Timestamp(
        secondsSinceEpoch: Int64(rng.next() % 4_000_000_000), utcOffsetMinutes: Int(rng.next() % 1500) - 720)
      #expect(Timestamp(iso8601: t.iso8601) == t)
    }
    #expect(Timestamp(iso8601: "2025-11-25T10:00Z") == Timestamp(secondsSinceEpoch: 1_764_064_800))
    for bad in ["", "2025-13-01T00:00Z", "2025-11-25", "2025-11-25T10:00", "2025-11-25T10:00+0800", "x025-11-25T10:00Z"] {
      #expect(Timestamp(iso8601: bad) == nil, "\(bad)")
    }
  }

  @Test func addingHoursKeepsTheOffset() {
    let t = Timestamp(secondsSinceEpoch: 100, utcOffsetMinutes: 60).adding(hours: 36)
    #expect(t == Timestamp(secondsSinceEpoch: 100 + 129_600, utcOffsetMinutes: 60))
  }
}

@Suite struct JSONValueTests {
  @Test func escapesControlCharactersAndQuotes() {
    let value = JSONValue.object([("a\"b", .string("line\nnext\ttab \u{1} \\ ✓")), ("n", .null), ("list", .array([.int(1), .bool(false)]))])
    #expect(value.rendered() == """
      {
        "a\\"b": "line\\nnext\\ttab \\u0001 \\\\ ✓",
        "n": null,
        "list": [
          1,
          false
        ]
      }

      """)
  }
}

@Suite struct TextWrapTests {
  @Test func wrapsAtSpacesAndKeepsEveryWord() {
    let text = "Child/youth has a history of running away, unstable housing, including multiple foster care placements"
    let lines = TextWrap.lines(text, width: 30)
    #expect(lines.allSatisfy { $0.count <= 30 })
    #expect(lines.joined(separator: " ") == text)
  }

  @Test func splitsOnlyWordsLongerThanALine() {
    #expect(TextWrap.lines("abcdefghij kl", width: 4) == ["abcd", "efgh", "ij", "kl"])
    #expect(TextWrap.lines("a\n\nb", width: 10) == ["a", "", "b"])
  }
}
