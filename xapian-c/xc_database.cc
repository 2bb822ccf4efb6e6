// xc_database.cc - read-only and writable databases, documents.
#include "xapian-c/xc_internal.h"

#include <cstdlib>
#include <cstring>

extern "C" xc_status xc_db_open(const char *path, xc_db **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_db{Xapian::Database(path)};
    XC_CATCH
}

extern "C" xc_status xc_db_new_combined(xc_db **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_db{Xapian::Database()};
    XC_CATCH
}

extern "C" xc_status xc_db_add(xc_db *combined, xc_db *shard)
{
    XC_TRY
        combined->db.add_database(shard->db);
    XC_CATCH
}

// Xapian's timeouts are in milliseconds (useconds_t, but read as ms).
extern "C" xc_status xc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                       unsigned connect_timeout_ms, xc_db **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_db{Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms)};
    XC_CATCH
}

extern "C" xc_status xc_db_open_program(const char *program, const char *args,
                                        unsigned timeout_ms, xc_db **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_db{Xapian::Remote::open(program, args, timeout_ms)};
    XC_CATCH
}

extern "C" xc_status xc_db_keep_alive(xc_db *db)
{
    XC_TRY
        db->db.keep_alive();
    XC_CATCH
}

extern "C" void xc_db_free(xc_db *db)
{
    delete db;
}

extern "C" xc_status xc_db_reopen(xc_db *db, int *changed)
{
    XC_TRY
        bool moved = db->db.reopen();
        if (changed)
            *changed = moved;
    XC_CATCH
}

extern "C" xc_status xc_db_term_data(xc_db *db, const char *term, char **out, size_t *len)
{
    *out = nullptr;
    *len = 0;
    XC_TRY
        Xapian::PostingIterator it = db->db.postlist_begin(term);
        if (it == db->db.postlist_end(term))
            return XC_OK;
        std::string data = db->db.get_document(*it).get_data();
        char *copy = static_cast<char *>(malloc(data.size() + 1));
        if (!copy)
            return XC_NOMEM;
        memcpy(copy, data.data(), data.size());
        copy[data.size()] = '\0';
        *out = copy;
        *len = data.size();
    XC_CATCH
}

// Reads shared by the read-only and the writable handle: a
// WritableDatabase is a Database, so one body serves both.
static xc_status doccount(const Xapian::Database &db, unsigned *out)
{
    XC_TRY
        *out = db.get_doccount();
    XC_CATCH
}

static xc_status termfreq(const Xapian::Database &db, const char *term, unsigned *out)
{
    XC_TRY
        *out = db.get_termfreq(term);
    XC_CATCH
}

static xc_status get_metadata(const Xapian::Database &db, const char *key, char **out)
{
    *out = nullptr;
    XC_TRY
        if (!(*out = xc_strdup(db.get_metadata(key))))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" xc_status xc_db_doccount(xc_db *db, unsigned *out)
{
    return doccount(db->db, out);
}

extern "C" xc_status xc_db_get_metadata(xc_db *db, const char *key, char **out)
{
    return get_metadata(db->db, key, out);
}

extern "C" xc_status xc_db_termfreq(xc_db *db, const char *term, unsigned *out)
{
    return termfreq(db->db, term, out);
}

extern "C" xc_status xc_wdb_doccount(xc_wdb *db, unsigned *out)
{
    return doccount(db->db, out);
}

extern "C" xc_status xc_wdb_termfreq(xc_wdb *db, const char *term, unsigned *out)
{
    return termfreq(db->db, term, out);
}

extern "C" xc_status xc_wdb_get_metadata(xc_wdb *db, const char *key, char **out)
{
    return get_metadata(db->db, key, out);
}

extern "C" xc_status xc_wdb_open(const char *path, unsigned flags, xc_wdb **out)
{
    *out = nullptr;
    XC_TRY
        int action = (flags & XC_WDB_OVERWRITE) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                : Xapian::DB_CREATE_OR_OPEN;
        if (flags & XC_WDB_WAIT_LOCK)
            action |= Xapian::DB_RETRY_LOCK;
        *out = new xc_wdb{Xapian::WritableDatabase(path, action)};
    XC_CATCH
}

extern "C" void xc_wdb_free(xc_wdb *db)
{
    if (!db)
        return;
    try {
        db->db.close();
    } catch (...) {
        // Closing a database whose disk went away: the lock is released by
        // the destructor regardless, and the caller has nothing to recover.
    }
    delete db;
}

extern "C" xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value)
{
    XC_TRY
        db->db.set_metadata(key, value);
    XC_CATCH
}

