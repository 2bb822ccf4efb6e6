/* fuzz_run.c - TREC run files (eval/trec_io.c), against what trec_io.h
 * promises: topics sorted and unique, finite scores, and trec_run_find
 * finding every topic. */
#include "eval/trec_io.h"
#include "tests/fuzz/fuzz_support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    fuzz_file_open(&f, data, size);
    trec_run *r = NULL;
    int rc = trec_run_load(f.path, &fuzz_quiet_sink, &r);
    fuzz_file_close(&f);
    if (rc != 0) {
        if (r)
            abort();
        return 0;
    }
    for (size_t t = 0; t < r->n_topics; t++) {
        const trec_run_topic *topic = &r->topics[t];
        if (t > 0 && strcmp(r->topics[t - 1].qid, topic->qid) >= 0)
            abort();
        if (trec_run_find(r, topic->qid) != topic || topic->n_docs == 0)
            abort();
        for (size_t j = 0; j < topic->n_docs; j++)
            if (!topic->docs[j].docid || !isfinite(topic->docs[j].score))
                abort();
    }
    trec_run_free(r);
    return 0;
}
