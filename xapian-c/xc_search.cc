// xc_search.cc - ranking: enquire, weighting schemes, result sets,
// snippets and pseudo-relevance feedback.
#include "xapian-c/xc_internal.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <unordered_map>

extern "C" xc_status xc_enquire_new(xc_db *db, xc_enquire **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_enquire(db->db);
    XC_CATCH
}

extern "C" void xc_enquire_free(xc_enquire *enq)
{
    delete enq;
}

extern "C" xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *query)
{
    XC_TRY
        enq->enq.set_query(query->query);
    XC_CATCH
}

// Parameter i of params, or fallback when the caller gave fewer.
static double param(const double *params, size_t n, size_t i, double fallback)
{
    return i < n ? params[i] : fallback;
}

// Xapian clamps out-of-range parameters silently; a user who typed a
// negative k1 deserves to hear about it instead.
static bool params_valid(xc_weighting scheme, const double *params, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!std::isfinite(params[i]) || params[i] < 0)
            return false;
    if ((scheme == XC_W_BM25 || scheme == XC_W_BM25PLUS) && n > 3 && params[3] > 1)
        return false; // b
    if ((scheme == XC_W_LM || scheme == XC_W_PL2 || scheme == XC_W_INL2) && n > 0 &&
        params[0] <= 0)
        return false; // mu, c
    return true;
}

static double monotonic_now()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// Scheme W, as Xapian has it, that also looks at the clock: a match spends
// its time weighing documents (a proximity or phrase check comes with a
// weight), and Xapian 1.4 cannot stop a match after a time (its
// set_time_limit only gives up check_at_least) nor call a MatchDecider
// often enough (only for documents that reach the top: measured, seconds
// apart on a 32-term proximity query).  The weights are W's own: name()
// and serialise() are W's, so a remote server weighs with plain W.
template <class W>
class TimedWeight : public W {
    xc_enquire *enq_; // its deadline and count; it outlives every match
    std::function<TimedWeight *()> make_; // clone(): a Weight cannot be copied

  public:
    template <class... A>
    explicit TimedWeight(xc_enquire *enq, A... args)
        : W(args...), enq_(enq),
          make_([enq, args...]() { return new TimedWeight(enq, args...); }) {}
    TimedWeight *clone() const override { return make_(); }
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                       Xapian::termcount uniqterms) const override
    {
        // One count for every term's copy of the scheme (an enquire is one
        // thread's), so many rare terms read the clock as one common one.
        if (enq_->deadline > 0 && (++enq_->weighed & 63) == 0 &&
            monotonic_now() > enq_->deadline)
            throw xc_time_limit_reached();
        return W::get_sumpart(wdf, doclen, uniqterms);
    }
};

template <class W, class... A>
static void set_timed(xc_enquire *enq, A... args)
{
    enq->enq.set_weighting_scheme(TimedWeight<W>(enq, args...));
}

extern "C" void xc_enquire_set_deadline(xc_enquire *enq, double deadline)
{
    enq->deadline = deadline;
}

extern "C" xc_status xc_enquire_set_weighting(xc_enquire *enq, xc_weighting scheme,
                                              const double *params, size_t n)
{
    if (!params_valid(scheme, params, n))
        return xc_fail(XC_INVALID_ARGUMENT,
                       "InvalidArgumentError: weighting parameters out of range "
                       "(all must be >= 0, b <= 1, mu and c > 0)");
    XC_TRY
        // Defaults are Xapian's own, so an empty parameter list means the
        // scheme exactly as Xapian documents it.
        switch (scheme) {
        case XC_W_BM25:
            set_timed<Xapian::BM25Weight>(enq, param(params, n, 0, 1), param(params, n, 1, 0),
                                          param(params, n, 2, 1), param(params, n, 3, 0.5),
                                          param(params, n, 4, 0.5));
            break;
        case XC_W_BM25PLUS:
            set_timed<Xapian::BM25PlusWeight>(
                enq, param(params, n, 0, 1), param(params, n, 1, 0), param(params, n, 2, 1),
                param(params, n, 3, 0.5), param(params, n, 4, 0.5), param(params, n, 5, 1));
            break;
        case XC_W_LM:
            set_timed<Xapian::LMWeight>(enq, 0.0, Xapian::Weight::DIRICHLET_SMOOTHING,
                                        param(params, n, 0, 2000), 0.05);
            break;
        case XC_W_PL2:
            set_timed<Xapian::PL2Weight>(enq, param(params, n, 0, 1));
            break;
        case XC_W_DPH:
            set_timed<Xapian::DPHWeight>(enq);
            break;
        case XC_W_INL2:
            set_timed<Xapian::InL2Weight>(enq, param(params, n, 0, 1));
            break;
        case XC_W_TFIDF:
            set_timed<Xapian::TfIdfWeight>(enq);
            break;
        default:
            return xc_fail(XC_INVALID_ARGUMENT, "unknown weighting scheme");
        }
    XC_CATCH
}