extern "C" xc_status xc_wdb_commit(xc_wdb *db)
{
    XC_TRY
        db->db.commit();
    XC_CATCH
}

extern "C" xc_status xc_wdb_begin_transaction(xc_wdb *db)
{
    XC_TRY
        db->db.begin_transaction(true);
    XC_CATCH
}

extern "C" xc_status xc_wdb_commit_transaction(xc_wdb *db)
{
    XC_TRY
        db->db.commit_transaction();
    XC_CATCH
}

extern "C" xc_status xc_wdb_cancel_transaction(xc_wdb *db)
{
    XC_TRY
        db->db.cancel_transaction();
    XC_CATCH
}

extern "C" xc_status xc_wdb_replace_by_term(xc_wdb *db, const char *id_term, xc_doc *doc)
{
    XC_TRY
        db->db.replace_document(id_term, doc->doc);
    XC_CATCH
}

static xc_status metadata_each(const Xapian::Database &db, const char *prefix,
                               xc_metadata_fn fn, void *ctx)
{
    XC_TRY
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix);
             ++it) {
            std::string key = *it;
            if (fn(key.c_str(), db.get_metadata(key).c_str(), ctx) != 0)
                break;
        }
    XC_CATCH
}

extern "C" xc_status xc_db_metadata_each(xc_db *db, const char *prefix, xc_metadata_fn fn,
                                         void *ctx)
{
    return metadata_each(db->db, prefix, fn, ctx);
}

extern "C" xc_status xc_wdb_metadata_each(xc_wdb *db, const char *prefix,
                                          xc_metadata_fn fn, void *ctx)
{
    return metadata_each(db->db, prefix, fn, ctx);
}

extern "C" xc_status xc_wdb_postings(xc_wdb *db, const char *term, unsigned slot,
                                     xc_posting_fn fn, void *ctx)
{
    XC_TRY
        for (auto it = db->db.postlist_begin(term); it != db->db.postlist_end(term); ++it) {
            std::string value = db->db.get_document(*it).get_value(slot);
            if (fn(*it, value.c_str(), ctx) != 0)
                break;
        }
    XC_CATCH
}

extern "C" xc_status xc_wdb_value_by_term(xc_wdb *db, const char *term, unsigned slot,
                                          char **out)
{
    *out = nullptr;
    XC_TRY
        auto it = db->db.postlist_begin(term);
        if (it == db->db.postlist_end(term))
            return XC_OK;
        if (!(*out = xc_strdup(db->db.get_document(*it).get_value(slot))))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" xc_status xc_wdb_delete_docid(xc_wdb *db, unsigned docid)
{
    XC_TRY
        db->db.delete_document(docid);
    XC_CATCH
}

extern "C" xc_status xc_wdb_add(xc_wdb *db, xc_doc *doc)
{
    XC_TRY
        db->db.add_document(doc->doc);
    XC_CATCH
}

extern "C" xc_status xc_wdb_delete_by_term(xc_wdb *db, const char *term)
{
    XC_TRY
        db->db.delete_document(term);
    XC_CATCH
}

extern "C" xc_status xc_doc_new(xc_doc **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_doc;
    XC_CATCH
}

extern "C" void xc_doc_free(xc_doc *doc)
{
    delete doc;
}

extern "C" xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len)
{
    XC_TRY
        doc->doc.set_data(std::string(data, len));
    XC_CATCH
}

extern "C" xc_status xc_doc_get_data(xc_doc *doc, char **out, size_t *len)
{
    *out = nullptr;
    XC_TRY
        std::string data = doc->doc.get_data();
        if (!(*out = xc_strdup(data)))
            throw std::bad_alloc();
        *len = data.size();
    XC_CATCH
}

extern "C" xc_status xc_doc_add_value(xc_doc *doc, unsigned slot, const char *value)
{
    XC_TRY
        doc->doc.add_value(slot, value);
    XC_CATCH
}

extern "C" xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, char **out)
{
    *out = nullptr;
    XC_TRY
        if (!(*out = xc_strdup(doc->doc.get_value(slot))))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term)
{
    XC_TRY
        doc->doc.add_boolean_term(term);
    XC_CATCH
}

extern "C" size_t xc_sortable_serialise(double value, char out[XC_SORTABLE_MAX])
{
    // The char* form never allocates or throws; it writes at most 9 bytes.
    return Xapian::sortable_serialise_(value, out);
}

extern "C" xc_status xc_doc_add_number_value(xc_doc *doc, unsigned slot, double value)
{
    XC_TRY
        doc->doc.add_value(slot, Xapian::sortable_serialise(value));
    XC_CATCH
}
