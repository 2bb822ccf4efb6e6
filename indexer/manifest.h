/* manifest.h - what the index knows about each source file it holds, so an
 * incremental update re-reads only files whose size, mtime or content
 * changed.  Kept in the index's metadata, one key per file:
 *
 *   quarry.file:/absolute/path  ->  "SIZE MTIME_NS CRC32 SOURCE_KEY\n/absolute/path"
 *
 * (a path too long for a Xapian metadata key is keyed by its 64-bit hash,
 * "quarry.file:#0123456789abcdef"; the value always holds the path;
 * a value starting with "!" marks a file read with errors, a line or a
 * passage refused: it is read again, and its errors reported, every run)
 * and written in the same commit as the file's passages, so an update that
 * dies half-way leaves no entry claiming work that was not done. */
#ifndef QUARRY_MANIFEST_H
#define QUARRY_MANIFEST_H

#define MANIFEST_PREFIX "quarry.file:"

typedef struct fingerprint {
    unsigned long long size;
    long long mtime_ns;
    unsigned long crc;   /* zlib crc32 of the content; 0 until hashed */
    int retry;           /* read with errors: read it again next run */
} fingerprint;

/* Fills size and mtime from stat(2); 0, or -1 with errno. */
int fingerprint_stat(const char *path, fingerprint *fp);

/* Fills crc by reading the file; 0, or -1 with errno. */
int fingerprint_hash(const char *path, fingerprint *fp);

/* The absolute, symlink-free path of path: malloc'd, or NULL (errno set). */
char *manifest_path(const char *path);

/* The metadata key of the file at absolute path abs: malloc'd, or NULL. */
char *manifest_key(const char *abs);

/* The metadata value for fp, source_key and abs: malloc'd, or NULL. */
char *manifest_value(const fingerprint *fp, const char *source_key, const char *abs);

/* Marks the malloc'd value *value for a retry ("!" in front): 0, or -1 out
 * of memory (*value unchanged). */
int manifest_mark_retry(char **value);

/* Parses a value into fp and malloc'd *source_key and *abs (the caller
 * frees both).  0, or -1 if malformed or out of memory. */
int manifest_parse(const char *value, fingerprint *fp, char **source_key, char **abs);

#endif
