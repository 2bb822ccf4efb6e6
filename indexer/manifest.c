/* manifest.c - file fingerprints and their metadata encoding. */
#include "indexer/manifest.h"

#include "common/schema.h"

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
    fp->retry = 0;
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

char *manifest_path(const char *path)
{
    return realpath(path, NULL);
}

/* Xapian refuses metadata keys over 255 bytes. */
enum { MAX_KEY = 240 };

char *manifest_key(const char *abs)
{
    size_t n = strlen(MANIFEST_PREFIX) + strlen(abs) + 1;
    char *key = malloc(n > 32 ? n : 32);
    if (!key)
        return NULL;
    if (n - 1 <= MAX_KEY) {
        snprintf(key, n, "%s%s", MANIFEST_PREFIX, abs);
        return key;
    }
    snprintf(key, 32, "%s#%016llx", MANIFEST_PREFIX, schema_fnv1a(abs));
    return key;
}

char *manifest_value(const fingerprint *fp, const char *source_key, const char *abs)
{
    size_t n = strlen(source_key) + strlen(abs) + 80;
    char *v = malloc(n);
    if (v)
        snprintf(v, n, "%s%llu %lld %lu %s\n%s", fp->retry ? "!" : "", fp->size, fp->mtime_ns, fp->crc, source_key,
                 abs);
    return v;
}

int manifest_mark_retry(char **value)
{
    if (**value == '!')
        return 0;
    size_t n = strlen(*value);
    char *v = malloc(n + 2);
    if (!v)
        return -1;
    v[0] = '!';
    memcpy(v + 1, *value, n + 1);
    free(*value);
    *value = v;
    return 0;
}

int manifest_parse(const char *value, fingerprint *fp, char **source_key, char **abs)
{
    int used = 0;
    *source_key = *abs = NULL;
    fp->retry = *value == '!';
    value += fp->retry;
    if (sscanf(value, "%llu %lld %lu %n", &fp->size, &fp->mtime_ns, &fp->crc, &used) != 3 ||
        used == 0)
        return -1;
    const char *key = value + used, *nl = strchr(key, '\n');
    if (!nl || nl == key || !nl[1])
        return -1;
    *source_key = strndup(key, (size_t)(nl - key));
    *abs = strdup(nl + 1);
    if (*source_key && *abs)
        return 0;
    free(*source_key);
    free(*abs);
    *source_key = *abs = NULL;
    return -1;
}
