/* fuzz_qrels.c - relevance judgements, BEIR and TREC (eval/trec_io.c),
 * against what trec_io.h promises: topics sorted and unique, each topic's
 * judgements sorted by docid, n_rel counting grades >= 1, and
 * trec_qrels_find finding every topic. */
#include "eval/trec_io.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    fuzz_file_open(&f, data, size);
    trec_qrels *q = NULL;
    int rc = trec_qrels_load(f.path, &fuzz_quiet_sink, &q);
    fuzz_file_close(&f);
    if (rc != 0) {
        if (q)
            abort();
        return 0;
    }
    for (size_t t = 0; t < q->n_topics; t++) {
        const trec_qrels_topic *topic = &q->topics[t];
        if (t > 0 && strcmp(q->topics[t - 1].qid, topic->qid) >= 0)
            abort();
        if (trec_qrels_find(q, topic->qid) != topic)
            abort();
        size_t rel = 0;
        for (size_t j = 0; j < topic->n_judged; j++) {
            if (j > 0 && strcmp(topic->judged[j - 1].docid, topic->judged[j].docid) >= 0)
                abort();
            rel += topic->judged[j].grade >= 1;
        }
        if (rel != topic->n_rel)
            abort();
    }
    trec_qrels_free(q);
    return 0;
}
