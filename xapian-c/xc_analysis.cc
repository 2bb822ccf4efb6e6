// xc_analysis.cc - text to terms: the term generator, the query parser and
// the queries it builds.
#include "xapian-c/xc_internal.h"

#include <cstdlib>
#include <memory>
#include <cstring>
#include <vector>

extern "C" xc_status xc_termgen_new(xc_stem *stem, xc_stem_strategy strategy,
                                    xc_stopper *stopper, xc_termgen **out)
{
    *out = nullptr;
    XC_TRY
        std::unique_ptr<xc_termgen> t(new xc_termgen);
        t->tg.set_stemmer(stem->stem);
        t->tg.set_stemming_strategy(xc_strategy<Xapian::TermGenerator>(strategy));
        if (stopper)
            t->tg.set_stopper(&stopper->stopper);
        *out = t.release();
    XC_CATCH
}

extern "C" void xc_termgen_free(xc_termgen *tg)
{
    delete tg;
}

extern "C" xc_status xc_termgen_set_document(xc_termgen *tg, xc_doc *doc)
{
    XC_TRY
        tg->tg.set_document(doc->doc);
    XC_CATCH
}

extern "C" xc_status xc_termgen_index_text(xc_termgen *tg, const char *text,
                                           unsigned wdf_inc, const char *prefix)
{
    XC_TRY
        tg->tg.index_text(text, wdf_inc, prefix);
    XC_CATCH
}

extern "C" xc_status xc_termgen_increase_termpos(xc_termgen *tg, unsigned delta)
{
    XC_TRY
        tg->tg.increase_termpos(delta);
    XC_CATCH
}

extern "C" xc_status xc_qparser_new(xc_db *db, xc_stem *stem, xc_stem_strategy strategy,
                                    xc_stopper *stopper, xc_qparser **out)
{
    *out = nullptr;
    XC_TRY
        std::unique_ptr<xc_qparser> q(new xc_qparser);
        q->qp.set_stemmer(stem->stem);
        q->qp.set_stemming_strategy(xc_strategy<Xapian::QueryParser>(strategy));
        if (stopper)
            q->qp.set_stopper(&stopper->stopper);
        if (db)
            q->qp.set_database(db->db);
        *out = q.release();
    XC_CATCH
}

extern "C" void xc_qparser_free(xc_qparser *qp)
{
    delete qp;
}

extern "C" xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field,
                                           const char *prefix)
{
    XC_TRY
        qp->qp.add_prefix(field, prefix);
    XC_CATCH
}

extern "C" xc_status xc_qparser_parse(xc_qparser *qp, const char *text,
                                      int default_and, xc_query **out)
{
    *out = nullptr;
    XC_TRY
        qp->qp.set_default_op(default_and ? Xapian::Query::OP_AND
                                          : Xapian::Query::OP_OR);
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        *out = new xc_query{qp->qp.parse_query(text, flags)};
    XC_CATCH
}

extern "C" xc_status xc_query_clone(const xc_query *q, xc_query **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_query{q->query};
    XC_CATCH
}

extern "C" xc_status xc_query_combine(xc_query_op op, const xc_query *a,
                                      const xc_query *b, xc_query **out)
{
    *out = nullptr;
    XC_TRY
        Xapian::Query::op xop = op == XC_OP_AND   ? Xapian::Query::OP_AND
                              : op == XC_OP_OR    ? Xapian::Query::OP_OR
                                                  : Xapian::Query::OP_AND_MAYBE;
        *out = new xc_query{Xapian::Query(xop, a->query, b->query)};
    XC_CATCH
}

extern "C" xc_status xc_query_value_weight(unsigned slot, double factor, xc_query **out)
{
    *out = nullptr;
    XC_TRY
        // The query owns the source once released to it.
        Xapian::Query src((new Xapian::ValueWeightPostingSource(slot))->release());
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, src, factor)};
    XC_CATCH
}

extern "C" xc_status xc_query_value_is(unsigned slot, const char *value, double factor,
                                       xc_query **out)
{
    *out = nullptr;
    XC_TRY
        auto *map = new Xapian::ValueMapPostingSource(slot);
        map->add_mapping(value, 1.0);
        Xapian::Query src(map->release());
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, src, factor)};
    XC_CATCH
}

extern "C" xc_status xc_query_from_terms(const char *const *terms, const double *weights,
                                         size_t n, double factor, xc_query **out)
{
    *out = nullptr;
    XC_TRY
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < n; i++) {
            if (weights)
                subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(terms[i]),
                                  weights[i]);
            else
                subs.emplace_back(terms[i]);
        }
        Xapian::Query q(Xapian::Query::OP_OR, subs.begin(), subs.end());
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor)};
    XC_CATCH
}

