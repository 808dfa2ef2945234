import SwitchyardCore
import SwitchyardDrivers
import Testing

@testable import PostgresDriver

/// The text forms the driver builds itself, checked without a server.
@Suite("Formatting of binary values")
struct FormattingTests {
    @Test func numericDigitsBecomeExactText() {
        #expect(NumericText.text(digits: [1234, 5678], weight: 1, negative: false, scale: 0) == "12345678")
        #expect(NumericText.text(digits: [1], weight: -1, negative: false, scale: 4) == "0.0001")
        #expect(NumericText.text(digits: [12, 3400], weight: 0, negative: true, scale: 3) == "-12.340")
        #expect(NumericText.text(digits: [1], weight: 2, negative: false, scale: 0) == "100000000")
        #expect(NumericText.text(digits: [5], weight: -2, negative: false, scale: 8) == "0.00000005")
        #expect(NumericText.text(digits: [], weight: 0, negative: false, scale: 2) == "0.00")
    }

    @Test func intervalsPrintAsTheServerDoes() {
        #expect(IntervalText.text(microseconds: 0, days: 0, months: 0) == "00:00:00")
        #expect(IntervalText.text(microseconds: 0, days: 1, months: 14) == "1 year 2 mons 1 day")
        #expect(IntervalText.text(microseconds: -1_000_000, days: 0, months: 0) == "-00:00:01")
        #expect(IntervalText.text(microseconds: 7_200_000_000, days: -1, months: 0) == "-1 days +02:00:00")
        #expect(IntervalText.text(microseconds: 90_000_000_000, days: 0, months: -1) == "-1 mons +25:00:00")
    }

    @Test func typeModifiersAreSpelledLikeFormatType() {
        #expect(TypeModifier.name(oid: 1043, typmod: 24) == "character varying(20)")
        #expect(TypeModifier.name(oid: 1015, typmod: 24) == "character varying(20)[]")
        #expect(TypeModifier.name(oid: 1700, typmod: (10 << 16 | 2) + 4) == "numeric(10,2)")
        #expect(TypeModifier.name(oid: 1700, typmod: (5 << 16 | 0x7FE) + 4) == "numeric(5,-2)")
        #expect(TypeModifier.name(oid: 1184, typmod: 3) == "timestamp(3) with time zone")
        #expect(TypeModifier.name(oid: 1186, typmod: 470_286_338) == "interval day to second(2)")
        #expect(TypeModifier.name(oid: 1007, typmod: -1) == "integer[]")
        #expect(TypeModifier.name(oid: 99_999, typmod: -1) == nil)
    }

    @Test func connectionStringKeywordsWinOverFields() throws {
        let settings = PostgresSettings(
            host: "ignored",
            port: 1,
            databaseName: "ignored",
            userName: "fielduser",
            password: "field-pw",
            connectionString: "postgresql://db.example:6543/sales?sslmode=verify-full&application_name=reports"
        )
        let endpoint = try PostgresEndpoint(settings: settings)
        #expect(endpoint.host == "db.example")
        #expect(endpoint.port == 6543)
        #expect(endpoint.database == "sales")
        #expect(endpoint.user == "fielduser")
        #expect(endpoint.password == "field-pw")
        #expect(endpoint.tls == .verifyFull)
        #expect(endpoint.applicationName == "reports")
        let pairs = try PostgresEndpoint(
            settings: PostgresSettings(connectionString: "host=/run/pg port=5433 user=u password='a b' sslmode=disable")
        )
        #expect(pairs.socketPath == "/run/pg/.s.PGSQL.5433")
        #expect(pairs.password == "a b")
        #expect(pairs.tls == .disable)
        #expect(throws: DriverError.self) {
            try PostgresEndpoint(settings: PostgresSettings(connectionString: "host=h user=u sslmode=sometimes"))
        }
        #expect(throws: DriverError.self) { try PostgresEndpoint(settings: PostgresSettings(host: "h")) }
    }

    @Test func statementBodyDropsTrailingSemicolons() {
        #expect(PostgresDriver.statementBody("SELECT 1; \n ;") == "SELECT 1")
        #expect(PostgresDriver.statementBody("SELECT 1 -- note") == "SELECT 1 -- note")
    }
}
