/* stopwords.h - query-time stopword lists, by name. */
#ifndef QUARRY_STOPWORDS_H
#define QUARRY_STOPWORDS_H

/* A named list (stopword_lists.c holds the generated ones). */
typedef struct stopword_list {
    const char *name;
    const char *const *words; /* NULL-terminated */
} stopword_list;
extern const stopword_list stopword_lists[]; /* ends with {NULL, NULL} */

/* The NULL-terminated list named name ("english", ...), or NULL if there is
 * none.  "none" gives NULL too: callers check the name first. */
const char *const *stopwords_list(const char *name);

/* The list to use by default for a stemming language: its own name if a
 * list exists, else "none". */
const char *stopwords_for_language(const char *language);

#endif
