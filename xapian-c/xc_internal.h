/* xc_internal.h - what the wrapper's .cc files share, never seen by C.
 *
 * Each opaque handle of xapian_c.h is a struct holding the Xapian object by
 * value (Xapian classes are reference-counted handles themselves).  Every
 * entry point that can throw is bracketed by XC_TRY / XC_CATCH, which turn
 * any exception into a status and a message; nothing else in Quarry needs to
 * know that C++ exists. */
#ifndef QUARRY_XC_INTERNAL_H
#define QUARRY_XC_INTERNAL_H

#include "xapian-c/xapian_c.h"

#include <xapian.h>

#include <string>

struct xc_stem { Xapian::Stem stem; };
struct xc_stopper { Xapian::SimpleStopper stopper; };
struct xc_db { Xapian::Database db; };
struct xc_wdb { Xapian::WritableDatabase db; };
struct xc_doc { Xapian::Document doc; };
struct xc_termgen { Xapian::TermGenerator tg; };
struct xc_qparser { Xapian::QueryParser qp; };
struct xc_query { Xapian::Query query; };
struct xc_enquire {
    Xapian::Enquire enq;
    double deadline = 0; // read by the weighting scheme during a match (xc_search.cc)
    unsigned weighed = 0; // term weights since the clock was last read, all terms'
    explicit xc_enquire(const Xapian::Database &d) : enq(d) {}
};

/* Thrown from inside a match that ran past its deadline; mapped to
 * XC_TIME_LIMIT. */
struct xc_time_limit_reached {};
struct xc_mset { Xapian::MSet mset; };

/* Records message as this thread's last error and returns status. */
xc_status xc_fail(xc_status status, const std::string &message);

/* To be called inside a catch block: maps the exception in flight to a
 * status and records its class and text. */
xc_status xc_status_from_exception();

/* A malloc'd NUL-terminated copy of s, or NULL (the C side frees it). */
char *xc_strdup(const std::string &s);

#define XC_TRY try {
#define XC_CATCH } catch (...) { return xc_status_from_exception(); } return XC_OK;

/* Maps the C strategy to Xapian's for either class (both use one enum
 * layout, but distinct types). */
template <class T>
typename T::stem_strategy xc_strategy(xc_stem_strategy s)
{
    switch (s) {
    case XC_STEM_NONE: return T::STEM_NONE;
    case XC_STEM_ALL: return T::STEM_ALL;
    case XC_STEM_ALL_Z: return T::STEM_ALL_Z;
    case XC_STEM_SOME: break;
    }
    return T::STEM_SOME;
}

#endif
