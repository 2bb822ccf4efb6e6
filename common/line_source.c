/* line_source.c - lines of a plain or gzip-compressed file (see the header). */
#include "common/line_source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

/* Bytes read from the file, and the least room made for output, at a time. */
#define CHUNK (64u * 1024)

/* ---- Bytes ------------------------------------------------------------ */

/* The decompressed bytes of a file: inflated when it starts with the gzip
 * magic, passed through as they are otherwise.  Errors are sticky, and come
 * only after every byte produced before them has been handed out. */
typedef struct byte_source {
    int fd;
    unsigned char *in; /* CHUNK bytes; z.next_in/avail_in is the unread part */
    z_stream z;
    bool gzip;
    bool inflating;    /* z is initialised */
    bool member_end;   /* a gzip member ended; another may follow */
    bool in_eof;       /* read(2) has no more to give */
    line_source_error error;
    int errnum;
    const char *zmsg;
} byte_source;

/* Reads until at least n (<= CHUNK) unread input bytes are there or the file
 * ends.  Returns false on a read error (set as src->error). */
static bool need_input(byte_source *src, size_t n)
{
    if (src->z.avail_in > 0 && src->z.next_in != src->in)
        memmove(src->in, src->z.next_in, src->z.avail_in);
    src->z.next_in = src->in;
    while (src->z.avail_in < n && !src->in_eof) {
        ssize_t got = read(src->fd, src->in + src->z.avail_in,
                           CHUNK - src->z.avail_in);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            src->error = LS_READ_ERROR;
            src->errnum = errno;
            return false;
        }
        src->in_eof = got == 0;
        src->z.avail_in += (uInt)got;
    }
    return true;
}

static bool at_gzip_magic(const byte_source *src)
{
    return src->z.avail_in >= 2 && src->z.next_in[0] == 0x1F &&
           src->z.next_in[1] == 0x8B;
}

/* Sets up src over the open fd (owned or not).  Returns false, with errno
 * set, when out of memory. */
static bool start_source(byte_source *src, int fd)
{
    *src = (byte_source){ .fd = fd };
    if (!(src->in = malloc(CHUNK))) {
        errno = ENOMEM;
        return false;
    }
    src->z.next_in = src->in;
    if (need_input(src, 2) && at_gzip_magic(src)) {
        src->gzip = true;
        /* 16 + 15: a gzip wrapper, the largest window. */
        if (inflateInit2(&src->z, 16 + 15) != Z_OK)
            src->error = LS_NO_MEMORY;
        src->inflating = src->error == LS_OK;
    }
    return true;
}

static void close_source(byte_source *src)
{
    if (src->inflating)
        inflateEnd(&src->z);
    free(src->in);
}

/* Inflates into out[0..room) (room > 0).  Returns the number of bytes
 * produced; 0 at the end of the data or on an error (then src->error).
 * Members are inflated one after another, as gunzip does; anything after the
 * last member that is not a gzip header is ignored, as zlib's gzread does. */
static size_t inflate_some(byte_source *src, char *out, size_t room)
{
    src->z.next_out = (Bytef *)out;
    src->z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
    uInt before = src->z.avail_out;
    while (src->z.avail_out == before && src->error == LS_OK) {
        if (src->z.avail_in == 0 && !need_input(src, 1))
            break;
        if (src->member_end) {
            if (!need_input(src, 2) || !at_gzip_magic(src))
                break;
            inflateReset(&src->z);
            src->member_end = false;
        }
        if (src->z.avail_in == 0) {
            src->error = LS_TRUNCATED;
            break;
        }
        int ret = inflate(&src->z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            src->member_end = true;
        } else if (ret == Z_MEM_ERROR) {
            src->error = LS_NO_MEMORY;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            /* Z_DATA_ERROR; Z_NEED_DICT cannot come with a gzip wrapper. */
            src->error = LS_CORRUPT;
            src->zmsg = src->z.msg ? src->z.msg : "invalid data";
        }
    }
    return before - src->z.avail_out;
}

/* Fills out[0..room) (room > 0) with the next bytes of the file.  Returns
 * how many; 0 at its end or on an error (then src->error). */
