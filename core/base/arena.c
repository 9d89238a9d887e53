/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/arena.c -- bump allocator over a list of chunks.
 *
 * Chunks grow geometrically from 4 KB to 1 MB so a tiny file costs one small
 * allocation and a large one a few dozen. Requests larger than a quarter of
 * the chunk size get a chunk of their own so they never waste the tail of
 * the current one. Every allocation is 16-byte aligned (max_align_t on the
 * platforms we build on).
 */
#include "core/base/arena.h"

#include "core/base/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#define ALIGN       ((size_t)alignof(max_align_t))
#define FIRST_CHUNK ((size_t)4096)
#define MAX_CHUNK   ((size_t)1 << 20)

typedef struct chunk {
  struct chunk *next; /* owned: older chunk */
  size_t size;        /* usable bytes after the header */
  size_t used;        /* bytes handed out */
  alignas(max_align_t) unsigned char data[];
} chunk;

struct mls_arena {
  chunk *head;       /* owned: newest chunk, allocations come from it */
  size_t cap;        /* most bytes this arena may hand out */
  size_t total;      /* bytes handed out (plus chunk slack) */
  size_t next_chunk; /* size of the next chunk to allocate */
  bool failed;       /* sticky: an allocation failed */
  bool capped;       /* the failure was the byte cap */
#ifdef MLS_ARENA_DEBUG
  void **blocks;    /* owned: every block, one mls_malloc each */
  size_t nblocks;   /* entries used in blocks */
  size_t capblocks; /* entries allocated in blocks */
#endif
};

mls_arena *mls_arena_new(size_t cap_bytes)
{
  mls_arena *a = mls_calloc(1, sizeof(*a));
  if (a) {
    a->cap = cap_bytes;
    a->next_chunk = FIRST_CHUNK;
  }
  return a;
}

void mls_arena_hint(mls_arena *a, size_t bytes)
{
  if (bytes > MAX_CHUNK) {
    bytes = MAX_CHUNK;
  }
  if (bytes > a->next_chunk) {
    a->next_chunk = bytes;
  }
}

bool mls_arena_failed(const mls_arena *a)
{
  return a->failed;
}

bool mls_arena_capped(const mls_arena *a)
{
  return a->capped;
}

size_t mls_arena_used(const mls_arena *a)
{
  return a->total;
}

#ifdef MLS_ARENA_DEBUG
size_t mls_arena_footprint(const mls_arena *a)
{
  return sizeof(*a) + a->total + a->capblocks * sizeof(void *);
}
#else
size_t mls_arena_footprint(const mls_arena *a)
{
  size_t n = sizeof(*a);
  for (const chunk *c = a->head; c; c = c->next) {
    n += sizeof(*c) + c->size;
  }
  return n;
}
#endif

#ifdef MLS_ARENA_DEBUG
void *mls_arena_alloc(mls_arena *a, size_t n)
{
  void *p;
  if (a->failed || n > a->cap - a->total) {
    a->capped = a->capped || (!a->failed && n > a->cap - a->total);
    a->failed = true;
    return NULL;
  }
  if (a->nblocks == a->capblocks) {
    size_t ncap = a->capblocks ? a->capblocks * 2 : 64, bytes;
    void **nb;
    if (!mls_mul_sz(&bytes, ncap, sizeof(void *)) ||
        !(nb = mls_realloc(a->blocks, bytes))) {
      a->failed = true;
      return NULL;
    }
    a->blocks = nb;
    a->capblocks = ncap;
  }
  if (!(p = mls_malloc(n))) {
    a->failed = true;
    return NULL;
  }
  a->blocks[a->nblocks++] = p;
  a->total += n;
  return p;
}

void mls_arena_free(mls_arena *a)
{
  if (!a) {
    return;
  }
  mls_arena_reset(a);
  mls_free(a->blocks);
  mls_free(a);
}

void mls_arena_reset(mls_arena *a)
{
  for (size_t i = 0; i < a->nblocks; i++) {
    mls_free(a->blocks[i]);
  }
  a->nblocks = 0;
  a->total = 0;
  a->failed = false;
  a->capped = false;
}
#else
void *mls_arena_alloc(mls_arena *a, size_t n)
{
  chunk *c = a->head;
  size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);

  if (a->failed || need < n || need > a->cap - a->total) {
    a->capped = a->capped || !a->failed;
    a->failed = true;
    return NULL;
  }
  if (!c || c->size - c->used < need) {
    size_t size = a->next_chunk, bytes;
    if (need > size / 4) {
      size = need; /* big request: a chunk of its own */
    } else if (a->next_chunk < MAX_CHUNK) {
      a->next_chunk *= 2;
    }
    if (!mls_add_sz(&bytes, sizeof(chunk), size) || !(c = mls_malloc(bytes))) {
      a->failed = true;
      return NULL;
    }
    c->size = size;
    c->used = 0;
    if (size == need && a->head) {
      /* Keep filling the current chunk: slot the big one behind it. */
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  return p;
}

void mls_arena_free(mls_arena *a)
{
  if (!a) {
    return;
  }
  chunk *c = a->head;
  while (c) {
    chunk *next = c->next;
    mls_free(c);
    c = next;
  }
  mls_free(a);
}

void mls_arena_reset(mls_arena *a)
{
  chunk *c = a->head;
  if (c) {
    chunk *rest = c->next;
    while (rest) {
      chunk *next = rest->next;
      mls_free(rest);
      rest = next;
    }
    c->next = NULL;
    c->used = 0;
  }
  a->total = 0;
  a->failed = false;
  a->capped = false;
}
#endif

void *mls_arena_zalloc(mls_arena *a, size_t n)
{
  void *p = mls_arena_alloc(a, n);
  if (p) {
    memset(p, 0, n);
  }
  return p;
}

void *mls_arena_memdup(mls_arena *a, const void *p, size_t n)
{
  void *d = mls_arena_alloc(a, n ? n : 1);
  if (d && n) {
    memcpy(d, p, n);
  }
  return d;
}

char *mls_arena_strndup(mls_arena *a, const char *s, size_t n)
{
  size_t bytes;
  char *d;
  if (!mls_add_sz(&bytes, n, 1)) {
    a->failed = true;
    return NULL;
  }
  if ((d = mls_arena_alloc(a, bytes))) {
    if (n) {
      memcpy(d, s, n);
    }
    d[n] = '\0';
  }
  return d;
}
