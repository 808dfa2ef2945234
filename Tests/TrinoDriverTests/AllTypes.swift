/// What `sales.all_types` of the emulator's seed holds, as Switchyard writes each value in JSON:
/// row 1 ordinary values, row 2 edge values, row 3 nested and escaped values, row 4 nulls.
enum AllTypes {
    static let columnTypes = [
        "integer", "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal(10,2)",
        "decimal(38,9)", "varchar", "varchar(5)", "char(3)", "varbinary", "date", "time(3)", "timestamp(3)",
        "timestamp(6)", "timestamp(3) with time zone", "json", "uuid", "ipaddress", "array(integer)",
        "map(varchar, integer)", "row(x integer, y varchar)", "array(row(k varchar, v array(double)))",
    ]

    static let rowsAsJSON: [[String]] = [
        [
            "1", "true", "7", "300", "70000", "9007199254740993", "1.5", "3.141592653589793", "12345678.91",
            "12345678901234567890123456789.123456789", #""hello, world""#, #""abc""#, #""ab ""#, #""AP9BQg==""#,
            #""2024-02-29""#, #""13:45:30.123""#, #""2024-02-29T13:45:30.123""#, #""2024-02-29T13:45:30.123456""#,
            #""2024-02-29T13:45:30.123Z""#, #"{"a": [1, 2], "b": null}"#, #""a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11""#,
            #""192.168.0.1""#, "[1,2,3]", #"{"one":1,"two":2}"#, #"{"x":1,"y":"one"}"#, #"[{"k":"a","v":[1.5,2.5]}]"#,
        ],
        [
            "2", "false", "-128", "-32768", "-2147483648", "-9223372036854775808", #""NaN""#, #""Infinity""#,
            "-99999999.99", "-99999999999999999999999999999.999999999", #""""#, #""Ümlä""#, #""x  ""#, #""""#,
            #""0001-01-01""#, #""00:00:00""#, #""1970-01-01T00:00:00""#, #""1969-12-31T23:59:59.999999""#,
            #""1999-12-31T18:30:00Z""#, "[]", #""00000000-0000-0000-0000-000000000000""#, #""::1""#, "[]", "{}",
            #"{"x":null,"y":null}"#, "[]",
        ],
        [
            "3", "true", "127", "32767", "2147483647", "9223372036854775807", #""-Infinity""#, "0.0", "0.01", "0.000000001",
            #""line1\nline2 \"quoted\" \\ back""#, #""ok""#, #""end""#, #""YmluYXJ5""#, #""9999-12-31""#,
            #""23:59:59.999""#, #""2038-01-19T03:14:07.999""#, #""2038-01-19T03:14:07.999999""#,
            #""2038-01-19T03:14:07.999Z""#, #"{"nested": {"deep": true}}"#, #""ffffffff-ffff-ffff-ffff-ffffffffffff""#,
            #""2001:db8::1""#, "[null,5]", #"{"k":null}"#, #"{"x":-1,"y":""}"#,
            #"[{"k":null,"v":[]},{"k":"b","v":[null,"NaN"]}]"#,
        ],
        ["4"] + Array(repeating: "null", count: 25),
    ]
}
