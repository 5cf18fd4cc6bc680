/// Times as a person types and reads them on a form: "14:05" today, or a full date.
extension Timestamp {
  /// The local time of day, "14:05".
  public var clockText: String {
    let c = civilParts
    return (c.hour < 10 ? "0" : "") + "\(c.hour):" + (c.minute < 10 ? "0" : "") + "\(c.minute)"
  }

  public var civilParts: (hour: Int, minute: Int) {
    let local = secondsSinceEpoch + Int64(utcOffsetMinutes) * 60
    let secondOfDay = Int(((local % 86_400) + 86_400) % 86_400)
    return (secondOfDay / 3600, (secondOfDay % 3600) / 60)
  }

  /// Reads "HH:MM" (on the day of `near`, in its offset) or "YYYY-MM-DD HH:MM".
  public init?(clockText text: String, near: Timestamp) {
    let trimmed = text.trimmingWhitespace()
    if trimmed.count > 5 {
      let offset = near.utcOffsetMinutes
      let sign = offset < 0 ? "-" : "+"
      let m = abs(offset)
      let zone = "\(sign)\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
      guard let t = Timestamp(iso8601: trimmed.replacingOccurrences(of: " ", with: "T") + zone) else { return nil }
      self = t
      return
    }
    let parts = trimmed.split(separator: ":")
    guard parts.count == 2, let h = Int(parts[0]), let mi = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(mi)
    else { return nil }
    let local = near.secondsSinceEpoch + Int64(near.utcOffsetMinutes) * 60
    let dayStart = local - Int64(((local % 86_400) + 86_400) % 86_400)
    self.init(
      secondsSinceEpoch: dayStart + Int64(h * 3600 + mi * 60) - Int64(near.utcOffsetMinutes) * 60,
      utcOffsetMinutes: near.utcOffsetMinutes)
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
