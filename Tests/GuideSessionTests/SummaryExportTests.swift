import Foundation  // tests only: a temporary directory
import GuideEngine
import GuideSession
import Testing

/// Saving the summary under a name the user chooses: a plain name in the export directory, the
/// extension added, never a replaced file, and the full path said.
@Suite struct SummaryExportTests {
  @Test func aChosenNameIsAPlainNameWithItsExtension() throws {
    #expect(try SummaryExport.chosenName("Case 14 Peña", format: .text).get() == "Case 14 Peña.txt")
    #expect(try SummaryExport.chosenName("notes.MD", format: .markdown).get() == "notes.MD")
    #expect(try SummaryExport.chosenName("  r-7.json ", format: .json).get() == "r-7.json")
    for bad in ["", "   ", "../x", "a/b", ".hidden", "bell\u{7}", "rtl\u{202E}txt", String(repeating: "x", count: 201)] {
      #expect(throws: SummaryExport.NameProblem.self, "\(bad)") { try SummaryExport.chosenName(bad, format: .text).get() }
    }
  }

  @Test func aChosenNameIsNeverReplacedAndThePathIsFull() throws {
    let dir = NSTemporaryDirectory() + "csec-export-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let now = Timestamp(secondsSinceEpoch: 1_800_000_000)
    let first = SummaryExport.saveFile("one", format: .text, directory: dir, now: now, name: "case-7.txt")
    #expect(first == .saved(name: "case-7.txt", directory: dir))
    #expect(first.message == "Saved to \(dir)/case-7.txt (only you can read it).")
    let again = SummaryExport.saveFile("two", format: .text, directory: dir, now: now, name: "case-7.txt")
    #expect(again == .nameTaken(name: "case-7.txt", directory: dir))
    #expect(again.message.contains("already exists"))
    #expect(try String(contentsOfFile: dir + "/case-7.txt", encoding: .utf8) == "one")
    // A relative export directory (the current one) is said in full.
    let cwd = FileManager.default.currentDirectoryPath
    #expect(SummaryExport.fullPath(directory: ".", name: "x.txt") == cwd + "/x.txt")
  }
}
