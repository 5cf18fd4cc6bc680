import GuideEngine
import GuideSession

/// What `AppState.update` is given: a key, or what the runner did with an effect (as Bubble
/// Tea does: the model never does I/O, and learns every result as a message).
public enum Message: Equatable, Sendable {
  case key(Key)
  /// The window changed size; the next frame is drawn at the new size.
  case resize(width: Int, height: Int)
  /// A frame was drawn: the page on screen can scroll no further than this.
  case drawn(scroll: Int)
  /// The protocols listed by title before the first frame, now decoded in full.
  case protocolsCompleted([ProtocolChoice])
  /// The encrypted draft of the new case was created and holds the case.
  case draftCreated
  /// No draft could be created: why.
  case draftNotCreated(reason: String)
  /// The drafts of this account (`csec-guide resume`); `open` asks at once for this one's
  /// passphrase.
  case draftsListed([DraftChoice], open: String?)
  /// A draft was opened with its passphrase: its protocol and its events.
  /// `warning`: the draft is older than the last save this account saw (a copy put back).
  case draftOpened(protocolID: String, events: [CaseEvent], warning: String? = nil)
  /// A draft could not be opened: why.
  case draftNotOpened(reason: String)
  case exportDone(SummaryFormat, SummaryExport.Record, directory: String?)
  case exportFailed(SummaryExport.FileOutcome)
  /// The passphrase typed on the lock screen was checked.
  case unlockChecked(right: Bool)
  /// No key for this many seconds.
  case idle(seconds: Int)
  /// SIGINT, SIGHUP or SIGTERM (SIGHUP also when the terminal went away).
  case signal(Int32)
  /// A save of the draft failed: why (the case stays in memory; saving is retried).
  case saveFailed(reason: String)
  /// A save succeeded after failures.
  case saveRecovered
  /// The reporter profile was saved, or why it could not be.
  case profileSaved
  case profileNotSaved(reason: String)
}

/// Where an exported summary goes.
public enum ExportDestination: String, CaseIterable, Equatable, Sendable {
  case file
  /// Printed to standard output after the screen is restored (only when asked).
  case printAfterExit
  /// Copied to the user's own clipboard through the terminal (OSC 52, only when asked).
  case clipboard

  public var title: String {
    switch self {
    case .file: return "Save to a new file (readable only by you)"
    case .printAfterExit: return "Print to the terminal after the guide closes"
    case .clipboard: return "Copy to my clipboard through the terminal (OSC 52)"
    }
  }
}

/// What only the runner can do (files, crypto, the terminal): `update` returns these, the
/// runner carries them out and sends back what came of them as a `Message`.
public enum Effect: Equatable, Sendable {
  /// The user quits: the draft is kept or deleted (see `DraftKeeper.close`).
  case quit
  /// Three wrong passphrases on the lock screen: the guide closes.
  case closeAfterWrongPassphrases
  /// SIGHUP or SIGTERM: end now, with 128 + the signal (every event is in the draft).
  case endBySignal(Int32)
  /// Remember the chosen protocol for next time (not case data).
  case rememberProtocol(String)
  /// `name`: the file name the user chose (checked), for a file; nil for the usual name.
  case export(SummaryFormat, ExportDestination, name: String? = nil)
  /// Start the encrypted draft of a new real case with this passphrase.
  case startDraft(passphrase: String)
  /// Check the passphrase typed on the lock screen.
  case unlock(passphrase: String)
  /// Open a saved draft and continue its case.
  case resumeDraft(id: String, passphrase: String)
  /// The draft just opened carries on the case (its protocol is here).
  case keepOpenedDraft
  /// The draft just opened cannot be continued here: let go of it, unchanged.
  case releaseOpenedDraft
  /// An entry of the case log (the summary viewed or exported).
  case audit(String)
  /// The case was dropped before anything was recorded (back to the protocol choice): its
  /// draft, if one was started, goes too.
  case caseAbandoned
  /// A reporter field was saved: keep it in the user's reporter profile.
  case saveReporterProfile(ReporterProfile)

  /// Effects that take a moment (key derivation): the runner draws the status first.
  public var isSlow: Bool {
    switch self {
    case .startDraft, .unlock, .resumeDraft: return true
    default: return false
    }
  }
}
