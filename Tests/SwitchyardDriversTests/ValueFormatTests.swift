import SwitchyardDrivers
import Testing

/// The one text form of dates, times and numbers that every engine's values take.
@Suite struct ValueFormatTests {
    /// PostgreSQL counts from 2000-01-01.
    let postgresEpoch: Int64 = 10_957

    @Test func datesAroundTheEpochsAndBeforeYearOne() {
        #expect(TemporalFormat.date(days: 0) == "1970-01-01")
        #expect(TemporalFormat.date(days: 0, epochDays: postgresEpoch) == "2000-01-01")
        #expect(TemporalFormat.date(days: -1, epochDays: postgresEpoch) == "1999-12-31")
        #expect(TemporalFormat.date(days: 59, epochDays: postgresEpoch) == "2000-02-29")
        #expect(TemporalFormat.date(days: -730_485, epochDays: postgresEpoch) == "0000-01-01")
        #expect(TemporalFormat.date(days: -730_486, epochDays: postgresEpoch) == "-0001-12-31")
    }

    @Test func timesKeepOnlySignificantFractionDigits() {
        #expect(TemporalFormat.time(86_400_000_000, unitsPerSecond: 1_000_000) == "24:00:00")
        #expect(TemporalFormat.time(3_723_000_100, unitsPerSecond: 1_000_000) == "01:02:03.0001")
        #expect(TemporalFormat.time(49_501_250_000_000, unitsPerSecond: 1_000_000_000) == "13:45:01.25")
        #expect(TemporalFormat.time(49_501, unitsPerSecond: 1) == "13:45:01")
    }

    @Test func timestampsBeforeTheEpochBorrowADay() {
        #expect(TemporalFormat.timestamp(-1, unitsPerSecond: 1_000_000, epochDays: postgresEpoch) == "1999-12-31T23:59:59.999999")
        #expect(TemporalFormat.timestamp(1_709_214_301_250, unitsPerSecond: 1_000) == "2024-02-29T13:45:01.25")
    }

    @Test func zoneOffsets() {
        #expect(TemporalFormat.offset(secondsEast: 19_800) == "+05:30")
        #expect(TemporalFormat.offset(secondsEast: -3600) == "-01:00")
        #expect(TemporalFormat.offset(secondsEast: 3661) == "+01:01:01")
    }

    /// MariaDB sends text such as `2024-02-29 13:45:01.250000`; it must read like the others.
    @Test func engineTextIsNormalised() {
        #expect(TemporalFormat.normalized("2024-02-29 13:45:01.250000") == "2024-02-29T13:45:01.25")
        #expect(TemporalFormat.normalized("2024-02-29 13:45:01.000000") == "2024-02-29T13:45:01")
        #expect(TemporalFormat.normalized("2024-02-29 13:45:01") == "2024-02-29T13:45:01")
        #expect(TemporalFormat.normalized("838:59:59.500000") == "838:59:59.5")
        #expect(TemporalFormat.normalized("2024-02-29") == "2024-02-29")
        #expect(
            TemporalFormat.normalized("2024-02-29 13:45:01.250000")
                == TemporalFormat.timestamp(1_709_214_301_250_000, unitsPerSecond: 1_000_000))
    }

    @Test func floatsReadAsTheirShortestTextAndSpecialsAsWords() {
        #expect(NumberFormat.float(0.1) == .double(0.1))
        #expect(NumberFormat.double(1.5) == .double(1.5))
        #expect(NumberFormat.double(.nan) == .string("NaN"))
        #expect(NumberFormat.double(-.infinity) == .string("-Infinity"))
        #expect(NumberFormat.float(.infinity) == .string("Infinity"))
    }

    @Test func decimalsKeepTheirScale() {
        #expect(NumberFormat.decimal(unscaled: -50, scale: 2) == .decimal("-0.50"))
        #expect(NumberFormat.decimal(unscaled: 123_456, scale: 0) == .decimal("123456"))
        #expect(NumberFormat.decimal(unscaled: 5, scale: 3) == .decimal("0.005"))
    }
}
