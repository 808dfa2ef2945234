/*
 * The part of DuckDB's C API that the DuckDB driver uses, declared here from the documented API
 * so that building never needs DuckDB's own headers or library. The library is opened at run
 * time (cduckdb_load) and every function is reached through a `cduckdb_` wrapper of the same
 * shape, which calls the pointer found with dlsym. Wrappers are C so that structs passed by
 * value (duckdb_fetch_chunk takes a duckdb_result) follow the platform's calling convention.
 */
#ifndef CDUCKDB_H
#define CDUCKDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t idx_t;

/* Opaque handles: DuckDB hands out pointers that only it looks into. */
typedef struct cduckdb_database_handle *duckdb_database;
typedef struct cduckdb_connection_handle *duckdb_connection;
typedef struct cduckdb_config_handle *duckdb_config;
typedef struct cduckdb_prepared_handle *duckdb_prepared_statement;
typedef struct cduckdb_extracted_handle *duckdb_extracted_statements;
typedef struct cduckdb_pending_handle *duckdb_pending_result;
typedef struct cduckdb_logical_type_handle *duckdb_logical_type;
typedef struct cduckdb_data_chunk_handle *duckdb_data_chunk;
typedef struct cduckdb_vector_handle *duckdb_vector;
typedef struct cduckdb_value_handle *duckdb_value;

typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;

/* Type ids, as numbered by the C API (they are not in declaration order upstream). */
typedef enum {
    DUCKDB_TYPE_INVALID = 0,
    DUCKDB_TYPE_BOOLEAN = 1,
    DUCKDB_TYPE_TINYINT = 2,
    DUCKDB_TYPE_SMALLINT = 3,
    DUCKDB_TYPE_INTEGER = 4,
    DUCKDB_TYPE_BIGINT = 5,
    DUCKDB_TYPE_UTINYINT = 6,
    DUCKDB_TYPE_USMALLINT = 7,
    DUCKDB_TYPE_UINTEGER = 8,
    DUCKDB_TYPE_UBIGINT = 9,
    DUCKDB_TYPE_FLOAT = 10,
    DUCKDB_TYPE_DOUBLE = 11,
    DUCKDB_TYPE_TIMESTAMP = 12,
    DUCKDB_TYPE_DATE = 13,
    DUCKDB_TYPE_TIME = 14,
    DUCKDB_TYPE_INTERVAL = 15,
    DUCKDB_TYPE_HUGEINT = 16,
    DUCKDB_TYPE_VARCHAR = 17,
    DUCKDB_TYPE_BLOB = 18,
    DUCKDB_TYPE_DECIMAL = 19,
    DUCKDB_TYPE_TIMESTAMP_S = 20,
    DUCKDB_TYPE_TIMESTAMP_MS = 21,
    DUCKDB_TYPE_TIMESTAMP_NS = 22,
    DUCKDB_TYPE_ENUM = 23,
    DUCKDB_TYPE_LIST = 24,
    DUCKDB_TYPE_STRUCT = 25,
    DUCKDB_TYPE_MAP = 26,
    DUCKDB_TYPE_UUID = 27,
    DUCKDB_TYPE_UNION = 28,
    DUCKDB_TYPE_BIT = 29,
    DUCKDB_TYPE_TIME_TZ = 30,
    DUCKDB_TYPE_TIMESTAMP_TZ = 31,
    DUCKDB_TYPE_UHUGEINT = 32,
    DUCKDB_TYPE_ARRAY = 33,
    DUCKDB_TYPE_ANY = 34,
    DUCKDB_TYPE_BIGNUM = 35,
    DUCKDB_TYPE_SQLNULL = 36,
    DUCKDB_TYPE_STRING_LITERAL = 37,
    DUCKDB_TYPE_INTEGER_LITERAL = 38,
    DUCKDB_TYPE_TIME_NS = 39,
    DUCKDB_TYPE_GEOMETRY = 40,
    DUCKDB_TYPE_VARIANT = 41,
} duckdb_type;

/* Only SELECT matters to us: any other statement may change a connection's session state. */
typedef enum { DUCKDB_STATEMENT_TYPE_INVALID = 0, DUCKDB_STATEMENT_TYPE_SELECT = 1 } duckdb_statement_type;

/* The result struct is filled in by DuckDB; only its size and layout matter to us. */
typedef struct {
    idx_t deprecated_column_count;
    idx_t deprecated_row_count;
    idx_t deprecated_rows_changed;
    void *deprecated_columns;
    char *deprecated_error_message;
    void *internal_data;
} duckdb_result;

