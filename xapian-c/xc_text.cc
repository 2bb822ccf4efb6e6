// xc_text.cc - text as the analyser sees it, for marking matches: words
// split and lower-cased by Xapian's own Unicode rules, and the query's
// terms grouped by the phrases they belong to.
#include "xapian-c/xc_internal.h"

#include <cstdlib>
#include <cstring>
#include <vector>

// Apostrophes Xapian's TermGenerator keeps inside a word ("don't"),
// as ASCII '\'' in the term.
static bool is_apostrophe(unsigned ch)
{
    return ch == '\'' || ch == 0x2019 || ch == 0x201b;
}

extern "C" xc_status xc_text_words(const char *text, size_t len, xc_word_fn fn, void *ctx)
{
    XC_TRY
        Xapian::Utf8Iterator it(text, len), end;
        std::string lower;
        while (it != end) {
            if (!Xapian::Unicode::is_wordchar(*it)) {
                ++it;
                continue;
            }
            size_t start = it.raw() - text, stop;
            lower.clear();
            for (;;) {
                Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*it));
                ++it;
                stop = it.raw() - text;
                if (it == end)
                    break;
                if (Xapian::Unicode::is_wordchar(*it))
                    continue;
                // An infix apostrophe or '&' ("AT&T") stays in the word when
                // a word character follows, as in the term generator.
                unsigned infix = *it;
                if (!is_apostrophe(infix) && infix != '&')
                    break;
                Xapian::Utf8Iterator next = it;
                ++next;
                if (next == end || !Xapian::Unicode::is_wordchar(*next))
                    break;
                lower += is_apostrophe(infix) ? '\'' : '&';
                it = next;
            }
            if (fn(ctx, start, stop, lower.c_str(), lower.size()) != 0)
                break;
        }
    XC_CATCH
}

namespace {
// The window of a PHRASE or NEAR: Xapian 1.4 has no accessor for it, but
// its description of the subquery names it ("(a PHRASE 2 b)").
unsigned window_of(const Xapian::Query &q, const char *op)
{
    std::string d = q.get_description();
    size_t at = d.find(op);
    return at == std::string::npos ? 0
                                   : static_cast<unsigned>(std::strtoul(d.c_str() + at +
                                                                        std::strlen(op),
                                                                    nullptr, 10));
}

void collect(const Xapian::Query &q, std::vector<xc_term_group> &groups)
{
    Xapian::Query::op type = q.get_type();
    size_t n = q.get_num_subqueries();
    if (type == Xapian::Query::LEAF_TERM) {
        std::string term = *q.get_terms_begin();
        if (term.empty())
            return;
        xc_term_group g = {XC_GROUP_TERM, 1, 1, nullptr};
        g.terms = static_cast<char **>(std::calloc(1, sizeof *g.terms));
        if (!g.terms || !(g.terms[0] = xc_strdup(term))) {
            std::free(g.terms);
            throw std::bad_alloc();
        }
        groups.push_back(g);
        return;
    }
    bool positional = type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR;
    for (size_t i = 0; positional && i < n; i++)
        if (q.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM)
            positional = false;
    if (positional) {
        xc_term_group g = {type == Xapian::Query::OP_PHRASE ? XC_GROUP_PHRASE : XC_GROUP_NEAR,
                           static_cast<unsigned>(n), 0, nullptr};
        g.window = window_of(q, type == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ");
        if (g.window < n)
            g.window = static_cast<unsigned>(n);
        g.terms = static_cast<char **>(std::calloc(n, sizeof *g.terms));
        if (!g.terms)
            throw std::bad_alloc();
        groups.push_back(g); // freed with the others on failure
        for (size_t i = 0; i < n; i++)
            if (!(groups.back().terms[i] = xc_strdup(*q.get_subquery(i).get_terms_begin())))
                throw std::bad_alloc();
        return;
    }
    // What a passage must not hold is no match to show.
    if (type == Xapian::Query::OP_AND_NOT && n > 0)
        n = 1;
    for (size_t i = 0; i < n; i++)
        collect(q.get_subquery(i), groups);
}
} // namespace

extern "C" xc_status xc_query_groups(const xc_query *q, xc_term_group **out, size_t *n)
{
    *out = nullptr;
    *n = 0;
    std::vector<xc_term_group> groups;
    try {
        collect(q->query, groups);
        xc_term_group *g =
            static_cast<xc_term_group *>(std::calloc(groups.size() + 1, sizeof *g));
        if (!g)
            throw std::bad_alloc();
        std::copy(groups.begin(), groups.end(), g);
        *out = g;
        *n = groups.size();
    } catch (...) {
        for (auto &g : groups)
            xc_term_groups_free_one(&g);
        return xc_status_from_exception();
    }
    return XC_OK;
}

extern "C" void xc_term_groups_free_one(xc_term_group *g)
{
    for (unsigned i = 0; g->terms && i < g->nterms; i++)
        std::free(g->terms[i]);
    std::free(g->terms);
    g->terms = nullptr;
}

extern "C" void xc_term_groups_free(xc_term_group *groups, size_t n)
{
    for (size_t i = 0; groups && i < n; i++)
        xc_term_groups_free_one(&groups[i]);
    std::free(groups);
}
