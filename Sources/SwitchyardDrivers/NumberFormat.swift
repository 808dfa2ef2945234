/// Floating-point and decimal values as every engine returns them: floats through their own
/// shortest text (so a REAL 0.1 reads 0.1, not 0.100000001…), NaN and the infinities as the
/// words PostgreSQL prints (JSON has no number for them), decimals digit for digit.
public enum NumberFormat {
    public static func double(_ value: Double) -> SQLValue {
        if value.isFinite { return .double(value) }
        return .string(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity")
    }

    public static func float(_ value: Float) -> SQLValue {
        guard value.isFinite else { return double(Double(value)) }
        return .double(Double(value.description) ?? Double(value))
    }

    /// A decimal's unscaled integer with `scale` digits after the point, e.g. `-0.50`.
    public static func decimal(unscaled: Int128, scale: Int) -> SQLValue {
        let digits = String(unscaled.magnitude)
        let sign = unscaled < 0 ? "-" : ""
        guard scale > 0 else { return .decimal(sign + digits) }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return .decimal(sign + padded[..<point] + "." + padded[point...])
    }
}
