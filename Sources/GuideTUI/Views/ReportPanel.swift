import GuideEngine
import GuideSession

extension Screens {
  /// The report panel under the step and report screens (`CaseSession.reportPanel`): the time
  /// left to the written report, the phone report, the needed fields missing.
  static func reportPanel(_ app: AppState) -> [String] {
    app.session?.reportPanel(now: app.clock) ?? []
  }

  /// The panel in one sentence, when the full one would take more than a third of the body
  /// (a 60x18 window left a line or two of the step above it).
  static func reportPanelShort(_ app: AppState) -> [String] {
    app.session?.reportPanelShort(now: app.clock) ?? []
  }

  /// The finish question's list: what is missing or late in the report, and the pending steps.
  static func finishCheck(_ app: AppState, into page: inout Page) {
    guard let session = app.session else { return }
    page.heading("Before you finish")
    page.text("Finishing is still possible, on purpose. This is what the case does not record yet:")
    page.blank()
    for line in session.finishWarnings(now: app.clock) { page.text("- " + line, indent: 2, hang: 4) }
  }
}
