// xc_stem.cc - libstemmer (Snowball) plugged into Xapian, and stoppers.
//
// Xapian ships its own copy of the Snowball stemmers; Quarry uses the system
// libstemmer instead so the language list (29 algorithms, among them greek,
// hindi and serbian) is the one Debian ships, and the same object serves the
// TermGenerator, the QueryParser and the snippet highlighter.
#include "xapian-c/xc_internal.h"

#include <libstemmer.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace {

class SnowballStem : public Xapian::StemImplementation {
    sb_stemmer *stemmer;
    std::string language;

  public:
    SnowballStem(sb_stemmer *s, const char *lang) : stemmer(s), language(lang) {}
    ~SnowballStem() { sb_stemmer_delete(stemmer); }

    std::string operator()(const std::string &word) override
    {
        const sb_symbol *out = sb_stemmer_stem(
            stemmer, reinterpret_cast<const sb_symbol *>(word.data()),
            static_cast<int>(word.size()));
        if (!out) // libstemmer's only failure is running out of memory
            throw std::bad_alloc();
        return std::string(reinterpret_cast<const char *>(out),
                           static_cast<size_t>(sb_stemmer_length(stemmer)));
    }

    std::string get_description() const override
    {
        return "libstemmer:" + language;
    }
};

} // namespace

extern "C" const char *const *xc_stem_languages(void)
{
    return sb_stemmer_list();
}

extern "C" xc_status xc_stem_new(const char *language, xc_stem **out)
{
    *out = nullptr;
    XC_TRY
        if (std::strcmp(language, "none") == 0) {
            *out = new xc_stem{Xapian::Stem()};
            return XC_OK;
        }
        sb_stemmer *s = sb_stemmer_new(language, "UTF_8");
        if (!s)
            return xc_fail(XC_NO_STEMMER,
                           std::string("libstemmer has no stemmer for language '") +
                               language + "'");
        SnowballStem *impl;
        try {
            impl = new SnowballStem(s, language);
        } catch (...) {
            sb_stemmer_delete(s);
            throw;
        }
        Xapian::Stem stem(impl); // owns impl from here, whatever follows
        *out = new xc_stem{stem};
    XC_CATCH
}

extern "C" void xc_stem_free(xc_stem *stem)
{
    delete stem;
}

extern "C" char *xc_stem_word(xc_stem *stem, const char *word)
{
    try {
        return xc_strdup(stem->stem(word));
    } catch (...) {
        xc_status_from_exception();
        return nullptr;
    }
}

extern "C" xc_status xc_stopper_new(const char *const *words, xc_stopper **out)
{
    *out = nullptr;
    XC_TRY
        xc_stopper *s = new xc_stopper;
        try {
            for (; *words; ++words)
                s->stopper.add(*words);
        } catch (...) {
            delete s;
            throw;
        }
        *out = s;
    XC_CATCH
}

extern "C" void xc_stopper_free(xc_stopper *stopper)
{
    delete stopper;
}
