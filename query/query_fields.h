/* query_fields.h - a field the query names must be one the index has.
 *
 * Xapian's QueryParser reads "author:smith", for a field it was not told
 * of, as the phrase "author smith": a misspelt or miscased field
 * ("Title:") silently searches for other words than the user meant.  So,
 * before parsing, every WORD:VALUE outside double quotes is checked: WORD
 * a plain identifier (a letter or '_', then letters, digits, '_') at the
 * start of a word (after a space, '(', '+' or '-'), VALUE starting right
 * after the ':' with anything but a space, '/' or ':'.  So URLs
 * ("http://x"), C++ scopes ("std::map"), times ("10:30") and a colon
 * ending a word ("note: x") are words as before; a WORD that is no field
 * of common/schema.h makes the query malformed, the message naming it and
 * the known fields.  score: and date: must be written as ranges (they have
 * no single-value form). */
#ifndef QUARRY_QUERY_FIELDS_H
#define QUARRY_QUERY_FIELDS_H

#include <stddef.h>

/* 0, or -1 with "unknown field 'WORD:' ..." (or what a range field needs)
 * in err.  *ranges is set to whether text uses a range field (its parser
 * then needs them: common/analysis.h, analyser_add_ranges). */
int query_fields_check(const char *text, int *ranges, char *err, size_t errlen);

#endif