static size_t read_bytes(byte_source *src, char *out, size_t room)
{
    if (src->gzip)
        return inflate_some(src, out, room);
    if (src->error == LS_OK && src->z.avail_in == 0)
        need_input(src, 1);
    size_t n = src->z.avail_in < room ? src->z.avail_in : room;
    memcpy(out, src->z.next_in, n);
    src->z.next_in += n;
    src->z.avail_in -= (uInt)n;
    return n;
}

/* ---- Lines ------------------------------------------------------------ */

struct line_source {
    byte_source src;
    bool own_fd;
    bool stop_at_nul;
    char *buf;   /* buf[start..end) is read but not yet handed out */
    size_t cap;
    size_t start;
    size_t end;
    size_t scan; /* buf[start..scan) is known to hold no LF */
    bool eof;    /* the source has no more to give */
    size_t max;  /* longest line handed out, in bytes without the LF */
    bool dropping; /* the current line is longer: its bytes are dropped */
};

/* Makes room for CHUNK more bytes after buf[end], dropping the bytes already
 * handed out.  Returns false when out of memory. */
static bool make_room(line_source *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end >= CHUNK)
        return true;
    size_t want = r->cap ? 2 * r->cap : 4 * CHUNK;
    if (want < r->cap || want - r->end < CHUNK)
        return false;
    char *grown = realloc(r->buf, want);
    if (!grown)
        return false;
    r->buf = grown;
    r->cap = want;
    return true;
}

line_source_got line_source_next(line_source *r, char **line, size_t *len)
{
    for (;;) {
        char *lf = r->scan < r->end
                       ? memchr(r->buf + r->scan, '\n', r->end - r->scan)
                       : NULL;
        if (r->stop_at_nul && r->scan < r->end) {
            size_t upto = lf ? (size_t)(lf - r->buf) : r->end;
            if (memchr(r->buf + r->scan, '\0', upto - r->scan))
                return LS_NUL;
        }
        if (lf || (r->eof && (r->start < r->end || r->dropping))) {
            size_t stop = lf ? (size_t)(lf - r->buf) : r->end;
            *line = r->buf + r->start;
            *len = stop - r->start;
            r->start = r->scan = lf ? stop + 1 : stop;
            bool too_long = r->dropping || *len > r->max;
            if (too_long)
                *len = 0;
            r->dropping = false;
            return too_long ? LS_TOO_LONG : LS_LINE;
        }
        if (r->eof)
            return LS_END;
        if (r->end - r->start > r->max) { /* too long already: drop what is held */
            r->dropping = true;
            r->start = r->end;
        }
        r->scan = r->end;
        if (!make_room(r)) {
            r->src.error = LS_NO_MEMORY;
            return LS_END;
        }
        size_t n = read_bytes(&r->src, r->buf + r->end, r->cap - r->end);
        r->end += n;
        /* A line cut short by an error is not handed out. */
        if (r->src.error != LS_OK && n == 0)
            return LS_END;
        r->eof = n == 0;
    }
}

static line_source *open_on(int fd, bool own_fd, size_t max_line, bool stop_at_nul)
{
    line_source *r = calloc(1, sizeof *r);
    if (!r || !start_source(&r->src, fd)) {
        int e = errno;
        free(r);
        errno = e ? e : ENOMEM;
        return NULL;
    }
    r->own_fd = own_fd;
    r->stop_at_nul = stop_at_nul;
    r->max = max_line;
    return r;
}

line_source *line_source_open(const char *path, size_t max_line, bool refuse_dirs,
                              bool stop_at_nul)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (refuse_dirs && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return NULL;
    }
    line_source *r = open_on(fd, true, max_line, stop_at_nul);
    if (!r) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return r;
}

line_source *line_source_open_fd(int fd, size_t max_line, bool stop_at_nul)
{
    return open_on(fd, false, max_line, stop_at_nul);
}

line_source_error line_source_error_of(const line_source *s)
{
    return s->src.error;
}

int line_source_errno(const line_source *s)
{
    return s->src.errnum;
}

const char *line_source_zmsg(const line_source *s)
{
    return s->src.zmsg;
}

void line_source_close(line_source *s)
{
    if (!s)
        return;
    close_source(&s->src);
    if (s->own_fd)
        close(s->src.fd);
    free(s->buf);
    free(s);
}
