@preconcurrency import CNcursesw
import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// What reading the keyboard gave.
enum Input: Equatable {
  case key(Key)
  case resized
  case none
}

/// The only code that talks to curses: it starts and restores the terminal, copies a
/// `CellBuffer` to the screen (curses then sends only the cells that changed), and decodes keys.
final class CursesTerminal {
  let charset: TerminalCharset
  private var screen: OpaquePointer?
  private var lastCursorVisibility: Int32 = -1

  init(charset: TerminalCharset) {
    self.charset = charset
  }

  /// Starts curses. Returns nil (with the reason) when the terminal cannot be used. In
  /// restricted mode Ctrl-Z makes no signal at all; Ctrl-\ never does while the screen is up
  /// (it would kill the guide, or a parent shell, with the case on screen).
  func start(restricted: Bool = false) -> String? {
    guard let term = getenv("TERM"), !String(cString: term).isEmpty else {
      return "TERM is not set, so the terminal cannot be drawn on."
    }
    // newterm instead of initscr: initscr exits the process on an unknown TERM.
    guard let screen = newterm(nil, stdout, stdin) else {
      return "the terminal type '\(String(cString: term))' is not known to this system (terminfo)."
    }
    self.screen = screen
    _ = set_term(screen)
    cbreak()
    noecho()
    nonl()
    intrflush(sh_stdscr(), false)
    keypad(sh_stdscr(), true)
    // Esc acts at once: 25 ms is enough to tell it from an arrow key's escape sequence.
    set_escdelay(25)
    // readKey sets how long each read waits; nothing runs while the user is idle.
    timeout(200)
    leaveok(sh_stdscr(), false)
    var settings = termios()
    if tcgetattr(STDIN_FILENO, &settings) == 0 {
      withUnsafeMutableBytes(of: &settings.c_cc) { cc in
        cc[Int(VQUIT)] = 0  // _POSIX_VDISABLE
        if restricted { cc[Int(VSUSP)] = 0 }
      }
      tcsetattr(STDIN_FILENO, TCSANOW, &settings)
      def_prog_mode()  // curses restores these settings after a suspend; endwin restores the originals
    }
    // Bracketed paste: pasted text arrives marked, so a line break in it is never Enter.
    writeRaw("\u{1B}[?2004h")
    return nil
  }

  private func writeRaw(_ text: String) {
    fflush(stdout)
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
  }

  /// Reads the rest of an escape sequence already waiting: "[" then parameters up to a final
  /// byte (CSI), or "O" and one more (SS3), or a single character (Alt and a key).
  private func readPendingSequence() -> [UInt32] {
    timeout(0)
    defer { timeout(200) }
    var chars: [UInt32] = []
    var ch: wint_t = 0
    guard get_wch(&ch) == OK else { return [] }
    chars.append(ch)
    if ch == UInt32(UInt8(ascii: "O")) {
      if get_wch(&ch) == OK { chars.append(ch) }
    } else if ch == UInt32(UInt8(ascii: "[")) {
      while chars.count < 16, get_wch(&ch) == OK {
        chars.append(ch)
        if (0x40...0x7E).contains(ch) { break }
      }
    }
    return chars
  }

  /// After "ESC [200~": everything up to "ESC [201~" is pasted text (bounded).
  private func readPaste() -> String {
    var scalars = String.UnicodeScalarView()
    var ch: wint_t = 0
    var idle = 0
    timeout(50)
    while scalars.count < 100_000 {
      let result = get_wch(&ch)
      if result == ERR {
        idle += 1
        if idle > 20 { break }  // a paste that never ends: keep what arrived
        continue
      }
      idle = 0
      if result == OK, ch == 27 {
        let rest = readPendingSequence()
        if rest == Array("[201~".unicodeScalars.map(\.value)) { break }
        // Another sequence inside the paste (CSI, SS3) is dropped whole; after a lone ESC, the
        // character read with it is text. The paste is only ever text (TextEditor cleans it).
        if let first = rest.first, first != UInt32(UInt8(ascii: "[")), first != UInt32(UInt8(ascii: "O")),
          let scalar = Unicode.Scalar(first)
        {
          scalars.append(scalar)
        }
        continue
      }
      if result == OK, let scalar = Unicode.Scalar(ch) { scalars.append(scalar) }
    }
    return String(scalars)
  }

  var size: (width: Int, height: Int) {
    var y: Int32 = 0
    var x: Int32 = 0
    sh_getmaxyx(sh_stdscr(), &y, &x)
    return (Int(x), Int(y))
  }

  /// Copies the frame to curses' virtual screen and refreshes: only the differences are sent.
  func draw(_ buffer: CellBuffer) {
    let win = sh_stdscr()
    for row in 0..<buffer.height {
      var x = 0
      while x < buffer.width {
        let style = buffer[row, x].style
        var run: [wchar_t] = []
        let start = x
        while x < buffer.width, buffer[row, x].style == style {
          let cell = buffer[row, x]
          if !cell.isContinuation {
            for scalar in cell.character.unicodeScalars { run.append(wchar_t(bitPattern: scalar.value)) }
          }
          x += 1
        }
        wattr_set(win, attributes(style), 0, nil)
        // The last cell of the last row would scroll some terminals: leave it out.
        if row == buffer.height - 1 && x == buffer.width, !run.isEmpty { run.removeLast() }
        run.append(0)
        _ = wmove(win, Int32(row), Int32(start))
        run.withUnsafeBufferPointer { _ = waddnwstr(win, $0.baseAddress, Int32($0.count - 1)) }
      }
    }
    wattr_set(win, 0, 0, nil)
    _ = wmove(win, Int32(buffer.cursor.row), Int32(buffer.cursor.column))
    if lastCursorVisibility != 1 {
      // A visible cursor on the focused item lets screen readers and braille displays follow.
      lastCursorVisibility = curs_set(1) == ERR ? 0 : 1
    }
    wrefresh(win)
  }

