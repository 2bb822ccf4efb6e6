// raw_xapian.cc - the yardstick: Quarry's work for a BEIR corpus, done with
// Xapian's C++ API directly, so `make bench` can show what the C wrapper
// costs.  The one place outside xapian-c/ where C++ is fine.
//
//   raw_xapian index DB CORPUS.jsonl[.gz] [--settings-from QUARRY_INDEX]
//       builds DB (overwritten) as quarry-index builds an index with its
//       default settings, or with the stemming strategy and title weight
//       QUARRY_INDEX records (the bench passes its Quarry index, so the two
//       cannot drift apart); prints "N passages in S s" on stderr.
//   raw_xapian search DB QUERIES.jsonl DEPTH [--stopwords] [--ids-only]
//       answers each BEIR query as Quarry's searcher does (BM25, ties by
//       passage ID), fetching each hit's stored data, or with --ids-only
//       only its ID value (as quarry-query --format trec does); prints
//       "QID MS HITS ESTIMATED" per query on stdout, "N queries in S s" on
//       stderr.
//
// Every choice below mirrors a Quarry file, named where it is made; if Quarry
// changes its schema or analysis, this file must follow or the comparison
// stops being fair.
#include <xapian.h>

#include <jansson.h>
#include <libstemmer.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>
#include <string>
#include <vector>

extern "C" {
#include "common/stopwords.h" // the same list Quarry's queries drop
}

namespace {

// libstemmer as a Xapian stemmer: the idea of xapian-c/xc_stem.cc.
class SnowballStem : public Xapian::StemImplementation {
    sb_stemmer *stemmer;

  public:
    explicit SnowballStem(const char *language)
        : stemmer(sb_stemmer_new(language, "UTF_8"))
    {
        if (!stemmer)
            throw std::bad_alloc();
    }
    ~SnowballStem() { sb_stemmer_delete(stemmer); }

    std::string operator()(const std::string &word) override
    {
        const sb_symbol *out = sb_stemmer_stem(
            stemmer, reinterpret_cast<const sb_symbol *>(word.data()),
            static_cast<int>(word.size()));
        if (!out)
            throw std::bad_alloc();
        return std::string(reinterpret_cast<const char *>(out),
                           static_cast<size_t>(sb_stemmer_length(stemmer)));
    }

    std::string get_description() const override { return "libstemmer:english"; }
};

// indexer/passage_document.c: the position gap between fields.
const unsigned FIELD_GAP = 100;

// The analysis settings that shape a BEIR passage's terms (BEIR passages
// have no question, so the question weight never applies; the language is
// always english here).  The defaults are common/analysis.c
// analysis_defaults() at the time of writing.
struct settings {
    std::string stemming = "all_z"; // as Quarry records it: none, some, all, all_z
    unsigned title_weight = 3;      // wdf of answer-title words in free text
};

// Where raw_xapian records the strategy, for its search mode.
const char *const KEY_STEMMING = "raw_xapian.stemming";

// Quarry's name of a stemming strategy as TermGenerator's or QueryParser's.
template <class T>
typename T::stem_strategy strategy(const std::string &name)
{
    if (name == "none")
        return T::STEM_NONE;
    if (name == "some")
        return T::STEM_SOME;
    if (name == "all")
        return T::STEM_ALL;
    if (name == "all_z")
        return T::STEM_ALL_Z;
    throw Xapian::InvalidArgumentError("unknown stemming strategy '" + name + "'");
}

// The settings Quarry recorded in quarry_index (common/analysis.c keys);
// throws when it analyses text some other way than this file can mirror.
settings recorded_settings(const char *quarry_index)
{
    Xapian::Database q(quarry_index);
    const std::string where = std::string(quarry_index) + ": ";
    if (q.get_metadata("quarry.language") != "english")
        throw Xapian::InvalidArgumentError(where + "not an english Quarry index");
    settings s;
    s.stemming = q.get_metadata("quarry.stemming");
    strategy<Xapian::TermGenerator>(s.stemming); // known?
    std::string w = q.get_metadata("quarry.title_weight");
    char *end;
    unsigned long v = std::strtoul(w.c_str(), &end, 10);
    if (w.empty() || *end || v > 1000)
        throw Xapian::InvalidArgumentError(where + "no quarry.title_weight");
    s.title_weight = static_cast<unsigned>(v);
    return s;
}

double now()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

// The next line of f without its newline, in line (grown as needed).
// Returns false at the end of the file.
bool next_line(gzFile f, std::vector<char> &line)
{
    size_t len = 0;
    for (;;) {
        if (line.size() - len < 2)
            line.resize(line.size() * 2);
        if (!gzgets(f, &line[len], static_cast<int>(line.size() - len)))
            return len > 0;
        len += std::strlen(&line[len]);
        if (len > 0 && line[len - 1] == '\n') {
            line[len - 1] = '\0';
            return true;
        }
    }
}

// common/schema.c schema_encode, for a BEIR passage (no question): the
// fields in a fixed order, each ended by a NUL byte.
std::string stored_data(const char *id, const char *title, const char *text,
                        const char *path, unsigned lineno)
{
    std::string data;
    for (const std::string &f : {std::string(id), std::string(title), std::string(text),
                                 std::string(), std::string(), std::string(path),
                                 std::to_string(lineno), std::string("0")}) {
        data += f;
        data += '\0';
    }
    return data;
}

// common/schema.c schema_hash: the fingerprint (CRC-32 of the stored data,
// 8 hex digits) Quarry keeps in value slot 1 to skip unchanged passages.
std::string data_hash(const std::string &data)
{
    char hex[9];
    uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.data()),
                      static_cast<uInt>(data.size()));
    std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc) & 0xffffffffUL);
    return hex;
}

