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

@Suite struct WhitespaceTests {
  /// What trimming means: every scalar with Unicode's White_Space property removed from both
  /// ends (written out here, independently of the quick answer for ASCII ends).
  static func trimmedByDefinition(_ text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars)
    return String(out)
  }

  @Test func trimsEveryKindOfWhiteSpaceAtEitherEndAndNothingElse() {
    let pieces = ["a", "Z", "0", ".", "é", "中", "😀", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{1F}", "x y"]
    var rng = SeededGenerator(seed: 7)
    var texts = ["", " ", "a", " a ", "a b", "\u{A0}a\u{A0}", "a\u{2003}", "\u{85}a", "\ta\r\n"]
    for _ in 0..<3000 {
      texts.append((0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined())
    }
    for text in texts {
      #expect(text.trimmingWhitespace() == Self.trimmedByDefinition(text), "\(Array(text.unicodeScalars))")
      #expect(trimmedOrNil(text) == (Self.trimmedByDefinition(text).isEmpty ? nil : Self.trimmedByDefinition(text)))
    }
  }
}
