/// The seeded `sales.all_types` table (Tests/Emulators/bigquery/bigquery_seed.py): every type,
/// edge values, and a row of NULLs.
enum AllTypes {
    static let columns =
        "id, c_int64, c_numeric, c_float64, c_bool, c_string, c_bytes, c_date, c_time, c_datetime, c_timestamp, "
        + "c_geography, c_json, c_repeated, c_record"
}
