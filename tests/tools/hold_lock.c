/* hold_lock INDEX - takes quarry-index's writer lock on INDEX, prints
 * "locked", and holds it until its standard input closes: lets the
 * end-to-end tests put a second writer against a locked index without any
 * race. */
#include "indexer/generations.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: hold_lock INDEX\n");
        return 2;
    }
    generations g;
    char err[512];
    if (gen_open(argv[1], 0, &g, err, sizeof err) != 0) {
        fprintf(stderr, "hold_lock: %s\n", err);
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    gen_close(&g);
    return 0;
}
