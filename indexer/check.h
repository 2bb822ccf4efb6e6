/* check.h - quarry-index --check: is an index whole and consistent?
 *
 * Checks the live generation the stub names, in this order: Xapian's own
 * consistency checker over its tables; the recorded analysis settings;
 * every manifest entry (it parses, and the passages its file gives, re-read
 * when the file is unchanged since it was indexed, are all in the index);
 * every document (its stored data decodes, and it names one source that a
 * manifest entry records).  Writes a summary, and each problem found, to
 * out; the caller checks that writing to out succeeded. */
#ifndef QUARRY_CHECK_H
#define QUARRY_CHECK_H

#include <stdio.h>

/* Exit statuses of --check (documented in quarry-index(1)). */
enum { CHECK_CLEAN = 0, CHECK_PROBLEMS = 1, CHECK_FAILED = 2 };

/* Checks index, holding the writer lock shared so that no writer changes
 * it meanwhile (waiting for a running writer when wait is 1, else failing);
 * files are read again as input_format (INPUT_*, job.h) says.  Returns a
 * CHECK_* status. */
int check_index(const char *index, int wait, int input_format, FILE *out);

#endif