extern "C" xc_status xc_query_terms(const xc_query *q, char ***terms, size_t *n)
{
    *terms = nullptr;
    *n = 0;
    XC_TRY
        std::vector<std::string> all(q->query.get_terms_begin(), q->query.get_terms_end());
        char **t = static_cast<char **>(std::calloc(all.size() + 1, sizeof *t));
        if (!t)
            throw std::bad_alloc();
        for (size_t i = 0; i < all.size(); i++)
            if (!(t[i] = xc_strdup(all[i]))) {
                xc_terms_free(t, nullptr, i);
                throw std::bad_alloc();
            }
        *terms = t;
        *n = all.size();
    XC_CATCH
}

extern "C" xc_status xc_query_add_proximity(const xc_query *q, const char *const *terms,
                                            size_t n, unsigned window, double factor,
                                            xc_query **out)
{
    *out = nullptr;
    XC_TRY
        // One AND_MAYBE per pair, nested.  The obvious "q AND_MAYBE (OR of
        // the NEARs)" is miscomputed by Xapian 1.4.22: about half the
        // documents it ranks get a weight that is not the sum of their
        // parts, and which ones depends on docid order (so on how the index
        // was built).  The nested form matches the sum exactly, as
        // tests/unit/test_xapian_c.c checks.
        Xapian::Query chained = q->query;
        for (size_t i = 0; i + 1 < n; i++) {
            if (std::strcmp(terms[i], terms[i + 1]) == 0)
                continue;
            Xapian::Query both[] = {Xapian::Query(terms[i]), Xapian::Query(terms[i + 1])};
            Xapian::Query near(Xapian::Query::OP_NEAR, both, both + 2, window);
            chained = Xapian::Query(Xapian::Query::OP_AND_MAYBE, chained,
                                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, factor));
        }
        *out = new xc_query{chained};
    XC_CATCH
}

extern "C" size_t xc_query_term_count(const xc_query *q)
{
    return q->query.get_length();
}

extern "C" char *xc_query_describe(const xc_query *q)
{
    try {
        return xc_strdup(q->query.get_description());
    } catch (...) {
        xc_status_from_exception();
        return nullptr;
    }
}

extern "C" void xc_query_free(xc_query *q)
{
    delete q;
}

namespace {
// A field:VALUE filter whose term the C side makes (common/schema.c), so
// that the indexer and the parser share one definition of every term.
class FilterProcessor : public Xapian::FieldProcessor {
    xc_filter_fn fn;
    void *ctx;

  public:
    FilterProcessor(xc_filter_fn f, void *c) : fn(f), ctx(c) {}
    Xapian::Query operator()(const std::string &value) override
    {
        char err[512] = "";
        char *term = fn(value.c_str(), ctx, err, sizeof err);
        if (!term) {
            if (!err[0])
                throw std::bad_alloc();
            throw Xapian::QueryParserError(err);
        }
        std::string t(term);
        std::free(term);
        return Xapian::Query(t);
    }
};

// field:BEGIN..END over a value slot, the bounds made by the C side.
class BoundsProcessor : public Xapian::RangeProcessor {
    xc_range_fn fn;
    void *ctx;

  public:
    BoundsProcessor(Xapian::valueno slot, const std::string &field, xc_range_fn f, void *c)
        : Xapian::RangeProcessor(slot, field + ":"), fn(f), ctx(c)
    {
    }
    Xapian::Query operator()(const std::string &begin, const std::string &end) override
    {
        char err[512] = "";
        char *lo = nullptr, *hi = nullptr;
        size_t lo_len = 0, hi_len = 0;
        if (fn(begin.c_str(), end.c_str(), ctx, &lo, &lo_len, &hi, &hi_len, err,
               sizeof err) != 0) {
            std::free(lo);
            std::free(hi);
            if (!err[0])
                throw std::bad_alloc();
            throw Xapian::QueryParserError(err);
        }
        std::string l = lo ? std::string(lo, lo_len) : std::string();
        std::string h = hi ? std::string(hi, hi_len) : std::string();
        bool has_lo = lo != nullptr, has_hi = hi != nullptr;
        std::free(lo);
        std::free(hi);
        if (has_lo && has_hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, l, h);
        if (has_lo)
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, l);
        if (has_hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, h);
        return Xapian::Query::MatchAll;
    }
};
} // namespace

extern "C" xc_status xc_qparser_add_filter(xc_qparser *qp, const char *field,
                                           int and_values, xc_filter_fn fn, void *ctx)
{
    XC_TRY
        std::string unique; // "": each filter its own group, so values AND
        qp->qp.add_boolean_prefix(field, (new FilterProcessor(fn, ctx))->release(),
                                  and_values ? &unique : nullptr);
    XC_CATCH
}

extern "C" xc_status xc_qparser_add_range(xc_qparser *qp, const char *field, unsigned slot,
                                          xc_range_fn fn, void *ctx)
{
    XC_TRY
        qp->qp.add_rangeprocessor((new BoundsProcessor(slot, field, fn, ctx))->release());
    XC_CATCH
}
