// xc_check.cc - what `quarry-index --check` reads: Xapian's own consistency
// checker (the library behind xapian-check) and a whole-index walk over the
// documents of a read-only database (the metadata walk is xc_database.cc's).
#include "xapian-c/xc_internal.h"

#include <sstream>

extern "C" xc_status xc_check(const char *path, size_t *errors, char **report)
{
    *errors = 0;
    *report = nullptr;
    std::ostringstream out;
    try {
        *errors = Xapian::Database::check(path, 0, &out);
    } catch (...) {
        // A damaged table often throws (DatabaseCorruptError, DatabaseError)
        // instead of being counted: what was written so far still helps.
        xc_status st = xc_status_from_exception();
        std::string keep = xc_last_error();
        *report = xc_strdup(out.str());
        return xc_fail(st, keep);
    }
    XC_TRY
        if (!(*report = xc_strdup(out.str())))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" xc_status xc_db_documents_each(xc_db *db, const char *prefix,
                                          xc_document_fn fn, void *ctx)
{
    XC_TRY
        std::string p(prefix);
        for (auto it = db->db.postlist_begin(""); it != db->db.postlist_end(""); ++it) {
            Xapian::Document doc = db->db.get_document(*it);
            std::string data = doc.get_data(), term;
            unsigned count = 0;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                std::string name = *t;
                if (name.compare(0, p.size(), p) == 0 && count++ == 0)
                    term = name;
            }
            if (fn(*it, data.data(), data.size(), count ? term.c_str() : nullptr, count,
                   ctx) != 0)
                break;
        }
    XC_CATCH
}
