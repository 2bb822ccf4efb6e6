/* tamper_index GEN ACTION ARG... - damages a Quarry generation through the
 * Xapian API the way no Quarry tool would, for the tests of --check:
 *
 *   tamper_index GEN delete-passage ID            the passage ID vanishes
 *   tamper_index GEN bad-data ID SOURCE_KEY       its stored data is junk
 *   tamper_index GEN drop-metadata KEY            a manifest entry vanishes
 *   tamper_index GEN set-metadata KEY VALUE       e.g. an older schema version
 */
#include "common/schema.h"
#include "xapian-c/xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tamper(xc_wdb *db, int argc, char **argv)
{
    const char *action = argv[2];
    if (!strcmp(action, "delete-passage") && argc == 4) {
        char *term = schema_id_term(argv[3]);
        unsigned n = 0;
        xc_status st = term ? xc_wdb_termfreq(db, term, &n) : XC_NOMEM;
        if (st == XC_OK && n == 0) {
            fprintf(stderr, "tamper_index: no passage %s\n", argv[3]);
            st = XC_INVALID_ARGUMENT;
        }
        if (st == XC_OK)
            st = xc_wdb_delete_by_term(db, term);
        free(term);
        return st;
    }
    if (!strcmp(action, "bad-data") && argc == 5) {
        char *id = schema_id_term(argv[3]), *src = schema_source_term(argv[4]);
        xc_doc *doc = NULL;
        xc_status st = id && src ? xc_doc_new(&doc) : XC_NOMEM;
        if (st == XC_OK)
            st = xc_doc_set_data(doc, "not a passage", 13);
        if (st == XC_OK)
            st = xc_doc_add_boolean_term(doc, id);
        if (st == XC_OK)
            st = xc_doc_add_boolean_term(doc, src);
        if (st == XC_OK)
            st = xc_wdb_replace_by_term(db, id, doc);
        xc_doc_free(doc);
        free(id);
        free(src);
        return st;
    }
    if (!strcmp(action, "drop-metadata") && argc == 4)
        return xc_wdb_set_metadata(db, argv[3], ""); /* "" deletes the key */
    if (!strcmp(action, "set-metadata") && argc == 5)
        return xc_wdb_set_metadata(db, argv[3], argv[4]);
    fprintf(stderr, "tamper_index: unknown action or arguments\n");
    return XC_INVALID_ARGUMENT;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tamper_index GEN delete-passage ID | bad-data ID SOURCE_KEY"
                " | drop-metadata KEY | set-metadata KEY VALUE\n");
        return 2;
    }
    xc_wdb *db;
    xc_status st = xc_wdb_open(argv[1], 0, &db);
    if (st == XC_OK) {
        st = tamper(db, argc, argv);
        if (st == XC_OK)
            st = xc_wdb_commit(db);
        xc_wdb_free(db);
    }
    if (st != XC_OK) {
        fprintf(stderr, "tamper_index: %s\n", xc_last_error());
        return 1;
    }
    return 0;
}
