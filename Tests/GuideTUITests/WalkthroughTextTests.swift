import GuideEngine
@testable import GuideTUI
import Testing

/// The full screen, like plain mode, shows no transcription note or source file during a case
/// (issue 14, item 10): every step of every pathway, rendered.
@Suite struct WalkthroughTextTests {
  @Test(arguments: ["san-mateo", "orange-county", "sro-model", "us-ed-sample"])
  func noStepScreenShowsATranscriptionNoteOrSourceFile(_ id: String) throws {
    let guide = try #require(TUIFixtures.choices.first { $0.guide.id == id }?.guide)
    let fold = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    for situation in Situation.allCases {
      guard let pathway = guide.coverage(of: situation).followedPathway else { continue }
      var d = Driver(protocolID: id)
      let options = d.app.situationOptions()
      let target = try #require(options.firstIndex(of: .situation(situation)))
      for _ in 0..<target { d.press(.down) }
      d.press(.enter)
      if case .notCovered = d.app.session?.state.phase { d.press(.enter) }
      // A pathway that makes the mandated report asks when the information was received: left for now.
      if case .form(let form)? = d.app.modal, case .informationReceived = form.purpose { d.press(.escape, .character("y")) }
      var seen = 0
      for index in pathway.steps.indices {
        let screen = fold(d.render(200, 80).lines.joined(separator: "\n"))
        #expect(screen.contains("Step \(index + 1) of \(pathway.steps.count)"), "\(id) \(pathway.id): not on step \(index + 1)")
        seen += 1
        #expect(!screen.contains("Transcription note"))
        for document in guide.documents {
          if let file = document.file { #expect(!screen.contains(file), "\(id) \(pathway.id) shows \(file)") }
        }
        for note in ([pathway.transcriptionNote] + pathway.steps.map(\.transcriptionNote)).compactMap({ $0 }) {
          let start = note.split(whereSeparator: \.isWhitespace).prefix(8).joined(separator: " ")
          #expect(!screen.contains(start), "\(id) \(pathway.id) step \(index + 1) shows '\(start)...'")
        }
        d.press(.right)
      }
      #expect(seen == pathway.steps.count)
    }
  }
}