typedef struct { uint64_t lower; int64_t upper; } duckdb_hugeint;
typedef struct { uint64_t lower; uint64_t upper; } duckdb_uhugeint;
typedef struct { int32_t months; int32_t days; int64_t micros; } duckdb_interval;
typedef struct { uint64_t bits; } duckdb_time_tz;
typedef struct { uint64_t offset; uint64_t length; } duckdb_list_entry;

/* A VARCHAR or BLOB element: up to 12 bytes inline, longer ones behind a pointer. */
typedef struct {
    union {
        struct { uint32_t length; char prefix[4]; char *ptr; } pointer;
        struct { uint32_t length; char inlined[12]; } inlined;
    } value;
} duckdb_string_t;

static inline uint32_t cduckdb_string_length(const duckdb_string_t *string) {
    return string->value.inlined.length;
}

/* Must be given the element inside the vector, not a copy: short strings live in it. */
static inline const char *cduckdb_string_data(const duckdb_string_t *string) {
    return string->value.inlined.length <= 12 ? string->value.inlined.inlined : string->value.pointer.ptr;
}

/* A NULL mask means every row is valid. */
static inline bool cduckdb_row_is_valid(const uint64_t *validity, idx_t row) {
    return validity == NULL || ((validity[row / 64] >> (row % 64)) & 1) != 0;
}

/*
 * Opens `preload` (when not NULL or empty) with RTLD_NOW | RTLD_GLOBAL, then `library`, and
 * resolves every function below. Returns 0 on success; otherwise writes why into `error`.
 * The first successful load is kept for the life of the process; loading the same library
 * again succeeds at once, loading a different one fails.
 */
int cduckdb_load(const char *library, const char *preload, char *error, size_t error_len);

/*
 * Every DuckDB function we call: X(return type, name, (parameters), (arguments)) for those that
 * return a value, V(name, (parameters), (arguments)) for void ones. Each becomes a wrapper
 * named `c` + name, e.g. cduckdb_open_ext.
 */
