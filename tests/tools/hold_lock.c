/* hold_lock INDEX - opens INDEX for writing, prints "locked", and holds the
 * writer's lock until its standard input closes: lets the end-to-end tests
 * put a second writer against a locked index without any race. */
#include "xapian-c/xapian_c.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: hold_lock INDEX\n");
        return 2;
    }
    xc_wdb *db;
    if (xc_wdb_open(argv[1], 0, &db) != XC_OK) {
        fprintf(stderr, "hold_lock: %s\n", xc_last_error());
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    xc_wdb_free(db);
    return 0;
}
