import Foundation  // tests only: temporary files
import GuideEngine
@testable import GuidePlain
import Testing

/// Plain mode's descriptors: what is written passes the output boundary, and a piped line over
/// the limit is refused whole, never split into two answers.
@Suite struct DescriptorIOTests {
  func file(_ bytes: [UInt8]) throws -> Int32 {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("csec-io-\(UUID().uuidString)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let fd = open(path, O_RDONLY)
    unlink(path)
    return fd
  }

  @Test func aLineOverTheLimitIsRefusedWholeAndTheNextLineIsRead() throws {
    let long = [UInt8](repeating: UInt8(ascii: "x"), count: DescriptorIO.longestLine + 10)
    let fd = try file(Array("first\n".utf8) + long + Array("\nnext\n".utf8) + long)
    defer { close(fd) }
    var io = DescriptorIO(input: fd, output: -1, inputIsEchoed: false)
    #expect(io.nextInput() == .line("first"))
    #expect(io.nextInput() == .tooLong(limit: DescriptorIO.longestLine))
    #expect(io.nextInput() == .line("next"))
    #expect(io.nextInput() == .tooLong(limit: DescriptorIO.longestLine), "a last line without its line break")
    #expect(io.nextInput() == .ended)
  }

  @Test func aLineAtTheLimitIsTaken() throws {
    let exact = [UInt8](repeating: UInt8(ascii: "y"), count: DescriptorIO.longestLine)
    let fd = try file(exact + [10])
    defer { close(fd) }
    var io = DescriptorIO(input: fd, output: -1, inputIsEchoed: false)
    #expect(io.nextInput() == .line(String(repeating: "y", count: DescriptorIO.longestLine)))
  }

  /// A line that is not UTF-8 (a Latin-1 "é" from a terminal set to another encoding) is
  /// refused whole: it was kept with the letter replaced by U+FFFD, a silent loss. At a
  /// terminal the question is asked again, saying why; the lines after it are read as usual.
  @Test func aLineThatIsNotUTF8IsRefusedAndAskedAgain() throws {
    let fd = try file(Array("Jos".utf8) + [0xE9] + Array(" Nunez\nnext\n".utf8))
    defer { close(fd) }
    var io = DescriptorIO(input: fd, output: -1, inputIsEchoed: false)
    #expect(io.nextInput() == .notUTF8)
    #expect(io.nextInput() == .line("next"))
    let played = PlainFixtures.play(
      ScriptedIO(inputs: [.line("3"), .line(""), .line("a"), .notUTF8, .line("José Núñez")], inputIsTerminal: true),
      protocolID: "san-mateo", exportDirectory: nil)
    #expect(played.output.contains("That line has a letter that is not UTF-8, so none of it was taken"), "\(played.output)")
    let notes = played.state?.steps.values.flatMap(\.notes).map(\.value) ?? []
    #expect(notes == ["José Núñez"], "\(notes)")
    let script = PlainFixtures.play(ScriptedIO(inputs: [.notUTF8], inputIsTerminal: false), protocolID: nil, exportDirectory: nil)
    #expect(script.outcome.status == PlainOutcome.answerDoesNotFitStatus)
  }

  /// From a script, the refused line stops the run (65) instead of answering two questions.
  @Test func aScriptWithAnOverlongAnswerStops() {
    let played = PlainFixtures.play(
      ScriptedIO(inputs: [.tooLong(limit: DescriptorIO.longestLine)], inputIsTerminal: false), protocolID: nil, exportDirectory: nil)
    let outcome = played.outcome
    #expect(outcome.status == PlainOutcome.answerDoesNotFitStatus)
    #expect(outcome.messages.joined().contains("longer than \(DescriptorIO.longestLine) bytes"))
  }

  @Test func everythingWrittenPassesTheOutputBoundary() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    var io = DescriptorIO(input: -1, output: fds[1], inputIsEchoed: false)
    io.write("title\u{1B}]52;c;aGk=\u{07}\u{9B}2J\u{202E}x\u{200B}\n\tend\n")
    close(fds[1])
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = read(fds[0], &buffer, buffer.count)
    close(fds[0])
    let text = String(decoding: buffer[0..<max(0, n)], as: UTF8.self)
    #expect(text == "title\\u{1B}]52;c;aGk=\\u{7}\\u{9B}2J\\u{202E}x\\u{200B}\n\tend\n")
  }
}