extern "C" xc_status xc_enquire_set_tiebreak_value(xc_enquire *enq, unsigned slot)
{
    XC_TRY
        enq->enq.set_sort_by_relevance_then_value(slot, false);
    XC_CATCH
}

extern "C" xc_status xc_enquire_set_sort_by_value(xc_enquire *enq, unsigned slot, int reverse)
{
    XC_TRY
        enq->enq.set_sort_by_value_then_relevance(slot, reverse != 0);
    XC_CATCH
}

extern "C" xc_status xc_enquire_set_collapse_key(xc_enquire *enq, unsigned slot, unsigned max)
{
    XC_TRY
        if (max == 0)
            enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
        else
            enq->enq.set_collapse_key(slot, max);
    XC_CATCH
}

// The documents items[0..n) of mset, as a relevance set.
static Xapian::RSet rset_of(const xc_mset *mset, const unsigned *items, size_t n)
{
    Xapian::RSet rset;
    for (size_t i = 0; mset && i < n; i++)
        if (items[i] < mset->mset.size())
            rset.add_document(*(mset->mset.begin() + items[i]));
    return rset;
}

extern "C" xc_status xc_enquire_get_mset_relevant(xc_enquire *enq, unsigned first,
                                                  unsigned maxitems, const xc_mset *relevant,
                                                  const unsigned *items, size_t nitems,
                                                  xc_mset **out)
{
    *out = nullptr;
    XC_TRY
        Xapian::RSet rset = rset_of(relevant, items, nitems);
        *out = new xc_mset{enq->enq.get_mset(first, maxitems, rset.empty() ? nullptr : &rset)};
    XC_CATCH
}

extern "C" xc_status xc_enquire_get_mset(xc_enquire *enq, unsigned first,
                                         unsigned maxitems, xc_mset **out)
{
    return xc_enquire_get_mset_relevant(enq, first, maxitems, nullptr, nullptr, 0, out);
}

extern "C" void xc_mset_free(xc_mset *mset)
{
    delete mset;
}

extern "C" unsigned xc_mset_size(const xc_mset *mset)
{
    return mset->mset.size();
}

extern "C" unsigned xc_mset_matches_estimated(const xc_mset *mset)
{
    return mset->mset.get_matches_estimated();
}

extern "C" double xc_mset_weight(const xc_mset *mset, unsigned i)
{
    return (mset->mset.begin() + i).get_weight();
}

extern "C" unsigned xc_mset_collapse_count(const xc_mset *mset, unsigned i)
{
    return (mset->mset.begin() + i).get_collapse_count();
}

extern "C" unsigned xc_mset_docid(const xc_mset *mset, unsigned i)
{
    // Dereferencing an in-range MSetIterator reads a stored docid: no I/O.
    return *(mset->mset.begin() + i);
}

extern "C" xc_status xc_mset_sort_key(const xc_mset *mset, unsigned i, char **out)
{
    *out = nullptr;
    XC_TRY
        if (!(*out = xc_strdup((mset->mset.begin() + i).get_sort_key())))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" int xc_mset_same_sort_key(const xc_mset *mset, unsigned a, unsigned b)
{
    // The keys are held in the MSet (no I/O); copying them may still throw.
    try {
        return (mset->mset.begin() + a).get_sort_key() == (mset->mset.begin() + b).get_sort_key();
    } catch (...) {
        return 0; // not known alike: the two keep Xapian's order
    }
}

extern "C" xc_status xc_mset_value(xc_mset *mset, unsigned i, unsigned slot, char **out)
{
    *out = nullptr;
    XC_TRY
        // The document is loaded lazily: this reads the value, not the data.
        if (!(*out = xc_strdup((mset->mset.begin() + i).get_document().get_value(slot))))
            throw std::bad_alloc();
    XC_CATCH
}

extern "C" xc_status xc_mset_data(xc_mset *mset, unsigned i, char **out, size_t *len)
{
    *out = nullptr;
    XC_TRY
        std::string data = (mset->mset.begin() + i).get_document().get_data();
        if (!(*out = xc_strdup(data)))
            throw std::bad_alloc();
        *len = data.size();
    XC_CATCH
}

extern "C" xc_status xc_mset_document(xc_mset *mset, unsigned i, xc_doc **out)
{
    *out = nullptr;
    XC_TRY
        *out = new xc_doc{(mset->mset.begin() + i).get_document()};
    XC_CATCH
}

// Undoes the HTML escaping MSet::snippet applies (it escapes &, < and >).
static std::string unescape_html(const std::string &s)
{
    static const struct { const char *entity; char c; } entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
    };
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '&') {
            bool done = false;
            for (const auto &e : entities) {
                size_t len = std::strlen(e.entity);
                if (s.compare(i, len, e.entity) == 0) {
                    out += e.c;
                    i += len - 1;
                    done = true;
                    break;
                }
            }
            if (done)
                continue;
        }
        out += s[i];
    }
    return out;
}

