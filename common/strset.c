/* strset.c - FNV-1a hashed open addressing with linear probing. */
#include "common/strset.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* key[0..len): a key need not end at len (strset_add takes a prefix). */
static strset_entry *find_slot(strset_entry *slots, size_t cap, const char *key, size_t len,
                               uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (slots[i].key && (slots[i].hash != hash || slots[i].len != len ||
                            memcmp(slots[i].key, key, len) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(strset *s)
{
    size_t cap = s->cap ? 2 * s->cap : 1024;
    strset_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].key)
            *find_slot(slots, cap, s->slots[i].key, s->slots[i].len, s->slots[i].hash) =
                s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

int strset_add(strset *s, const char *key, size_t len, unsigned value, unsigned *old)
{
    if (2 * (s->count + 1) > s->cap && grow(s) != 0)
        return -1;
    uint64_t hash = hash_key(key, len);
    strset_entry *e = find_slot(s->slots, s->cap, key, len, hash);
    if (e->key) {
        if (old)
            *old = e->value;
        return 0;
    }
    if (!(e->key = malloc(len + 1)))
        return -1;
    memcpy(e->key, key, len);
    e->key[len] = '\0';
    e->len = len;
    e->hash = hash;
    e->value = value;
    s->count++;
    return 1;
}

int strset_contains(const strset *s, const char *key)
{
    if (!s->cap)
        return 0;
    size_t len = strlen(key);
    return find_slot(s->slots, s->cap, key, len, hash_key(key, len))->key != NULL;
}

int strset_find(const strset *s, const char *key, unsigned *value)
{
    if (!s->cap)
        return 0;
    size_t len = strlen(key);
    const strset_entry *e = find_slot(s->slots, s->cap, key, len, hash_key(key, len));
    if (e->key)
        *value = e->value;
    return e->key != NULL;
}

void strset_free(strset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i].key);
    free(s->slots);
    memset(s, 0, sizeof *s);
}
