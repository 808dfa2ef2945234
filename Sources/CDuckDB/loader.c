#include "cduckdb.h"
