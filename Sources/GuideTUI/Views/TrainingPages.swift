import GuideEngine

/// The pages of a training walkthrough and the reference: text documents from the engine, laid
/// out with their headings in bold so a projector audience can follow them.
extension Screens {
  /// The banner of every training screen (row 1, under the title bar).
  static let trainingBanner = "TRAINING: a fictional case. Nothing is saved."

  /// A document's plain text as page lines: the title and section headings in bold.
  static func document(_ document: SummaryDocument, into page: inout Page) {
    let lines = document.plainText(width: page.width).split(separator: "\n", omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() {
      let next = i + 1 < lines.count ? lines[i + 1] : ""
      let underline = !next.isEmpty && next.allSatisfy { $0 == "-" || $0 == "=" }
      if !line.isEmpty, line.allSatisfy({ $0 == "-" || $0 == "=" }) { continue }
      page.raw(String(line), style: underline ? .heading : .plain)
    }
  }

  static func scenarios(_ app: AppState, into page: inout Page) {
    guard let training = app.training else { return }
    page.heading("Choose a training scenario")
    page.text("Each is a fictional case walked with a real protocol. At the end your choices are compared with the expected ones, with a score and a debrief that cites the sources.", style: CellStyle(dim: true))
    page.blank()
    if training.scenarios.isEmpty {
      page.text("No scenarios are loaded. See docs/scenario-format.md to write one.")
    }
    for (i, scenario) in training.scenarios.enumerated() {
      // A neutral title and the setting only: what the scenario teaches is in its debrief.
      let guide = app.protocols.first { $0.guide.id == scenario.protocolID }?.guide
      page.option("\(i + 1). \(scenario.title)", detail: scenario.setting(guide), selected: i == training.listIndex)
    }
  }

  static func briefing(_ app: AppState, into page: inout Page) {
    guard let scenario = app.training?.active else { return }
    let guide = app.protocols.first { $0.guide.id == scenario.protocolID }?.guide
    page.heading("Scenario: \(scenario.title)")
    page.text("Protocol: \(guide?.title ?? scenario.protocolID)", style: CellStyle(dim: true))
    page.blank()
    paragraphs(scenario.vignette, into: &page)
    if let source = scenario.inspiredBy {
      page.blank()
      page.text("Inspired by: \(scenario.describe(source)).", style: CellStyle(dim: true))
    }
    page.blank()
    page.text("Press Enter to start the walkthrough. Walk it as a real case: choose the situation or screen, then mark each step. v shows this story again at any time.", style: .heading)
  }

  static func debrief(_ app: AppState, into page: inout Page) {
    guard let scenario = app.training?.active, let session = app.session else { return }
    document(scenario.debriefDocument(scenario.assess(session.state, guide: session.guide)), into: &page)
  }

  static func reference(_ app: AppState, into page: inout Page) {
    let selected = app.session?.guide ?? (app.protocols.indices.contains(app.startScreen.index) && app.route == .start ? app.protocols[app.startScreen.index].guide : nil)
    document(ReferenceDocument.build(library: app.protocols.map(\.guide), selected: selected), into: &page)
  }

  static func story(_ app: AppState, into page: inout Page) {
    guard let training = app.training, let scenario = training.active else { return }
    page.heading("The story: \(scenario.title)")
    page.blank()
    paragraphs(scenario.vignette, into: &page)
    if training.newInformationShown, let info = scenario.newInformation {
      page.blank()
      page.heading("New information")
      paragraphs(info.text, into: &page)
    }
  }

  static func newInformation(_ app: AppState, into page: inout Page) {
    guard let info = app.training?.active?.newInformation else { return }
    page.heading("New information")
    page.blank()
    paragraphs(info.text, into: &page)
    page.blank()
    page.text("Enter returns to the case. Decide what this changes; v shows the whole story again.", style: CellStyle(dim: true))
  }

  /// Text with blank lines between paragraphs; single line breaks are re-wrapped.
  static func paragraphs(_ text: String, into page: inout Page) {
    for (i, part) in TextWrap.paragraphs(text).enumerated() {
      if i > 0 { page.blank() }
      page.text(part)
    }
  }
}
