import GuideEngine

/// One field of a form: text to type, or one answer to pick.
public struct FormField: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case text(TextEditor)
    case choice([String], selected: Int)
  }
  public var label: String
  public var kind: Kind
  public var required: Bool
  public var hint: String?
  /// Typed characters are shown as dots (passphrases).
  public var secret = false

  public static func text(
    _ label: String, _ initial: String = "", multiline: Bool = false, required: Bool = false, hint: String? = nil,
    suggested: Bool = false
  ) -> FormField {
    FormField(
      label: label, kind: .text(TextEditor(initial, multiline: multiline, suggested: suggested)), required: required,
      hint: hint ?? (multiline ? "Several lines: Enter starts a new line; Tab goes on." : nil))
  }

  public static func secret(_ label: String, hint: String? = nil) -> FormField {
    FormField(label: label, kind: .text(TextEditor("", multiline: false)), required: true, hint: hint, secret: true)
  }

  public static func choice(_ label: String, _ options: [String], selected: Int = 0, hint: String? = nil) -> FormField {
    FormField(label: label, kind: .choice(options, selected: selected), required: true, hint: hint)
  }

  /// The typed text (trimmed) or the picked option.
  public var value: String {
    switch kind {
    case .text(let editor): return editor.text.trimmingWhitespace()
    case .choice(let options, let selected): return options.indices.contains(selected) ? options[selected] : ""
    }
  }

  /// The typed text exactly, spaces kept (passphrases).
  public var rawText: String {
    if case .text(let editor) = kind { return editor.text }
    return value
  }

  public var selectedIndex: Int {
    if case .choice(_, let selected) = kind { return selected }
    return 0
  }
}

/// A small dialog: a title, a few lines of explanation, fields, and Save/Cancel. What it does
/// when saved is its `purpose`; the app turns that into an engine event.
public struct Form: Equatable, Sendable {
  public indirect enum Purpose: Equatable, Sendable {
    case markDone(step: String)
    case notApplicable(step: String)
    case stepNote(step: String)
    case reopen(step: String)
    case call(step: String, contactID: String?)
    case reference
    case caseNote
    case screeningNotMet
    case screeningObservations
    case escalate(options: [Situation])
    case export
    case reportDecision
    case setPassphrase
    case resume(id: String)
    case reportField(id: String)
    case notReporting
    case writtenReportSent
    /// A finished case whose written report is pending is closed, with its reason.
    case closeCase
    /// When the information was received; `then` opens next (saved or skipped): the form the
    /// counselor asked for on a mandated-report step.
    case informationReceived(then: Form?)
    /// A mandated-report step marked not applicable on a suspected or confirmed pathway: the
    /// decision that no report is made, confirmed on purpose.
    case notApplicableNoReport(step: String)
    /// The draft opened is older than the last save this account saw: continue with it, or
    /// leave it as it is.
    case continueOlderCopy
  }

  /// The word on the button that carries the form out: what it does, not always "Save".
  public var submitLabel: String {
    switch purpose {
    case .resume: return "Open"
    case .continueOlderCopy: return "Continue with this copy"
    case .setPassphrase: return "Continue"
    case .export: return "Export"
    default: return "Save"
    }
  }

  public var title: String
  public var intro: [String]
  public var fields: [FormField]
  /// 0..<fields.count is a field; fields.count is Save; fields.count + 1 is Cancel.
  public var focus = 0
  public var purpose: Purpose
  /// Why the last Save was refused, shown in the form.
  public var error: String?
  /// Something the form was told that typing does not clear (a letter not taken), shown while
  /// there is no error.
  public var notice: String?
  /// Esc was pressed with text typed: the next key decides whether to discard it.
  public var confirmingDiscard = false

  public init(title: String, intro: [String] = [], fields: [FormField], purpose: Purpose) {
    self.title = title
    self.intro = intro
    self.fields = fields
    self.purpose = purpose
    initialText = fields.map(Self.text)
  }

  /// What each text field held when the form opened (the time now, the step's agency...).
  private var initialText: [String] = []

  private static func text(_ field: FormField) -> String {
    if case .text(let editor) = field.kind { return editor.text }
    return ""
  }

  public var saveIndex: Int { fields.count }
  public var cancelIndex: Int { fields.count + 1 }

  /// Text typed in: a field changed from what it held when the form opened. Esc asks before
  /// it is discarded; a form left as it opened (a suggested time, a profile's name) closes at once.
  public var hasTypedText: Bool {
    fields.indices.contains { i in
      guard case .text(let editor) = fields[i].kind else { return false }
      let initial = i < initialText.count ? initialText[i] : ""
      return editor.text != initial && !editor.isBlank
    }
  }

  public enum Outcome: Equatable {
    case stay
    case save
    case cancel
  }

  /// Applies a key to the form.
  public mutating func handle(_ key: Key) -> Outcome {
    if confirmingDiscard {
      confirmingDiscard = false
      if key == .character("y") || key == .character("Y") { return .cancel }
      return .stay
    }
    switch key {
    case .escape:
      if hasTypedText {
        confirmingDiscard = true
        return .stay
      }
      return .cancel
    case .tab:
      focus = (focus + 1) % (fields.count + 2)
      return .stay
    case .backTab:
      focus = (focus + fields.count + 1) % (fields.count + 2)
      return .stay
    case .control("d"):
      return .save
    default:
      break
    }
    if focus == saveIndex || focus == cancelIndex {
      // Only Enter presses a button: a space or a pasted line must never save by accident.
      switch key {
      case .enter: return focus == saveIndex ? .save : .cancel
      case .left, .up: focus = max(0, focus - 1)
      case .right: focus = focus == saveIndex ? cancelIndex : saveIndex
      case .down: focus = min(cancelIndex, focus + 1)
      default: break
      }
      return .stay
    }
    switch fields[focus].kind {
    case .text(var editor):
      if editor.handle(key) {
        fields[focus].kind = .text(editor)
        error = nil
        return .stay
      }
      switch key {
      case .enter where focus == fields.count - 1:
        return .save  // Enter in the last one-line field saves, as in most dialogs
      case .enter, .down: focus += 1
      case .up: focus = max(0, focus - 1)
      default: break
      }
    case .choice(let options, let selected):
      switch key {
      case .left, .up:
        if key == .up && selected == 0 { focus = max(0, focus - 1) } else {
          fields[focus].kind = .choice(options, selected: max(0, selected - 1))
        }
      case .right, .down, .character(" "):
        if key == .down && selected == options.count - 1 { focus += 1 } else {
          fields[focus].kind = .choice(options, selected: (selected + 1) % options.count)
        }
      case .character(let ch):
        if let n = ch.wholeNumberValue, n >= 1, n <= options.count {
          fields[focus].kind = .choice(options, selected: n - 1)
        }
      case .enter:
        focus += 1
      default:
        break
      }
    }
    return .stay
  }

  /// The first required field left empty, if any.
  public var missingField: FormField? {
    fields.first { $0.required && $0.value.isEmpty }
  }
}