// indexer/walk.c: a file named on the command line is keyed by its base
// name without its last extension ("corpus.jsonl" for corpus.jsonl.gz).
std::string source_key(const char *path)
{
    const char *slash = std::strrchr(path, '/');
    std::string key = slash ? slash + 1 : path;
    size_t dot = key.rfind('.');
    if (dot != std::string::npos && dot != 0)
        key.erase(dot);
    return key;
}

int index(const char *db_path, const char *corpus, const settings &set)
{
    gzFile in = gzopen(corpus, "rb");
    if (!in) {
        std::fprintf(stderr, "raw_xapian: cannot open %s\n", corpus);
        return 2;
    }
    gzbuffer(in, 128 * 1024);
    double start = now();
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem(new SnowballStem("english")));
    tg.set_stemming_strategy(strategy<Xapian::TermGenerator>(set.stemming));
    db.set_metadata(KEY_STEMMING, set.stemming);
    const std::string src_term = "XSRC" + source_key(corpus);

    std::vector<char> line(64 * 1024);
    unsigned long passages = 0, skipped = 0;
    unsigned lineno = 0;
    while (next_line(in, line)) {
        lineno++;
        json_t *o = json_loads(line.data(), 0, nullptr);
        const char *id = nullptr, *title = "", *text = "";
        if (!o || json_unpack(o, "{s:s, s?s, s?s}", "_id", &id, "title", &title,
                              "text", &text) != 0 || !*id) {
            skipped += line[0] != '\0';
            json_decref(o);
            continue;
        }
        // passage_document.c index_field(): the title under S (wdf 1), then
        // as free text at the title weight; the body as free text; a gap
        // before and after each free-text run.
        Xapian::Document doc;
        tg.set_document(doc);
        if (*title) {
            tg.index_text(title, 1, "S");
            if (set.title_weight > 0) {
                tg.increase_termpos(FIELD_GAP);
                tg.index_text(title, set.title_weight);
            }
            tg.increase_termpos(FIELD_GAP);
        }
        if (*text) {
            tg.increase_termpos(FIELD_GAP);
            tg.index_text(text, 1);
            tg.increase_termpos(FIELD_GAP);
        }
        const std::string id_term = std::string("Q") + id;
        doc.add_boolean_term(id_term);
        doc.add_boolean_term(src_term);
        const std::string data = stored_data(id, title, text, corpus, lineno);
        doc.add_value(0, id);
        doc.add_value(1, data_hash(data));
        doc.set_data(data);
        db.replace_document(id_term, doc);
        passages++;
        json_decref(o);
    }
    gzclose(in);
    db.commit();
    std::fprintf(stderr, "raw_xapian: %lu passages in %.2f s (%lu lines skipped)\n",
                 passages, now() - start, skipped);
    return 0;
}

struct query {
    std::string id, text;
};

