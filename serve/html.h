/* html.h - the search page, server-rendered, and the one HTML escaper.
 *
 * Every string on the page that did not come from this file (the query,
 * parameter values, passage text and IDs, error messages) goes through
 * html_escape, which makes it text in an element or a quoted attribute
 * alike: & < > " ' become entities, control characters (C0 but TAB, LF,
 * CR; DEL; C1) U+FFFD, ill-formed UTF-8 U+FFFD. */
#ifndef QUARRY_SERVE_HTML_H
#define QUARRY_SERVE_HTML_H

#include "query/searcher.h"
#include "serve/params.h"

#include <stdio.h>

void html_escape(FILE *out, const char *s);

/* A marked string (query/searcher.h's HIT_MARK_*) escaped, its matches
 * in <mark>...</mark>. */
void html_escape_marked(FILE *out, const char *marked);

/* s percent-encoded for a URL's path segment or query value: every byte
 * but A-Z a-z 0-9 - . _ ~ as %XX. */
void url_encode(FILE *out, const char *s);

/* The search page: the form with p's query, and hits (NULL: no search was
 * made), or error (NULL: none) instead of them; took in seconds. */
void html_page(FILE *out, const serve_params *p, const hit_list *hits, const char *error,
               double took);

#endif