#define CDUCKDB_FUNCTIONS(X, V) \
    X(const char *, duckdb_library_version, (void), ()) \
    X(duckdb_state, duckdb_create_config, (duckdb_config *config), (config)) \
    X(duckdb_state, duckdb_set_config, (duckdb_config config, const char *name, const char *option), (config, name, option)) \
    V(duckdb_destroy_config, (duckdb_config *config), (config)) \
    X(duckdb_state, duckdb_open_ext, (const char *path, duckdb_database *database, duckdb_config config, char **error), (path, database, config, error)) \
    V(duckdb_close, (duckdb_database *database), (database)) \
    X(duckdb_state, duckdb_connect, (duckdb_database database, duckdb_connection *connection), (database, connection)) \
    V(duckdb_disconnect, (duckdb_connection *connection), (connection)) \
    V(duckdb_interrupt, (duckdb_connection connection), (connection)) \
    V(duckdb_free, (void *pointer), (pointer)) \
    X(duckdb_state, duckdb_query, (duckdb_connection connection, const char *sql, duckdb_result *result), (connection, sql, result)) \
    V(duckdb_destroy_result, (duckdb_result *result), (result)) \
    X(const char *, duckdb_result_error, (duckdb_result *result), (result)) \
    X(idx_t, duckdb_column_count, (duckdb_result *result), (result)) \
    X(const char *, duckdb_column_name, (duckdb_result *result, idx_t column), (result, column)) \
    X(duckdb_logical_type, duckdb_column_logical_type, (duckdb_result *result, idx_t column), (result, column)) \
    X(duckdb_data_chunk, duckdb_fetch_chunk, (duckdb_result result), (result)) \
    X(idx_t, duckdb_extract_statements, (duckdb_connection connection, const char *sql, duckdb_extracted_statements *out), (connection, sql, out)) \
    X(duckdb_state, duckdb_prepare_extracted_statement, (duckdb_connection connection, duckdb_extracted_statements statements, idx_t index, duckdb_prepared_statement *out), (connection, statements, index, out)) \
    X(const char *, duckdb_extract_statements_error, (duckdb_extracted_statements statements), (statements)) \
    V(duckdb_destroy_extracted, (duckdb_extracted_statements *statements), (statements)) \
    X(duckdb_state, duckdb_prepare, (duckdb_connection connection, const char *sql, duckdb_prepared_statement *out), (connection, sql, out)) \
    X(const char *, duckdb_prepare_error, (duckdb_prepared_statement statement), (statement)) \
    V(duckdb_destroy_prepare, (duckdb_prepared_statement *statement), (statement)) \
    X(duckdb_statement_type, duckdb_prepared_statement_type, (duckdb_prepared_statement statement), (statement)) \
    X(idx_t, duckdb_prepared_statement_column_count, (duckdb_prepared_statement statement), (statement)) \
    X(const char *, duckdb_prepared_statement_column_name, (duckdb_prepared_statement statement, idx_t column), (statement, column)) \
    X(duckdb_logical_type, duckdb_prepared_statement_column_logical_type, (duckdb_prepared_statement statement, idx_t column), (statement, column)) \
    X(duckdb_state, duckdb_bind_varchar, (duckdb_prepared_statement statement, idx_t index, const char *value), (statement, index, value)) \
    X(duckdb_state, duckdb_execute_prepared, (duckdb_prepared_statement statement, duckdb_result *result), (statement, result)) \
    X(duckdb_state, duckdb_pending_prepared_streaming, (duckdb_prepared_statement statement, duckdb_pending_result *out), (statement, out)) \
    X(duckdb_state, duckdb_execute_pending, (duckdb_pending_result pending, duckdb_result *result), (pending, result)) \
    X(const char *, duckdb_pending_error, (duckdb_pending_result pending), (pending)) \
    V(duckdb_destroy_pending, (duckdb_pending_result *pending), (pending)) \
    X(idx_t, duckdb_data_chunk_get_size, (duckdb_data_chunk chunk), (chunk)) \
    X(duckdb_vector, duckdb_data_chunk_get_vector, (duckdb_data_chunk chunk, idx_t column), (chunk, column)) \
    V(duckdb_destroy_data_chunk, (duckdb_data_chunk *chunk), (chunk)) \
    X(void *, duckdb_vector_get_data, (duckdb_vector vector), (vector)) \
    X(uint64_t *, duckdb_vector_get_validity, (duckdb_vector vector), (vector)) \
    X(duckdb_vector, duckdb_list_vector_get_child, (duckdb_vector vector), (vector)) \
    X(duckdb_vector, duckdb_array_vector_get_child, (duckdb_vector vector), (vector)) \
    X(duckdb_vector, duckdb_struct_vector_get_child, (duckdb_vector vector, idx_t index), (vector, index)) \
    X(duckdb_type, duckdb_get_type_id, (duckdb_logical_type type), (type)) \
    V(duckdb_destroy_logical_type, (duckdb_logical_type *type), (type)) \
    X(char *, duckdb_logical_type_get_alias, (duckdb_logical_type type), (type)) \
    X(uint8_t, duckdb_decimal_width, (duckdb_logical_type type), (type)) \
    X(uint8_t, duckdb_decimal_scale, (duckdb_logical_type type), (type)) \
    X(duckdb_type, duckdb_decimal_internal_type, (duckdb_logical_type type), (type)) \
    X(duckdb_type, duckdb_enum_internal_type, (duckdb_logical_type type), (type)) \
    X(uint32_t, duckdb_enum_dictionary_size, (duckdb_logical_type type), (type)) \
    X(char *, duckdb_enum_dictionary_value, (duckdb_logical_type type, idx_t index), (type, index)) \
    X(duckdb_logical_type, duckdb_list_type_child_type, (duckdb_logical_type type), (type)) \
    X(duckdb_logical_type, duckdb_array_type_child_type, (duckdb_logical_type type), (type)) \
    X(idx_t, duckdb_array_type_array_size, (duckdb_logical_type type), (type)) \
    X(duckdb_logical_type, duckdb_map_type_key_type, (duckdb_logical_type type), (type)) \
    X(duckdb_logical_type, duckdb_map_type_value_type, (duckdb_logical_type type), (type)) \
    X(idx_t, duckdb_struct_type_child_count, (duckdb_logical_type type), (type)) \
    X(char *, duckdb_struct_type_child_name, (duckdb_logical_type type, idx_t index), (type, index)) \
    X(duckdb_logical_type, duckdb_struct_type_child_type, (duckdb_logical_type type, idx_t index), (type, index)) \
    X(idx_t, duckdb_union_type_member_count, (duckdb_logical_type type), (type)) \
    X(char *, duckdb_union_type_member_name, (duckdb_logical_type type, idx_t index), (type, index)) \
    X(duckdb_logical_type, duckdb_union_type_member_type, (duckdb_logical_type type, idx_t index), (type, index)) \
    X(duckdb_value, duckdb_create_interval, (duckdb_interval input), (input)) \
    X(duckdb_value, duckdb_create_time_tz_value, (duckdb_time_tz input), (input)) \
    X(char *, duckdb_get_varchar, (duckdb_value value), (value)) \
    V(duckdb_destroy_value, (duckdb_value *value), (value))

#define CDUCKDB_DECLARE(ret, name, params, args) ret c##name params;
#define CDUCKDB_DECLARE_VOID(name, params, args) void c##name params;
CDUCKDB_FUNCTIONS(CDUCKDB_DECLARE, CDUCKDB_DECLARE_VOID)
#undef CDUCKDB_DECLARE
#undef CDUCKDB_DECLARE_VOID

#endif
