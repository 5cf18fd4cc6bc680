import GuideEngine
import GuideSession
import GuideProtocols
import GuideStore

/// What the executable hands plain mode.
public struct PlainOptions {
  /// The protocols to choose from (built-ins and the district's own).
  public var protocols: [LoadedProtocol]
  /// Skip the protocol question (`--protocol ID`).
  public var protocolID: String?
  /// Where summary files are saved: the current directory, or the administrator's export
  /// directory in restricted mode (nil: files cannot be saved, printing still works).
  public var exportDirectory: String?
  /// The clock: the wall clock, or a fixed time for reproducible runs.
  public var now: () -> Timestamp
  /// Width of the summary, the reference, the story and the debrief.
  public var width = 78
  /// Where a real case typed at a terminal keeps its encrypted draft; nil: no draft can be kept
  /// (no state directory). Never used when the answers come from a script, nor in training.
  public var draftStore: DraftStore?
  /// The user's reporter profile (a case typed at a terminal): reporter fields start with it.
  public var reporterProfileStore: ReporterProfileStore?
  /// Why there is no draft store, for the message at the start of a case.
  public var noDraftStoreReason = "no state directory: HOME is not set"
  public var keyDerivation = KeyDerivation.standard
  /// The zone times are read and shown in (the administrator's, else the system's).
  public var zone: CaseZone = .recorded

  public init(
    protocols: [LoadedProtocol], protocolID: String? = nil, exportDirectory: String? = ".",
    now: @escaping () -> Timestamp
  ) {
    self.protocols = protocols
    self.protocolID = protocolID
    self.exportDirectory = exportDirectory
    self.now = now
  }
}

/// How a plain-mode session ended.
public struct PlainOutcome: Equatable, Sendable {
  /// 0, `inputEndedStatus` when the input ended with something unsaved, or
  /// `answerDoesNotFitStatus` when a script's answer did not fit its question, `draftNotOpenedStatus`
  /// when a draft to resume could not be opened, 128 + the signal when a signal ended it with the
  /// case in its draft, or `DraftKeeper.signalUnsavedStatus` when records were lost.
  public var status: Int32
  /// Lines for standard error.
  public var messages: [String]

  /// The input ended (end of file) while the case held something not yet saved, or before a
  /// training walkthrough reached its debrief: EX_NOINPUT of sysexits.h, "the input ran out".
  public static let inputEndedStatus: Int32 = 66

  /// From a script (the input is not a terminal), an answer did not fit its question, or the
  /// action it chose was refused: the answers and the questions are out of step, so the run
  /// stopped before the next answer could land on the wrong question. EX_DATAERR of sysexits.h.
  public static let answerDoesNotFitStatus: Int32 = 65

  /// `resume --plain`: the draft could not be opened (three wrong passphrases, damaged, open in
  /// another session, or its protocol is not available here). The draft is kept.
  public static let draftNotOpenedStatus: Int32 = 66
}

/// Why the conversation stops before its end: the user quit, the input ended, a form was
/// cancelled (caught by the action that opened it), or a script's answer did not fit its
/// question (what went wrong, for standard error: "answers line 14: 'maybe' does not answer ...").
enum PlainStop: Error, Equatable {
  case quit
  case inputEnded
  case cancelled
  case doesNotFit(String)
  /// SIGHUP or SIGTERM at a terminal: the session ends with 128 + the signal.
  case signal(Int32)
}

/// How the user asked to quit: `q`, Ctrl-C, or Ctrl-D (the end of the input at a terminal).
enum QuitRequest: Equatable {
  case typed
  case interrupt
  case endOfInput
}
