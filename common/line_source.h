/* line_source.h - the lines of a file, plain or gzip-compressed, for the
 * line-based readers (BEIR corpora, query files).
 *
 * A file that starts with the gzip magic is inflated as it is read (member
 * after member, as gunzip does), any other is passed through; past that,
 * plain and compressed files take one code path.  zlib's inflate is driven
 * directly rather than through gzread, because gzread drops the output of a
 * read that meets corrupt data, and a corrupt stream must still deliver
 * every line before the damage.  Lines are cut out of one buffer that holds
 * the unread rest of the current chunk and grows to hold a long line whole,
 * up to a bound: past it, the line's bytes are read and dropped until its
 * LF, so memory stays bounded whatever the input. */
#ifndef QUARRY_LINE_SOURCE_H
#define QUARRY_LINE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* Why a line source stopped early. */
typedef enum {
    LS_OK,
    LS_READ_ERROR, /* read(2) failed; line_source_errno says why */
    LS_TRUNCATED,  /* the file ended inside a gzip member */
    LS_CORRUPT,    /* inflate rejected the data; line_source_zmsg says why */
    LS_NO_MEMORY
} line_source_error;

/* What line_source_next found. */
typedef enum {
    LS_LINE,     /* a line */
    LS_TOO_LONG, /* a line longer than the bound: read away, handed out empty */
    LS_NUL,      /* (stop_at_nul) a NUL byte in this line: the source stops */
    LS_END       /* the end of the file, or an error (line_source_error) */
} line_source_got;

typedef struct line_source line_source;

/* Opens path ("-" alone is not special), or reads fd (not closed by
 * line_source_close).  max_line bounds the lines handed out, in bytes
 * without the LF.  refuse_dirs: a directory cannot be opened (EISDIR);
 * else reading it is a read error.  stop_at_nul: a NUL byte ends the
 * reading at once (LS_NUL), however long the line it is in.  Returns NULL
 * with errno set when it cannot open or is out of memory. */
line_source *line_source_open(const char *path, size_t max_line, bool refuse_dirs,
                              bool stop_at_nul);
line_source *line_source_open_fd(int fd, size_t max_line, bool stop_at_nul);

/* The next line, without its LF (a CR before it is kept), in [*line, *line +
 * *len); the bytes stay valid, and may be changed, until the next call.
 * The last line need not end with LF.  A line cut short by an error is not
 * handed out. */
line_source_got line_source_next(line_source *s, char **line, size_t *len);

line_source_error line_source_error_of(const line_source *s);
int line_source_errno(const line_source *s);     /* LS_READ_ERROR */
const char *line_source_zmsg(const line_source *s); /* LS_CORRUPT */

void line_source_close(line_source *s);

#endif