extern "C" xc_status xc_mset_snippet(xc_mset *mset, const char *text, size_t length,
                                     xc_stem *stem, const char *hi_start,
                                     const char *hi_end, const char *omit, char **out)
{
    *out = nullptr;
    XC_TRY
        // The background model picks a window and drops words it finds
        // uninformative, even at the ends of a short text: to keep the whole
        // text, ask for plain exhaustive marking with room to spare.
        size_t whole = std::strlen(text) * 2 + 64;
        unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
        if (length)
            flags |= Xapian::MSet::SNIPPET_BACKGROUND_MODEL;
        std::string s = mset->mset.snippet(text, length ? length : whole, stem->stem,
                                           flags, hi_start, hi_end, omit);
        if (!(*out = xc_strdup(unescape_html(s))))
            throw std::bad_alloc();
    XC_CATCH
}

namespace {
// Lets a C callback decide which terms may expand a query, and keeps only
// terms that enough feedback documents share: a word of a single document
// is its topic, not the query's.
class FilterDecider : public Xapian::ExpandDecider {
    xc_term_filter keep;
    void *ctx;
    std::unordered_map<std::string, unsigned> docs_with; // empty: no minimum
    unsigned min_docs;

  public:
    FilterDecider(xc_term_filter k, void *c, const Xapian::MSet &mset, const unsigned *items,
                  size_t nitems, unsigned min)
        : keep(k), ctx(c), min_docs(min)
    {
        if (min_docs < 2)
            return;
        for (size_t i = 0; i < nitems; i++) {
            if (items[i] >= mset.size())
                continue;
            Xapian::Document doc = (mset.begin() + items[i]).get_document();
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                docs_with[*t]++;
        }
    }
    bool operator()(const std::string &term) const override
    {
        if (min_docs >= 2) {
            auto found = docs_with.find(term);
            if (found == docs_with.end() || found->second < min_docs)
                return false;
        }
        return !keep || keep(term.c_str(), ctx) != 0;
    }
};
} // namespace

extern "C" xc_status xc_enquire_expand(xc_enquire *enq, const xc_mset *mset,
                                       const unsigned *items, size_t nitems, unsigned nterms,
                                       unsigned min_docs,
                                       xc_term_filter keep, void *keep_ctx,
                                       char ***terms, double **weights, size_t *n)
{
    *terms = nullptr;
    *weights = nullptr;
    *n = 0;
    XC_TRY
        Xapian::RSet rset = rset_of(mset, items, nitems);
        FilterDecider decider(keep, keep_ctx, mset->mset, items, nitems, min_docs);
        // Over shards Xapian otherwise estimates a term's frequency from the
        // sub-database the feedback documents are in: exact keeps the
        // expansion terms (and so the ranking) those of one index.
        Xapian::ESet eset = enq->enq.get_eset(nterms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ,
                                              &decider);
        size_t count = eset.size();
        char **t = static_cast<char **>(std::calloc(count ? count : 1, sizeof *t));
        double *w = static_cast<double *>(std::calloc(count ? count : 1, sizeof *w));
        if (!t || !w) {
            std::free(t);
            std::free(w);
            throw std::bad_alloc();
        }
        size_t k = 0;
        for (auto it = eset.begin(); it != eset.end(); ++it, ++k) {
            if (!(t[k] = xc_strdup(*it))) {
                xc_terms_free(t, w, k);
                throw std::bad_alloc();
            }
            w[k] = it.get_weight();
        }
        *terms = t;
        *weights = w;
        *n = count;
    XC_CATCH
}

extern "C" void xc_terms_free(char **terms, double *weights, size_t n)
{
    if (terms)
        for (size_t i = 0; i < n; i++)
            std::free(terms[i]);
    std::free(terms);
    std::free(weights);
}

extern "C" xc_status xc_compact(const char *const *sources, size_t n, const char *dest)
{
    XC_TRY
        Xapian::Database merged;
        for (size_t i = 0; i < n; i++)
            merged.add_database(Xapian::Database(sources[i]));
        merged.compact(dest, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL);
    XC_CATCH
}
