/*
 * Binds DuckDB's C API at run time. The library is loaded once per process, under a mutex; the
 * function table is written only while loading and read-only afterwards, so the wrappers need
 * no locking of their own.
 */
#include "cduckdb.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CDUCKDB_POINTER(ret, name, params, args) static ret(*p_##name) params;
#define CDUCKDB_POINTER_VOID(name, params, args) static void(*p_##name) params;
CDUCKDB_FUNCTIONS(CDUCKDB_POINTER, CDUCKDB_POINTER_VOID)

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static char loaded_library[4096];
static int loaded;

static int fail(char *error, size_t error_len, const char *what, const char *detail) {
    if (error != NULL && error_len > 0) {
        snprintf(error, error_len, "%s: %s", what, detail != NULL ? detail : "unknown error");
    }
    return -1;
}

/* Resolves every function or none: a library without one of them is not one we can use. */
static int resolve(void *handle, char *error, size_t error_len) {
    void *symbol;
#define CDUCKDB_RESOLVE(ret, name, params, args) \
    if ((symbol = dlsym(handle, #name)) == NULL) return fail(error, error_len, "missing DuckDB function", #name); \
    memcpy(&p_##name, &symbol, sizeof symbol);
#define CDUCKDB_RESOLVE_VOID(name, params, args) CDUCKDB_RESOLVE(void, name, params, args)
    CDUCKDB_FUNCTIONS(CDUCKDB_RESOLVE, CDUCKDB_RESOLVE_VOID)
#undef CDUCKDB_RESOLVE
#undef CDUCKDB_RESOLVE_VOID
    return 0;
}

static int load_locked(const char *library, const char *preload, char *error, size_t error_len) {
    if (loaded) {
        if (strcmp(loaded_library, library) == 0) return 0;
        return fail(error, error_len, "DuckDB is already loaded from another library", loaded_library);
    }
    if (strlen(library) >= sizeof loaded_library) return fail(error, error_len, "library path too long", library);
    if (preload != NULL && preload[0] != '\0' && dlopen(preload, RTLD_NOW | RTLD_GLOBAL) == NULL) {
        return fail(error, error_len, "cannot load the DuckDB preload library", dlerror());
    }
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return fail(error, error_len, "cannot load the DuckDB library", dlerror());
    if (resolve(handle, error, error_len) != 0) {
        /* Keep the handle: unloading a half-bound library buys nothing and may crash. */
        return -1;
    }
    strcpy(loaded_library, library);
    loaded = 1;
    return 0;
}

int cduckdb_load(const char *library, const char *preload, char *error, size_t error_len) {
    if (library == NULL || library[0] == '\0') return fail(error, error_len, "no DuckDB library", "path is empty");
    pthread_mutex_lock(&load_lock);
    int result = load_locked(library, preload, error, error_len);
    pthread_mutex_unlock(&load_lock);
    return result;
}

#define CDUCKDB_WRAPPER(ret, name, params, args) \
    ret c##name params { return p_##name args; }
#define CDUCKDB_WRAPPER_VOID(name, params, args) \
    void c##name params { p_##name args; }
CDUCKDB_FUNCTIONS(CDUCKDB_WRAPPER, CDUCKDB_WRAPPER_VOID)