  private func attributes(_ style: CellStyle) -> attr_t {
    var a: attr_t = 0
    if style.bold { a |= sh_A_BOLD() }
    if style.reverse { a |= sh_A_REVERSE() }
    if style.underline { a |= sh_A_UNDERLINE() }
    if style.dim { a |= sh_A_DIM() }
    return a
  }

  /// Reads one key, waiting up to `waitMilliseconds` (-1: until a key comes). A signal ends the
  /// wait at once: the guide's handlers are installed without SA_RESTART, so the read is
  /// interrupted and nothing is returned; one already pending makes this not wait at all.
  func readKey(waitMilliseconds: Int32) -> Input {
    timeout(Signals.isPending ? 0 : waitMilliseconds)
    // Bytes, decoded here rather than by curses' get_wch: after a byte that is not UTF-8 (a
    // Latin-1 "é"), get_wch kept reading up to 16 more bytes into the bad character, so the
    // keys typed next did nothing.
    let code = wgetch(sh_stdscr())
    guard code != ERR else { return .none }
    var ch = wint_t(code)
    if code > 0xFF {
      switch code {
      case KEY_RESIZE: return .resized
      case KEY_UP: return .key(.up)
      case KEY_DOWN: return .key(.down)
      case KEY_LEFT: return .key(.left)
      case KEY_RIGHT: return .key(.right)
      case KEY_HOME: return .key(.home)
      case KEY_END: return .key(.end)
      case KEY_PPAGE: return .key(.pageUp)
      case KEY_NPAGE: return .key(.pageDown)
      case KEY_BACKSPACE: return .key(.backspace)
      case KEY_DC: return .key(.delete)
      case KEY_BTAB: return .key(.backTab)
      case sh_KEY_F(1): return .key(.f1)
      case KEY_ENTER: return .key(.enter)
      default: return .none
      }
    }
    if code >= 0x80 {
      guard let scalar = readUTF8(lead: UInt8(code)) else { return .key(.notUTF8) }
      ch = wint_t(scalar.value)
    }
    switch ch {
    case 27:
      let rest = readPendingSequence()
      if rest.isEmpty { return .key(.escape) }
      let sequence = String(String.UnicodeScalarView(rest.compactMap(Unicode.Scalar.init)))
      switch sequence {
      case "[200~": return .key(.paste(readPaste()))
      // Keys whose sequences the terminfo entry may not list (tmux sends these for Home/End).
      case "[1~", "[7~", "[H", "OH": return .key(.home)
      case "[4~", "[8~", "[F", "OF": return .key(.end)
      case "[5~": return .key(.pageUp)
      case "[6~": return .key(.pageDown)
      case "[3~": return .key(.delete)
      case "[A", "OA": return .key(.up)
      case "[B", "OB": return .key(.down)
      case "[C", "OC": return .key(.right)
      case "[D", "OD": return .key(.left)
      case "[Z": return .key(.backTab)
      case "OP", "[11~": return .key(.f1)
      default: return .none  // an unknown sequence is ignored, never typed as text
      }
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 8, 127: return .key(.backspace)
    case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(ch) + 96))))
    case 0..<32: return .none
    default:
      guard let scalar = Unicode.Scalar(ch) else { return .none }
      return .key(.character(Character(scalar)))
    }
  }

  /// The rest of a UTF-8 character whose first byte is `lead`, or nil when the bytes are not
  /// UTF-8; a byte that does not continue the character is left for the next read.
  private func readUTF8(lead: UInt8) -> Unicode.Scalar? {
    let more: Int
    switch lead {
    case 0xC2...0xDF: more = 1
    case 0xE0...0xEF: more = 2
    case 0xF0...0xF4: more = 3
    default: return nil
    }
    timeout(50)
    var bytes = [lead]
    for _ in 0..<more {
      let next = wgetch(sh_stdscr())
      guard next != ERR else { return nil }
      guard (0x80...0xBF).contains(next) else {
        _ = ungetch(next)
        return nil
      }
      bytes.append(UInt8(next))
    }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
    return nil
  }

  /// True when the terminal is gone (the pty master closed): reads would fail forever.
  var inputClosed: Bool {
    var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, 0) >= 0 else { return true }
    return poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
  }

  /// Sends text to the user's clipboard with OSC 52: invisible on screen, and only when asked.
  func copyToClipboard(_ text: String) {
    let sequence = "\u{1B}]52;c;" + Base64.encode(Array(text.utf8)) + "\u{07}"
    let bytes = Array(sequence.utf8)
    fflush(stdout)
    bytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
  }

  /// Wipes the case from the screen, then restores the terminal as it was.
  func stop() {
    guard screen != nil else { return }
    writeRaw("\u{1B}[?2004l")
    // Wipe the case line by line rather than with a full-screen clear: terminals without an
    // alternate screen (and tmux, whose scroll-on-clear keeps a cleared screen in its
    // history) would otherwise keep the last screen in the scrollback.
    let (_, height) = size
    var wipe = "\u{1B}[0m"
    for row in 1...max(1, height) { wipe += "\u{1B}[\(row);1H\u{1B}[2K" }
    writeRaw(wipe + "\u{1B}[H")
    endwin()
    if let screen { delscreen(screen) }
    screen = nil
  }
}
