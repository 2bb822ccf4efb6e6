/* passage.h - one retrievable answer and the context it keeps.
 *
 * A passage is what every corpus reader produces and what the indexer turns
 * into one Xapian document.  All strings are NUL-terminated valid UTF-8,
 * owned by the reader that produced the passage and valid only for the
 * duration of the callback that receives it. */
#ifndef QUARRY_PASSAGE_H
#define QUARRY_PASSAGE_H

typedef struct passage {
    const char *id;             /* stable ID, e.g. "sub/doc#2" or a BEIR _id */
    const char *answer_title;   /* may be "" */
    const char *answer_body;    /* may be "" */
    const char *question_title; /* "" when the source has no question */
    const char *question_body;  /* "" when the source has no question */
    const char *source;         /* path of the file it came from */
    unsigned line;              /* 1-based line of the passage in source */
    unsigned answer_no;         /* 1-based answer number; 0 for BEIR lines */

    /* Q&A metadata, where the source has it.  A NULL string means absent
     * (readers that know none leave them out of their initialisers), as do
     * has_score 0 and accepted 0. */
    const char *question_key;   /* answers sharing it answer one question:
                                 * "SITE-QUESTIONID", a native file's source */
    const char *site;           /* e.g. "coffee.meta" */
    const char *tags;           /* space-separated, as the source spells them */
    const char *date;           /* creation, "YYYY-MM-DDTHH:MM:SS" (UTC) */
    const char *author;         /* the author's display name */
    const char *link;           /* the answer's URL */
    long score;                 /* votes, when has_score */
    int has_score;
    int accepted;               /* 1: the question's accepted answer */
} passage;

/* Every string field of a passage, in the order the index stores them:
 * code that copies or stores a whole passage lists its fields with this,
 * X(name) once per field, so a new field cannot be forgotten there. */
#define PASSAGE_STRING_FIELDS(X)                                                        \
    X(id) X(answer_title) X(answer_body) X(question_title) X(question_body) X(source)   \
    X(question_key) X(site) X(tags) X(date) X(author) X(link)

/* Receives each passage a reader produces; returns 0 to go on, non-zero to
 * stop reading (the reader then returns that value). */
typedef int (*passage_fn)(const passage *p, void *ctx);

#endif
