/* html_text.h - the text of an HTML fragment (a StackExchange post body).
 *
 * Parsed with libxml2's HTML parser (forgiving, as browsers are: unclosed
 * and misnested tags are recovered, never reported), then the tree is
 * walked: text is kept with runs of white space made one space, except
 * inside <pre>, whose text is kept as written; <code> is kept like other
 * text; block elements (p, div, pre, blockquote, lists, headings, tables,
 * hr) end a paragraph, shown as a blank line; <br>, <li> and table rows
 * start a new line; <script>, <style> and comments are dropped; entities
 * and character references are decoded.  The text has no leading or
 * trailing white space, is valid UTF-8 (ill-formed input replaced by
 * U+FFFD), and holds no control characters but '\n' (a tab becomes a space,
 * a NUL or another control character is dropped). */
#ifndef QUARRY_HTML_TEXT_H
#define QUARRY_HTML_TEXT_H

#include <stddef.h>

/* The text of html[0..len), NUL-terminated and malloc'd; NULL when out of
 * memory.  An empty or markup-only fragment gives "". */
char *html_text(const char *html, size_t len);

#endif
