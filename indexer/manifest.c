/* manifest.c - file fingerprints and their metadata encoding. */
#include "indexer/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

int fingerprint_stat(const char *path, fingerprint *fp)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    fp->size = (unsigned long long)st.st_size;
    fp->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    fp->crc = 0;
    return 0;
}

int fingerprint_hash(const char *path, fingerprint *fp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    unsigned char buf[1 << 16];
    uLong crc = crc32(0L, Z_NULL, 0);
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        crc = crc32(crc, buf, (uInt)n);
    int saved = errno;
    close(fd);
    if (n < 0) {
        errno = saved;
        return -1;
    }
    fp->crc = crc;
    return 0;
}

char *manifest_key(const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return NULL;
    size_t n = strlen(MANIFEST_PREFIX) + strlen(abs) + 1;
    char *key = malloc(n);
    if (key)
        snprintf(key, n, "%s%s", MANIFEST_PREFIX, abs);
    free(abs);
    return key;
}

char *manifest_value(const fingerprint *fp, const char *source_key)
{
    size_t n = strlen(source_key) + 80;
    char *v = malloc(n);
    if (v)
        snprintf(v, n, "%llu %lld %lu %s", fp->size, fp->mtime_ns, fp->crc, source_key);
    return v;
}

int manifest_parse(const char *value, fingerprint *fp, const char **source_key)
{
    int used = 0;
    if (sscanf(value, "%llu %lld %lu %n", &fp->size, &fp->mtime_ns, &fp->crc, &used) != 3 ||
        used == 0 || !value[used])
        return -1;
    *source_key = value + used;
    return 0;
}
