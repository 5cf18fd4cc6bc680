import GuideEngine
@testable import GuidePlain
import Testing

/// During a case plain mode reads what a counselor needs, not the protocol file's notes about its
/// transcription or its source files (issue 14, item 10). They stay in 'protocol show' and the
/// reference.
@Suite struct WalkthroughTextTests {
  @Test(arguments: ["san-mateo", "orange-county", "sro-model", "us-ed-sample"])
  func noTranscriptionNoteOrSourceFileIsReadDuringACase(_ id: String) throws {
    let guide = try PlainFixtures.guide(id)
    for situation in Situation.allCases {
      guard let pathway = guide.coverage(of: situation).followedPathway else { continue }
      var lines = ["\(Situation.allCases.firstIndex(of: situation)! + 1)"]
      if case .notCovered = guide.coverage(of: situation) { lines.append("1") }
      // A pathway that makes the mandated report asks when the information was received: now.
      if guide.mandatedReport?.writtenReportFrom == .informationReceived, pathway.id.rank > Situation.atRisk.rank,
        pathway.steps.contains(where: \.mandatedReport)
      {
        lines.append("")
      }
      for _ in pathway.steps { lines += ["d", "", ""] }
      lines += ["f", "y"]
      let played = PlainFixtures.run(lines, protocolID: id)
      let output = played.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      // The walk reached every step (so every step was read out).
      #expect(output.contains("Step \(pathway.steps.count) of \(pathway.steps.count)"), "\(id) \(pathway.id)")
      #expect(!output.contains("Transcription note"), "\(id) \(pathway.id)")
      #expect(!output.contains("Source: \(guide.documents[0].title)"), "\(id) \(pathway.id): a step's source is read out")
      for document in guide.documents {
        if let file = document.file { #expect(!output.contains(file), "\(id) \(pathway.id) names \(file)") }
      }
      let notes = [pathway.transcriptionNote] + pathway.steps.map(\.transcriptionNote)
      for note in notes.compactMap({ $0 }) {
        let start = note.split(whereSeparator: \.isWhitespace).prefix(8).joined(separator: " ")
        #expect(!output.contains(start), "\(id) \(pathway.id) reads the note '\(start)...'")
      }
    }
  }
}
