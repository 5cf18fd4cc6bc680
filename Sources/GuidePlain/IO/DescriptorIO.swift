#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines read from a file descriptor (standard input or an answers file) and written to
/// another (standard output) with write(2): nothing is buffered, so a prompt is on the screen
/// before the program waits for its answer.
public struct DescriptorIO: PlainIO {
  /// A line longer than this is taken as it is: the input is never held whole in memory.
  static let longestLine = 1 << 20

  let input: Int32
  let output: Int32
  public let inputIsEchoed: Bool
  private var pending: [UInt8] = []
  private var ended = false

  public init(input: Int32, output: Int32, inputIsEchoed: Bool) {
    self.input = input
    self.output = output
    self.inputIsEchoed = inputIsEchoed
  }

  public mutating func readLine() -> String? {
    while true {
      if let newline = pending.firstIndex(of: 10) ?? (pending.count >= Self.longestLine ? pending.count - 1 : nil) {
        var line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        if line.last == 13 { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
      }
      if ended {
        // The last line may have no line break.
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if count > 0 {
        pending += chunk[0..<count]
      } else if count < 0, errno == EINTR {
        continue
      } else {
        ended = true
      }
    }
  }

  public mutating func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { systemWrite(output, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0, errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }
}

/// write(2), named apart from `DescriptorIO.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
  #else
    Darwin.write(fd, buffer, count)
  #endif
}
