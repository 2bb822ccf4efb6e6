// xc_error.cc - statuses, the per-thread last error, exception mapping.
#include "xapian-c/xc_internal.h"

#include <cstdlib>
#include <cstring>
#include <new>

static thread_local std::string last_error;

extern "C" const char *xc_status_to_string(xc_status status)
{
    static const char *const names[XC_STATUS_COUNT] = {
        "success",
        "out of memory",
        "database not found",
        "database cannot be opened",
        "unsupported database version",
        "database locked",
        "database corrupt",
        "database modified",
        "database cannot be created",
        "database error",
        "query syntax error",
        "invalid argument",
        "no such stemmer",
        "network error",
        "Xapian error",
        "time limit reached",
    };
    if ((unsigned)status >= XC_STATUS_COUNT)
        return "unknown status";
    return names[status];
}

extern "C" const char *xc_last_error(void)
{
    return last_error.c_str();
}

xc_status xc_fail(xc_status status, const std::string &message)
{
    try {
        last_error = message;
    } catch (...) {
        // No memory even for the message: the status still says why.
    }
    return status;
}

// The exception's class name decides the status; the most derived classes
// (DatabaseNotFoundError < DatabaseOpeningError < DatabaseError) come first.
static xc_status status_of(const Xapian::Error &e, xc_status fallback)
{
    static const struct { const char *type; xc_status status; } map[] = {
        {"DatabaseNotFoundError", XC_DB_NOT_FOUND},
        {"DatabaseVersionError", XC_DB_VERSION},
        {"DatabaseOpeningError", XC_DB_OPENING},
        {"DatabaseLockError", XC_DB_LOCKED},
        {"DatabaseCorruptError", XC_DB_CORRUPT},
        {"DatabaseModifiedError", XC_DB_MODIFIED},
        {"DatabaseCreateError", XC_DB_CREATE},
        {"QueryParserError", XC_QUERY_SYNTAX},
        {"InvalidArgumentError", XC_INVALID_ARGUMENT},
        {"NetworkError", XC_NETWORK},
        {"NetworkTimeoutError", XC_NETWORK},
    };
    const char *type = e.get_type();
    for (const auto &m : map)
        if (std::strcmp(type, m.type) == 0)
            return m.status;
    return fallback;
}

// "ExceptionClass: text (context) (errno text)", as Xapian's tools print it.
static std::string describe(const Xapian::Error &e)
{
    std::string msg = std::string(e.get_type()) + ": " + e.get_msg();
    if (!e.get_context().empty())
        msg += " (context: " + e.get_context() + ")";
    if (e.get_error_string())
        msg += std::string(" (") + e.get_error_string() + ")";
    return msg;
}

xc_status xc_status_from_exception()
{
    try {
        throw;
    } catch (const Xapian::DatabaseError &e) {
        // Xapian::Error is not polymorphic: the catch clause tells the family.
        return xc_fail(status_of(e, XC_DB_ERROR), describe(e));
    } catch (const Xapian::Error &e) {
        return xc_fail(status_of(e, XC_OTHER), describe(e));
    } catch (const xc_time_limit_reached &) {
        return xc_fail(XC_TIME_LIMIT, "the match ran past its time limit and was stopped");
    } catch (const std::bad_alloc &) {
        return xc_fail(XC_NOMEM, "out of memory");
    } catch (const std::exception &e) {
        return xc_fail(XC_OTHER, e.what());
    } catch (...) {
        return xc_fail(XC_OTHER, "unknown C++ exception");
    }
}

char *xc_strdup(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}
