import GuideEngine
import GuideStore

#if canImport(Glibc)
  import Glibc
#endif

/// Saving the summary: the format titles, the file's name, the save that never replaces a
/// file, and what the case log records. Both front ends export through here.
public enum SummaryExport {
  /// The format's title where the user chooses it.
  public static func title(_ format: SummaryFormat) -> String {
    switch format {
    case .text: return "Plain text (.txt)"
    case .markdown: return "Markdown (.md)"
    case .json: return "JSON (.json)"
    }
  }

  public static func fileExtension(_ format: SummaryFormat) -> String {
    switch format {
    case .text: return "txt"
    case .markdown: return "md"
    case .json: return "json"
    }
  }

  /// "csec-summary-20260115-0900.txt", then "-2", "-3"… when that name is taken.
  public static func fileName(_ format: SummaryFormat, at now: Timestamp, attempt: Int = 1) -> String {
    var stamp = ""
    // "2026-01-15T09:00" becomes "20260115-0900".
    for c in now.iso8601.prefix(16) where c != "-" && c != ":" { stamp.append(c == "T" ? "-" : c) }
    return "csec-summary-\(stamp)\(attempt == 1 ? "" : "-\(attempt)").\(fileExtension(format))"
  }

  /// A file name the user typed, checked: a plain name inside the export directory (no folder,
  /// not hidden, no control characters), with the format's extension added when it is missing.
  /// Returns the name, or why it cannot be used.
  public static func chosenName(_ typed: String, format: SummaryFormat) -> Result<String, NameProblem> {
    let name = typed.trimmingWhitespace()
    if name.isEmpty { return .failure(NameProblem("Type a file name, or leave it empty for the usual name.")) }
    if name.contains("/") { return .failure(NameProblem("A file name cannot contain '/': the file is saved in the export directory.")) }
    if name.hasPrefix(".") { return .failure(NameProblem("A file name cannot start with '.' (it would be hidden).")) }
    if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || TerminalText.isUnsafe($0) }) {
      return .failure(NameProblem("A file name cannot contain control or invisible characters."))
    }
    if name.utf8.count > 200 { return .failure(NameProblem("That file name is too long (200 bytes at most).")) }
    let ext = "." + fileExtension(format)
    return .success(name.lowercased().hasSuffix(ext) ? name : name + ext)
  }

  public struct NameProblem: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }

  /// Where a saved file is, in full: a relative export directory is read from the current one.
  public static func fullPath(directory: String, name: String) -> String {
    var base = directory
    if !base.hasPrefix("/") {
      var buffer = [CChar](repeating: 0, count: 4096)
      if getcwd(&buffer, buffer.count) != nil {
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        base = base == "." ? cwd : cwd + "/" + base
      }
    }
    return (base.hasSuffix("/") ? base : base + "/") + name
  }

  /// How a summary left the program.
  public enum Record: Equatable, Sendable {
    /// Saved to a new file with this name.
    case file(name: String)
    /// Printed in plain mode, between BEGIN SUMMARY and END SUMMARY.
    case printed
    /// Printed on the terminal once the full screen closes.
    case printedOnExit
    /// Copied to the user's clipboard through the terminal (not a saved copy the user keeps
    /// for sure: the terminal may refuse it).
    case clipboard

    /// True when the summary is now kept outside the program: nothing recorded would be lost.
    public var keepsTheCase: Bool { self != .clipboard }

    /// The audit entry of the case log.
    public func auditEntry(_ format: SummaryFormat) -> String {
      switch self {
      case .file(let name): return "summary exported: \(format.rawValue) file \(name)"
      case .printed: return "summary exported: \(format.rawValue) printed"
      case .printedOnExit: return "summary exported: \(format.rawValue) printed on exit"
      case .clipboard: return "summary exported: \(format.rawValue) to the clipboard"
      }
    }
  }

  /// What became of a save to a file.
  public enum FileOutcome: Equatable, Sendable {
    case saved(name: String, directory: String)
    /// No export directory on this account (restricted mode without one configured).
    case notAvailable
    case failed(FileFailure)
    /// Every name from "-2" to "-99" is taken.
    case tooManyNames(directory: String)
    /// The name the user chose is taken (a file is never replaced).
    case nameTaken(name: String, directory: String)

    /// What the user is told.
    public var message: String {
      switch self {
      case .saved(let name, let directory):
        return "Saved to \(SummaryExport.fullPath(directory: directory, name: name)) (only you can read it)."
      case .notAvailable: return "Saving files is not available on this account (no export directory is configured)."
      case .failed(let failure): return "Not saved: \(failure). The case is still open; try again."
      case .tooManyNames(let directory): return "Not saved: too many summary files with this name in \(directory)."
      case .nameTaken(let name, let directory):
        return "Not saved: \(SummaryExport.fullPath(directory: directory, name: name)) already exists, and a file is never replaced. Choose another name."
      }
    }

    public var record: Record? {
      if case .saved(let name, _) = self { return .file(name: name) }
      return nil
    }
  }

  /// Writes `text` to a new file in `directory`, readable only by the user; never replaces one.
  /// `name`: the user's own (checked by `chosenName`), tried once; nil: the usual name.
  public static func saveFile(_ text: String, format: SummaryFormat, directory: String?, now: Timestamp, name: String? = nil) -> FileOutcome {
    guard let directory else { return .notAvailable }
    if let name {
      do throws(FileFailure) {
        let created = try SafeFiles.createNew(directory: directory, name: name, bytes: Array(text.utf8))
        return created ? .saved(name: name, directory: directory) : .nameTaken(name: name, directory: directory)
      } catch {
        return .failed(error)
      }
    }
    for attempt in 1...99 {
      let name = fileName(format, at: now, attempt: attempt)
      do throws(FileFailure) {
        if try SafeFiles.createNew(directory: directory, name: name, bytes: Array(text.utf8)) {
          return .saved(name: name, directory: directory)
        }
      } catch {
        return .failed(error)
      }
    }
    return .tooManyNames(directory: directory)
  }
}
