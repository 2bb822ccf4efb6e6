/* reader_capture.h - for the corpus readers' unit tests: what one read
 * produced, deep-copied out of the callbacks, so tests can assert it.
 * Included by one test file each (static functions: no link clashes). */
#ifndef QUARRY_READER_CAPTURE_H
#define QUARRY_READER_CAPTURE_H

#include "common/diag.h"
#include "common/passage.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SEEN 16

typedef struct seen {
    char path[64];       /* a temporary input, removed by teardown ("" if none) */
    passage passages[MAX_SEEN];
    size_t n_passages;
    struct {
        diag_level level;
        char *file;
        unsigned line;
        char *msg;
    } diags[MAX_SEEN];
    size_t n_diags;
    size_t stop_after;   /* on_passage returns 7 after this many; 0: never */
} seen;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int on_passage(const passage *p, void *ctx)
{
    seen *s = ctx;
    assert_true(s->n_passages < MAX_SEEN);
    passage *c = &s->passages[s->n_passages++];
    *c = *p;
    c->id = dup_or_null(p->id);
    c->answer_title = dup_or_null(p->answer_title);
    c->answer_body = dup_or_null(p->answer_body);
    c->question_title = dup_or_null(p->question_title);
    c->question_body = dup_or_null(p->question_body);
    c->source = dup_or_null(p->source);
    c->question_key = dup_or_null(p->question_key);
    c->site = dup_or_null(p->site);
    c->tags = dup_or_null(p->tags);
    c->date = dup_or_null(p->date);
    c->author = dup_or_null(p->author);
    c->link = dup_or_null(p->link);
    return s->n_passages == s->stop_after ? 7 : 0;
}

static void on_diag(void *ctx, diag_level level, const char *file,
                    unsigned line, const char *msg)
{
    seen *s = ctx;
    assert_true(s->n_diags < MAX_SEEN);
    s->diags[s->n_diags].level = level;
    s->diags[s->n_diags].file = dup_or_null(file);
    s->diags[s->n_diags].line = line;
    s->diags[s->n_diags].msg = dup_or_null(msg);
    s->n_diags++;
}

static int setup(void **state)
{
    *state = calloc(1, sizeof(seen));
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    seen *s = *state;
    if (s->path[0])
        unlink(s->path);
    for (size_t i = 0; i < s->n_passages; i++) {
        passage *p = &s->passages[i];
        free((char *)p->id);
        free((char *)p->answer_title);
        free((char *)p->answer_body);
        free((char *)p->question_title);
        free((char *)p->question_body);
        free((char *)p->source);
        free((char *)p->question_key);
        free((char *)p->site);
        free((char *)p->tags);
        free((char *)p->date);
        free((char *)p->author);
        free((char *)p->link);
    }
    for (size_t i = 0; i < s->n_diags; i++) {
        free(s->diags[i].file);
        free(s->diags[i].msg);
    }
    free(s);
    return 0;
}

#endif