// BEIR queries.jsonl: one {"_id", "text"} per line.
bool load_queries(const char *path, std::vector<query> &out)
{
    json_error_t err;
    FILE *f = std::fopen(path, "r");
    if (!f) {
        std::fprintf(stderr, "raw_xapian: cannot open %s\n", path);
        return false;
    }
    char *line = nullptr;
    size_t cap = 0;
    bool ok = true;
    while (ok && getline(&line, &cap, f) > 0) {
        if (line[0] == '\n')
            continue;
        json_t *o = json_loads(line, 0, &err);
        const char *id, *text;
        ok = o && json_unpack(o, "{s:s, s:s}", "_id", &id, "text", &text) == 0;
        if (ok)
            out.push_back(query{id, text});
        else
            std::fprintf(stderr, "raw_xapian: %s: bad query line\n", path);
        json_decref(o);
    }
    free(line);
    std::fclose(f);
    return ok;
}

int search(const char *db_path, const char *queries_path, unsigned depth,
           bool stopwords, bool ids_only)
{
    std::vector<query> queries;
    if (!load_queries(queries_path, queries))
        return 2;
    Xapian::Database db(db_path);
    Xapian::Enquire enquire(db);
    // xapian-c/xc_search.cc with search_options_defaults(): BM25 as Quarry
    // parameterises it, ties broken by the passage ID in slot 0.
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    enquire.set_sort_by_relevance_then_value(0, false);

    // common/analysis.c analyser_qparser() and xc_analysis.cc, with the
    // strategy the index was built with.
    const std::string stemming = db.get_metadata(KEY_STEMMING);
    if (stemming.empty())
        throw Xapian::InvalidArgumentError(std::string(db_path) +
                                           ": not built by raw_xapian index");
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem(new SnowballStem("english")));
    qp.set_stemming_strategy(strategy<Xapian::QueryParser>(stemming));
    qp.set_database(db);
    qp.add_prefix("title", "S");
    qp.add_prefix("question", "XQ");
    Xapian::SimpleStopper stopper;
    if (stopwords) {
        for (const char *const *w = stopwords_list("english"); *w; ++w)
            stopper.add(*w);
        qp.set_stopper(&stopper);
    }
    const unsigned flags =
        Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT;

    size_t touched = 0; // keeps the data fetch from being optimised away
    double start = now();
    for (const query &q : queries) {
        double t0 = now();
        enquire.set_query(qp.parse_query(q.text, flags));
        Xapian::MSet mset = enquire.get_mset(0, depth);
        // Documents load lazily: the ID value alone does not read the data.
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
            touched += ids_only ? it.get_document().get_value(0).size()
                                : it.get_document().get_data().size();
        double ms = (now() - t0) * 1e3;
        std::printf("%s %.4f %u %u\n", q.id.c_str(), ms, mset.size(),
                    mset.get_matches_estimated());
    }
    std::fprintf(stderr, "raw_xapian: %zu queries in %.3f s (%zu bytes of data)\n",
                 queries.size(), now() - start, touched);
    return 0;
}

int usage()
{
    std::fprintf(stderr,
                 "usage: raw_xapian index DB CORPUS.jsonl[.gz] [--settings-from QUARRY_INDEX]\n"
                 "       raw_xapian search DB QUERIES.jsonl DEPTH [--stopwords] [--ids-only]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        if (argc >= 4 && std::strcmp(argv[1], "index") == 0) {
            if (argc == 4)
                return index(argv[2], argv[3], settings());
            if (argc == 6 && std::strcmp(argv[4], "--settings-from") == 0)
                return index(argv[2], argv[3], recorded_settings(argv[5]));
            return usage();
        }
        if (argc >= 5 && std::strcmp(argv[1], "search") == 0) {
            char *end;
            unsigned long depth = std::strtoul(argv[4], &end, 10);
            if (*end || depth == 0 || depth > 1000000)
                return usage();
            bool stop = false, ids_only = false;
            for (int i = 5; i < argc; i++) {
                if (std::strcmp(argv[i], "--stopwords") == 0)
                    stop = true;
                else if (std::strcmp(argv[i], "--ids-only") == 0)
                    ids_only = true;
                else
                    return usage();
            }
            return search(argv[2], argv[3], static_cast<unsigned>(depth), stop, ids_only);
        }
        return usage();
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "raw_xapian: %s\n", e.get_description().c_str());
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "raw_xapian: out of memory\n");
    }
    return 2;
}
