import GuideEngine
@testable import GuideTUI
import Testing

/// Every screen drawn into an in-memory buffer at 80x24 and at the smallest supported size,
/// compared with reviewed text captures (Snapshots/).
@Suite struct RenderTests {
  static let sizes = [(80, 24), (Screens.minimumWidth, Screens.minimumHeight)]

  func snapshotBoth(_ driver: Driver, _ name: String) throws {
    for (w, h) in Self.sizes {
      let buffer = driver.render(w, h)
      try assertSnapshot(buffer, "\(name)-\(w)x\(h)")
      // Whatever the size, nothing is drawn past the edges and the cursor is on screen.
      #expect(buffer.cursor.row < h && buffer.cursor.column < w)
    }
  }

  @Test func start() throws {
    try snapshotBoth(Driver(), "start")
  }

  @Test func situation() throws {
    try snapshotBoth(Driver(protocolID: "san-mateo"), "situation-san-mateo")
  }

  @Test func situationWithoutScreening() throws {
    try snapshotBoth(Driver(protocolID: "sro-model"), "situation-sro-model")
  }

  @Test func screening() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("5"), .enter)
    d.press(.character(" "), .down, .down, .down)
    try snapshotBoth(d, "screening-san-mateo")
  }

  @Test func screeningObservationChecklist() throws {
    var d = Driver(protocolID: "us-ed-sample")
    d.press(.character("5"), .enter, .character(" "))
    try snapshotBoth(d, "screening-us-ed")
  }

  @Test func notCovered() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("4"), .enter)
    try snapshotBoth(d, "not-covered-orange-county")
  }

  @Test func stepWithPhoneNumber() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("4"))
    try snapshotBoth(d, "step-san-mateo-rape-trauma-services")
  }

  /// In a small window the report panel shrinks to one sentence so the step stays readable
  /// (at 60x18 the full panel left the step two lines); at 80x24 it has its lines.
  @Test func theReportPanelShrinksInASmallWindow() {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("4"))
    let small = d.render(60, 18).lines.joined(separator: "\n")
    #expect(small.contains("Report: information received: not recorded (t)"), "\(small)")
    #expect(small.contains("650-692-7273") && small.contains("Contact: Rape Trauma Services"), "\(small)")
    let large = d.render(80, 24).lines.joined(separator: "\n")
    let words = large.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("When the information was received: not recorded (t records it)"), "\(large)")
    #expect(!large.contains("Report: information received"), "\(large)")
  }

  @Test func stepConditionalWithRecords() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("d"))
    d.type("Officer Lee")
    d.press(.tab)
    d.type("PD-1")
    // Done moves on to step 2; step 5 is conditional ("If appropriate, and in consultation with
    // suspected victim"). Step 2, the report step, is not skipped without a confirmation.
    d.press(.control("d"), .right, .right, .right, .character("x"))
    d.type("Student asked that parents not be told")
    d.press(.control("d"), .left)  // back from step 6 to the step just marked
    try snapshotBoth(d, "step-san-mateo-conditional")
  }

  @Test func doneForm() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("d"))
    d.type("Mandated report made by phone.")
    d.press(.enter)
    d.type("Second line of the note.")
    try snapshotBoth(d, "form-done")
  }

  @Test func callForm() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("c"))
    try snapshotBoth(d, "form-call")
  }

  @Test func report() throws {
    var d = Driver(protocolID: "orange-county")
    d.press(.character("1"), .enter, .character("m"), .character("u"), .down, .enter)
    d.type("1 Main St, Anaheim")
    d.press(.control("d"))
    try snapshotBoth(d, "report-orange-county")
  }

  @Test func reviewAfterFinishing() throws {
    var d = Driver(protocolID: "sro-model")
    d.press(.character("2"), .enter, .character("d"), .control("d"), .character("f"), .character("f"), .character("y"))
    #expect(d.app.session?.state.isFinished == true)
    try snapshotBoth(d, "review-finished")
  }

  @Test func help() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("?"))
    try snapshotBoth(d, "help-step")
  }

  @Test func quitConfirmation() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("d"), .control("d"), .character("q"))
    try snapshotBoth(d, "confirm-quit")
  }

  @Test func tooSmall() throws {
    try assertSnapshot(Driver().render(50, 15), "too-small-50x15")
    try assertSnapshot(Driver().render(20, 5), "too-small-20x5")
  }

  @Test func asciiOnlyWhenTheLocaleIsNotUTF8() throws {
    var d = Driver(protocolID: "san-mateo")
    d.press(.character("3"), .enter, .escape, .character("y"), .character("4"))
    let buffer = d.render(80, 24, charset: .ascii)
    try assertSnapshot(buffer, "step-ascii-80x24")
    for line in buffer.lines { #expect(line.allSatisfy { $0.isASCII }, "non-ASCII in: \(line)") }
  }

  @Test func everyScreenFitsAndKeepsItsFooter() throws {
    // Walk a whole case at every size from the minimum up: the footer always shows keys.
    for (w, h) in [(60, 18), (80, 24), (132, 43), (200, 50)] {
      var d = Driver(protocolID: "san-mateo")
      d.press(.character("4"), .enter, .enter)  // the information received now
      for _ in 0..<8 {
        let buffer = d.render(w, h)
        #expect(buffer.lines.last?.contains("q quit") == true, "footer at \(w)x\(h)")
        #expect(buffer.lines[0].contains("? help"))
        d.press(.character("d"), .control("d"))
      }
    }
  }
}
