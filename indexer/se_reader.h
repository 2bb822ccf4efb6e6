/* se_reader.h - reads a StackExchange data dump: one passage per answer.
 *
 * Inputs: a site's Posts.xml (Users.xml beside it, if there, gives author
 * names), or an archive of the site's dump (SITE.7z, as published, or any
 * archive libarchive reads) holding Posts.xml (and Users.xml) at its top
 * level, read without unpacking to disk.  The XML is streamed with
 * libxml2's xmlTextReader; bodies are HTML, turned into text by html_text.
 *
 * Each answer (PostTypeId 2) becomes a passage: id "SITE-ANSWERID",
 * answer_title "", answer_body its body's text, question_title and
 * question_body its question's, question_key "SITE-QUESTIONID", site, tags
 * ("<a><b>" or "|a|b|" -> "a b"), date (CreationDate without its
 * milliseconds), author (Users.xml's DisplayName of OwnerUserId, else
 * OwnerDisplayName, else absent), link (se_site_link), score, accepted (the
 * question's AcceptedAnswerId is this answer), source the path given (the
 * archive, for one), line the row's line in Posts.xml, answer_no 0.
 * Questions, tag wikis (PostTypeId 4 and 5) and other posts are counted,
 * not indexed.
 *
 * Memory is bounded whatever the dump's size: questions (their title, text,
 * tags and accepted answer), user names and the answers that come before
 * their question are kept in a temporary SQLite database on disk (SQLite's
 * "" file name: created under SQLITE_TMPDIR, TMPDIR or /tmp and deleted when
 * closed) whose page cache is capped at SE_CACHE_KIB; beside it one row at a
 * time and libxml2's input buffers are held.  Disk use is about the size of
 * the questions' text plus the users' names.  SQLite rather than LMDB: it
 * needs no map size fixed in advance, grows and spills on its own, and one
 * indexed table answers both "question by Id" and "early answers in file
 * order".
 *
 * Problems, reported as "FILE:LINE: reason" (an archive's member as
 * "ARCHIVE:MEMBER:LINE"), the row skipped, the rest read:
 *   errors: a row without a whole-number Id or PostTypeId, an answer
 *     without ParentId, an answer whose question is not in the dump, a
 *     repeated question Id, a row holding ill-formed UTF-8 or a control
 *     character (the bytes are replaced so that libxml2 reads on);
 *   warnings: a Score that is not a whole number (left out), a Users.xml
 *     that cannot be read to its end (names from then on absent);
 *   one summary warning per dump (line 0): the answers indexed, and what
 *     was not: questions without answers, tag wikis, other posts.
 * XML that is not well-formed (cut off mid-file, for one) ends the reading
 * there: "XML error: LIBXML2'S MESSAGE; the rest of the file is not read". */
#ifndef QUARRY_SE_READER_H
#define QUARRY_SE_READER_H

#include "common/diag.h"
#include "common/passage.h"

/* SQLite's page cache for the temporary store, KiB. */
#define SE_CACHE_KIB 1024

typedef struct se_stats {
    unsigned long long xml_bytes; /* bytes of Posts.xml read (decompressed) */
    unsigned long answers;        /* passages delivered */
    unsigned long questions, unanswered, tag_wikis, other;
    unsigned long skipped;        /* rows refused (errors) */
} se_stats;

/* 1 when path looks like a dump by name: "Posts.xml", or ending in ".7z". */
int se_is_dump_path(const char *path);

/* DIR/Posts.xml (malloc'd) when dir is a directory holding a regular file
 * Posts.xml, else NULL. */
char *se_dump_dir_input(const char *dir);

/* The site name of a dump input (malloc'd, NULL on no memory): for an
 * archive (a name ending in ".7z", or any other with an extension but
 * ".xml") its file name without its last extension (and "-Posts", as in
 * stackoverflow.com-Posts.7z), for Posts.xml (or another *.xml) its
 * directory's name, "stdin" for standard input; then without ".stackexchange.com", or the ".com" /
 * ".net" of the sites with a domain of their own (se_site_link).  So
 * coffee.meta.stackexchange.com.7z and coffee.meta/Posts.xml are both
 * "coffee.meta". */
char *se_site_name(const char *path);

/* https://DOMAIN/a/ANSWERID (malloc'd): DOMAIN is SITE.stackexchange.com,
 * except for the sites with a domain of their own: stackoverflow.com,
 * superuser.com, serverfault.com, askubuntu.com, mathoverflow.net,
 * stackapps.com, their meta sites ("meta.X" or "X.meta": meta.DOMAIN) and
 * language versions ("ru.stackoverflow": ru.stackoverflow.com). */
char *se_site_link(const char *site, const char *answer_id);

/* Reads the dump at path (Posts.xml or an archive, told apart by content;
 * a directory stands for its Posts.xml),
 * calling fn for each answer.  Returns 0 when it was read to its end (bad
 * rows reported and skipped), -1 when it could not be opened or read, has
 * no Posts.xml, holds XML that breaks off, or the temporary store failed
 * (the passages before were delivered), or fn's non-zero value.  stats, if
 * not NULL, gets the counts. */
int se_read_dump(const char *path, passage_fn fn, void *ctx, const diag_sink *sink);
int se_read_dump_stats(const char *path, passage_fn fn, void *ctx, const diag_sink *sink,
                       se_stats *stats);

#endif
