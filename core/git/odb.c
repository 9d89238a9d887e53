/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/odb.c -- Git objects read without libgit2 (odb.h says when and
 * why): loose files, and version-2 pack indexes with their packs, deltas
 * resolved through a small cache of bases.
 *
 * Every length and offset read from a file is checked against the file's
 * size before it is used, deltas are applied with bounds on both sides,
 * chains are followed iteratively to a bound, and an object's hash is
 * checked (unless the mirrors are trusted) before its bytes are handed
 * out. Whatever fails any of that is "not read here".
 */
#define _POSIX_C_SOURCE 200809L /* openat, fdopendir, O_CLOEXEC */

#include "core/git/odb.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/sha1.h"
#include "core/git/git_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Packs taken from one objects/pack (more: libgit2's to read). */
#define PACKS_MAX 256
/* Deltas followed from an object to its base (git's default --depth is
 * 50, gc --aggressive 250). */
#define CHAIN_MAX 512
/* An object in the middle of a chain, or a tree: no bigger than this. */
#define INNER_MAX ((size_t)64 << 20)
/* The base cache: slots, and bytes held by one odb. */
#define BASE_SLOTS 512
#define BASE_BYTES ((size_t)16 << 20)
/* A loose file bigger than this is libgit2's (deflate of max bytes never
 * needs more). */
#define LOOSE_SLACK ((size_t)1 << 16)

#define IDX_HEADER (8 + 256 * 4)

typedef struct pack {
  const unsigned char *idx;  /* mapped index */
  size_t idx_len;            /* its bytes */
  const unsigned char *data; /* mapped pack */
  size_t len;                /* its bytes */
  uint32_t n;                /* objects */
  uint32_t nlarge;           /* 64-bit offsets */
} pack;

typedef struct base_ent {
  uint32_t pack;       /* pack index + 1; 0: empty slot */
  uint64_t off;        /* the object's offset in it */
  odb_type type;       /* its type */
  size_t len;          /* its bytes */
  unsigned char *data; /* owned */
} base_ent;

struct odb {
  int objfd;         /* objects/, opened beneath the git directory */
  bool verify;       /* hash every object read */
  bool packs_loaded; /* objects/pack was listed */
  bool promisor;     /* it holds a promisor pack: a partial clone */
  pack *packs;       /* owned */
  size_t npacks;     /* packs taken */
  base_ent *bases;   /* owned: BASE_SLOTS, allocated on first use */
  size_t base_bytes; /* bytes held by bases */
  odb_stats stats;   /* counters */
  /* One inflate stream for every object read (stream()): set up once and
   * reset for each, so that zlib's state and window are not allocated
   * and freed per object (5% of a read-only pass). */
  z_stream z;
  bool zready; /* z was set up by inflateInit() */
};

const char *odb_type_name(odb_type t)
{
  switch (t) {
  case ODB_COMMIT:
    return "commit";
  case ODB_TREE:
    return "tree";
  case ODB_BLOB:
    return "blob";
  case ODB_TAG:
    return "tag";
  default:
    return "invalid";
  }
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

/* --- opening ----------------------------------------------------------- */

int odb_open(odb **out, int gd, bool verify)
{
  odb *o;
  int fd, alt;

  *out = NULL;
  fd = repo__open_beneath(gd, "objects", O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    return MLS_ERROR;
  }
  /* Objects of another repository are libgit2's to find. */
  alt = repo__open_beneath(fd, "info/alternates", O_RDONLY | O_NONBLOCK);
  if (alt >= 0 || (errno != ENOENT && errno != ENOTDIR)) {
    if (alt >= 0) {
      close(alt);
    }
    close(fd);
    return MLS_ERROR;
  }
  /* (O_DIRECTORY: fd is a directory, no fstat needed.) */
  if (!(o = mls_calloc(1, sizeof(*o)))) {
    close(fd);
    return MLS_ENOMEM;
  }
  o->objfd = fd;
  o->verify = verify;
  *out = o;
  return MLS_OK;
}

static void bases_clear(odb *o)
{
  if (!o->bases) {
    return;
  }
  for (size_t i = 0; i < BASE_SLOTS; i++) {
    mls_free(o->bases[i].data);
    o->bases[i].data = NULL;
    o->bases[i].pack = 0;
  }
  o->base_bytes = 0;
}

void odb_free(odb *o)
{
  if (!o) {
    return;
  }
  for (size_t i = 0; i < o->npacks; i++) {
    munmap((void *)(uintptr_t)o->packs[i].idx, o->packs[i].idx_len);
    munmap((void *)(uintptr_t)o->packs[i].data, o->packs[i].len);
  }
  mls_free(o->packs);
  bases_clear(o);
  mls_free(o->bases);
  if (o->zready) {
    inflateEnd(&o->z);
  }
  close(o->objfd);
  mls_free(o);
}

void odb_get_stats(const odb *o, odb_stats *out)
{
  *out = o->stats;
}

bool odb_is_partial(const odb *o)
{
  return o->packs_loaded && o->promisor;
}

/* Map the regular file `name` beneath dir, at least min bytes. */
static const unsigned char *map_file(int dir, const char *name, size_t min,
                                     size_t *len)
{
  struct stat st;
  void *p;
  int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0) {
    return NULL;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
      (uint64_t)st.st_size < min || (uint64_t)st.st_size > SIZE_MAX) {
    close(fd);
    return NULL;
  }
  p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    return NULL;
  }
  *len = (size_t)st.st_size;
  return p;
}

/* A version-2 index and its pack, checked against each other: header,
 * fan-out ascending, sizes that fit the count, the pack's object count. */
static bool pack_take(pack *p, int dir, const char *idx_name)
{
  char name[256];
  size_t n = strlen(idx_name), fixed;
  uint32_t prev = 0;

  memset(p, 0, sizeof(*p));
  if (n >= sizeof(name)) {
    return false;
  }
  if (!(p->idx = map_file(dir, idx_name, IDX_HEADER + 40, &p->idx_len))) {
    return false;
  }
  if (memcmp(p->idx, "\377tOc", 4) != 0 || be32(p->idx + 4) != 2) {
    goto fail;
  }
  for (size_t i = 0; i < 256; i++) {
    uint32_t v = be32(p->idx + 8 + 4 * i);
    if (v < prev) {
      goto fail;
    }
    prev = v;
  }
  p->n = prev;
  fixed = IDX_HEADER + (size_t)p->n * (REPO_OID_RAWSZ + 8) + 40;
  if ((uint64_t)IDX_HEADER + (uint64_t)p->n * (REPO_OID_RAWSZ + 8) + 40 >
          p->idx_len ||
      (p->idx_len - fixed) % 8 != 0 || (p->idx_len - fixed) / 8 > UINT32_MAX) {
    goto fail;
  }
  p->nlarge = (uint32_t)((p->idx_len - fixed) / 8);
  memcpy(name, idx_name, n - 4);
  memcpy(name + n - 4, ".pack", 6);
  if (!(p->data = map_file(dir, name, 12 + 20, &p->len))) {
    goto fail;
  }
  if (memcmp(p->data, "PACK", 4) != 0 ||
      (be32(p->data + 4) != 2 && be32(p->data + 4) != 3) ||
      be32(p->data + 8) != p->n) {
    goto fail;
  }
  return true;

fail:
  if (p->data) {
    munmap((void *)(uintptr_t)p->data, p->len);
  }
  munmap((void *)(uintptr_t)p->idx, p->idx_len);
  memset(p, 0, sizeof(*p));
  return false;
}

/* List objects/pack once. A pack that is not taken is left out: what it
 * holds is then not found here, and libgit2 reads it. */
static int packs_load(odb *o)
{
  DIR *dir;
  struct dirent *e;
  int fd;

  o->packs_loaded = true;
  fd =
      openat(o->objfd, "pack", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return MLS_OK;
  }
  if (!(dir = fdopendir(fd))) {
    close(fd);
    return MLS_OK;
  }
  while ((e = readdir(dir)) != NULL) {
    size_t n = strlen(e->d_name);
    pack p;
    if (n > 14 && strncmp(e->d_name, "pack-", 5) == 0 &&
        strcmp(e->d_name + n - 9, ".promisor") == 0) {
      o->promisor = true; /* git clone --filter: objects left out */
    }
    if (n < 9 || strncmp(e->d_name, "pack-", 5) != 0 ||
        strcmp(e->d_name + n - 4, ".idx") != 0 || o->npacks >= PACKS_MAX) {
      continue;
    }
    if (!pack_take(&p, dirfd(dir), e->d_name)) {
      continue;
    }
    if (o->npacks % 8 == 0) {
      pack *v = mls_realloc(o->packs, (o->npacks + 8) * sizeof(*v));
      if (!v) {
        munmap((void *)(uintptr_t)p.idx, p.idx_len);
        munmap((void *)(uintptr_t)p.data, p.len);
        closedir(dir);
        return MLS_ENOMEM;
      }
      o->packs = v;
    }
    o->packs[o->npacks++] = p;
  }
  closedir(dir);
  return MLS_OK;
}

/* Where id is in pack p: its offset, checked to lie inside the pack. */
static bool pack_find(const pack *p, const repo_oid *id, uint64_t *off)
{
  const unsigned char *fan = p->idx + 8, *names = p->idx + IDX_HEADER;
  const unsigned char *offs = names + (size_t)p->n * (REPO_OID_RAWSZ + 4);
  const unsigned char *large = offs + (size_t)p->n * 4;
  uint32_t b = id->id[0], lo = b ? be32(fan + 4 * (b - 1)) : 0;
  uint32_t hi = be32(fan + 4 * b);

  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c =
        memcmp(names + (size_t)mid * REPO_OID_RAWSZ, id->id, REPO_OID_RAWSZ);
    if (c == 0) {
      uint32_t v = be32(offs + (size_t)mid * 4);
      if (v & 0x80000000u) {
        v &= 0x7fffffffu;
        if (v >= p->nlarge) {
          return false;
        }
        *off = (uint64_t)be32(large + (size_t)v * 8) << 32 |
               be32(large + (size_t)v * 8 + 4);
      } else {
        *off = v;
      }
      return *off >= 12 && *off < p->len - 20;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

/* --- inflating and deltas ---------------------------------------------- */

/* o's inflate stream, ready for a new zlib stream; NULL when zlib cannot
 * set one up (out of memory). */
static z_stream *stream(odb *o)
{
  if (!o->zready) {
    memset(&o->z, 0, sizeof(o->z));
    if (inflateInit(&o->z) != Z_OK) {
      return NULL;
    }
    o->zready = true;
  } else if (inflateReset(&o->z) != Z_OK) {
    return NULL;
  }
  return &o->z;
}

/* Inflate a zlib stream from in (at most inlen bytes) into exactly size
 * bytes at out, with o's stream. */
static bool inflate_to(odb *o, unsigned char *out, size_t size,
                       const unsigned char *in, size_t inlen)
{
  z_stream *z = stream(o);

  if (!z) {
    return false;
  }
  z->next_in = (unsigned char *)(uintptr_t)in;
  z->avail_in = inlen > UINT32_MAX ? UINT32_MAX : (uInt)inlen;
  /* One spare byte: a stream longer than size does not end in it. */
  z->next_out = out;
  z->avail_out = (uInt)size + 1;
  return inflate(z, Z_FINISH) == Z_STREAM_END && z->total_out == size;
}

/* The most a zlib stream of n bytes inflates to (deflate's best ratio
 * is 1032:1, zlib's tech notes): a size announced past it is a lie, and
 * is refused before anything is allocated for it. */
static size_t inflate_bound(size_t n)
{
  return n > (SIZE_MAX - 64) / 1032 ? SIZE_MAX : n * 1032 + 64;
}

/* An allocation of size + 1 bytes for an object (the NUL sentinel, and
 * inflate_to()'s spare byte). */
static unsigned char *obj_alloc(size_t size)
{
  unsigned char *p = size < SIZE_MAX - 1 ? mls_malloc(size + 1) : NULL;
  if (p) {
    p[size] = '\0';
  }
  return p;
}

/* A delta's size varint. */
static bool delta_varint(const unsigned char **p, const unsigned char *end,
                         size_t *out)
{
  size_t v = 0;
  unsigned shift = 0;
  for (;;) {
    unsigned char c;
    if (*p >= end || shift > 56) {
      return false;
    }
    c = *(*p)++;
    v |= (size_t)(c & 0x7f) << shift;
    shift += 7;
    if (!(c & 0x80)) {
      break;
    }
  }
  *out = v;
  return true;
}

/* The target size a delta announces. */
static bool delta_sizes(const unsigned char *d, size_t len, size_t *src,
                        size_t *dst)
{
  const unsigned char *p = d, *end = d + len;
  return delta_varint(&p, end, src) && delta_varint(&p, end, dst);
}

/* Apply delta d to base into out (dst bytes, as delta_sizes() said). */
static bool delta_apply(unsigned char *out, size_t dst,
                        const unsigned char *base, size_t blen,
                        const unsigned char *d, size_t len)
{
  const unsigned char *p = d, *end = d + len;
  size_t src, want, at = 0;

  if (!delta_varint(&p, end, &src) || !delta_varint(&p, end, &want) ||
      src != blen || want != dst) {
    return false;
  }
  while (p < end) {
    unsigned char c = *p++;
    if (c & 0x80) {
      size_t off = 0, n = 0;
      for (unsigned i = 0; i < 4; i++) {
        if (c & (1u << i)) {
          if (p >= end) {
            return false;
          }
          off |= (size_t)*p++ << (8 * i);
        }
      }
      for (unsigned i = 0; i < 3; i++) {
        if (c & (0x10u << i)) {
          if (p >= end) {
            return false;
          }
          n |= (size_t)*p++ << (8 * i);
        }
      }
      if (n == 0) {
        n = 0x10000;
      }
      if (off > blen || n > blen - off || n > dst - at) {
        return false;
      }
      memcpy(out + at, base + off, n);
      at += n;
    } else if (c) {
      if (c > (size_t)(end - p) || c > dst - at) {
        return false;
      }
      memcpy(out + at, p, c);
      p += c;
      at += c;
    } else {
      return false; /* reserved */
    }
  }
  return at == dst;
}

/* --- pack entries ------------------------------------------------------ */

/* One entry's header at off: its pack type, inflated size, where its
 * data starts and, for a delta, its base's offset. */
typedef struct entry {
  unsigned type; /* 1-4 objects, 6 offset delta, 7 reference delta */
  uint64_t size; /* inflated bytes */
  uint64_t data; /* offset of the zlib stream */
  uint64_t base; /* a delta's base offset */
} entry;

static bool entry_at(const pack *p, uint64_t off, entry *e)
{
  const unsigned char *d = p->data;
  uint64_t end = p->len - 20, at = off;
  unsigned shift = 4;
  unsigned char c;

  if (off < 12 || off >= end) {
    return false;
  }
  c = d[at++];
  e->type = (c >> 4) & 7;
  e->size = c & 15;
  while (c & 0x80) {
    if (at >= end || shift > 57) {
      return false;
    }
    c = d[at++];
    e->size |= (uint64_t)(c & 0x7f) << shift;
    shift += 7;
  }
  if (e->type == 6) {
    uint64_t rel;
    if (at >= end) {
      return false;
    }
    c = d[at++];
    rel = c & 0x7f;
    for (unsigned i = 0; c & 0x80; i++) {
      if (at >= end || i >= 8) {
        return false;
      }
      c = d[at++];
      rel = ((rel + 1) << 7) | (c & 0x7f);
    }
    if (rel == 0 || rel > off - 12) {
      return false;
    }
    e->base = off - rel;
  } else if (e->type == 7) {
    repo_oid id;
    if (end - at < REPO_OID_RAWSZ) {
      return false;
    }
    memcpy(id.id, d + at, REPO_OID_RAWSZ);
    at += REPO_OID_RAWSZ;
    /* A thin pack's base elsewhere is libgit2's to find. */
    if (!pack_find(p, &id, &e->base) || e->base == off) {
      return false;
    }
  } else if (e->type < 1 || e->type > 4) {
    return false;
  }
  e->data = at;
  return at < end;
}

/* Inflate entry e (size bytes) of pack p into an allocation. */
static unsigned char *entry_inflate(odb *o, const pack *p, const entry *e)
{
  unsigned char *out;
  if (e->size > INNER_MAX + (size_t)MLS_MAX_BLOB_BYTES ||
      e->size > inflate_bound((size_t)(p->len - 20 - e->data)) ||
      !(out = obj_alloc((size_t)e->size))) {
    return NULL;
  }
  if (!inflate_to(o, out, (size_t)e->size, p->data + e->data,
                  (size_t)(p->len - 20 - e->data))) {
    mls_free(out);
    return NULL;
  }
  return out;
}

static base_ent *base_slot(odb *o, uint32_t pi, uint64_t off)
{
  uint64_t h = (off * 0x9e3779b97f4a7c15ull) ^ pi;
  return &o->bases[(h >> 32) % BASE_SLOTS];
}

static const base_ent *base_get(odb *o, uint32_t pi, uint64_t off)
{
  base_ent *b;
  if (!o->bases) {
    return NULL;
  }
  b = base_slot(o, pi, off);
  return b->pack == pi + 1 && b->off == off ? b : NULL;
}

/* Keep a copy of an object that served as a base (dropped when it does
 * not fit). */
static void base_put(odb *o, uint32_t pi, uint64_t off, odb_type type,
                     const unsigned char *data, size_t len)
{
  base_ent *b;
  unsigned char *copy;

  if (len > BASE_BYTES / 8) {
    return;
  }
  if (!o->bases && !(o->bases = mls_calloc(BASE_SLOTS, sizeof(*o->bases)))) {
    return;
  }
  b = base_slot(o, pi, off);
  if (b->data) {
    o->base_bytes -= b->len;
    mls_free(b->data);
    b->data = NULL;
    b->pack = 0;
  }
  if (o->base_bytes + len > BASE_BYTES) {
    bases_clear(o);
  }
  if (!(copy = mls_malloc(len + 1))) {
    return;
  }
  memcpy(copy, data, len);
  copy[len] = '\0';
  *b = (base_ent){ pi + 1, off, type, len, copy };
  o->base_bytes += len;
}

/* The object at off of pack pi, deltas applied: MLS_OK, ODB_TOO_BIG,
 * MLS_ENOMEM or MLS_ERROR. */
static int pack_read(odb *o, uint32_t pi, uint64_t off, size_t max,
                     odb_obj *out)
{
  const pack *p = &o->packs[pi];
  uint64_t chain[CHAIN_MAX];
  size_t depth = 0, len, dst = 0, src = 0;
  entry e;
  unsigned char *cur = NULL;
  odb_type type;
  const base_ent *hit = NULL;
  uint64_t bottom = off;

  /* Down the chain to a whole object or a cached base. */
  for (uint64_t at = off;;) {
    if (at != off && (hit = base_get(o, pi, at)) != NULL) {
      o->stats.base_hits++;
      break;
    }
    if (!entry_at(p, at, &e)) {
      return MLS_ERROR;
    }
    if (e.type != 6 && e.type != 7) {
      bottom = at;
      break;
    }
    if (depth == CHAIN_MAX) {
      return MLS_ERROR;
    }
    chain[depth++] = at;
    at = e.base;
  }
  if (hit) {
    type = hit->type;
    len = hit->len;
  } else {
    type = (odb_type)e.type;
    len = (size_t)e.size;
    if (depth == 0 && e.size > max) {
      /* A whole object: its size is known before anything is inflated. */
      out->type = type;
      out->size = (size_t)e.size;
      return ODB_TOO_BIG;
    }
    if (depth > 0 && e.size > INNER_MAX) {
      return MLS_ERROR;
    }
    if (!(cur = entry_inflate(o, p, &e))) {
      return MLS_ERROR;
    }
    if (depth > 0) {
      base_put(o, pi, bottom, type, cur, len); /* a base: kept */
    }
  }
  /* Back up the chain, one delta at a time. */
  while (depth > 0) {
    uint64_t at = chain[--depth];
    const unsigned char *from = cur ? cur : hit->data;
    unsigned char *delta, *next;
    bool ok;
    if (!entry_at(p, at, &e) || !(delta = entry_inflate(o, p, &e))) {
      mls_free(cur);
      return MLS_ERROR;
    }
    /* Each instruction (a byte at least) writes at most 16 MB (a copy
     * of 24-bit size): a target size past that is a lie, refused before
     * it is allocated. */
    if (!delta_sizes(delta, (size_t)e.size, &src, &dst) || src != len ||
        dst > (depth == 0 ? max : INNER_MAX) ||
        dst / 0xffffff > (size_t)e.size) {
      bool big = depth == 0 && src == len && dst > max;
      mls_free(delta);
      mls_free(cur);
      if (big) {
        out->type = type;
        out->size = dst;
        return ODB_TOO_BIG;
      }
      return MLS_ERROR;
    }
    if (!(next = obj_alloc(dst))) {
      mls_free(delta);
      mls_free(cur);
      return MLS_ENOMEM;
    }
    ok = delta_apply(next, dst, from, len, delta, (size_t)e.size);
    mls_free(delta);
    mls_free(cur);
    hit = NULL; /* from here on the base is cur; the cache may change */
    if (!ok) {
      mls_free(next);
      return MLS_ERROR;
    }
    cur = next;
    len = dst;
    if (depth > 0) {
      base_put(o, pi, at, type, cur, len); /* the next delta's base */
    }
  }
  if (!cur) {
    /* off itself is never looked up in the cache: a chain of one or
     * more deltas always ends in cur. */
    return MLS_ERROR;
  }
  out->type = type;
  out->size = len;
  out->data = cur;
  return MLS_OK;
}

/* --- loose objects ----------------------------------------------------- */

/* The header "<type> <size>\0" of a loose object, in its first n bytes. */
static bool loose_header(const unsigned char *h, size_t n, odb_type *type,
                         size_t *size, size_t *hlen)
{
  static const struct {
    const char *name;
    size_t len;
    odb_type type;
  } kinds[] = { { "blob ", 5, ODB_BLOB },
                { "tree ", 5, ODB_TREE },
                { "commit ", 7, ODB_COMMIT },
                { "tag ", 4, ODB_TAG } };
  size_t i = 0, v = 0;

  for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    if (n >= kinds[k].len && memcmp(h, kinds[k].name, kinds[k].len) == 0) {
      *type = kinds[k].type;
      i = kinds[k].len;
      break;
    }
  }
  if (i == 0 || i >= n || h[i] < '0' || h[i] > '9' ||
      (h[i] == '0' && i + 1 < n && h[i + 1] != '\0')) {
    return false;
  }
  for (; i < n && h[i] >= '0' && h[i] <= '9'; i++) {
    if (v > (SIZE_MAX - 9) / 10) {
      return false;
    }
    v = v * 10 + (size_t)(h[i] - '0');
  }
  if (i >= n || h[i] != '\0') {
    return false;
  }
  *size = v;
  *hlen = i + 1;
  return true;
}

/* A compressed loose object this small (most trees, commits and
 * configuration files) is read into the stack: no fstat, no allocation. */
#define LOOSE_STACK_BYTES ((size_t)16 << 10)

static int loose_read(odb *o, const repo_oid *id, size_t max, odb_obj *out)
{
  char hex[REPO_OID_HEXSZ + 1], name[REPO_OID_HEXSZ + 2];
  char stack[LOOSE_STACK_BYTES];
  unsigned char head[64], *all = NULL;
  char *file = NULL;
  const unsigned char *in;
  size_t len = 0, size = 0, hlen = 0, got;
  size_t bound = INNER_MAX + LOOSE_SLACK;
  odb_type type = ODB_NONE;
  bool oom = false;
  repo_read_rc rr;
  z_stream *z;
  int rc = MLS_ERROR, zr;

  repo_oid_fmt(hex, id);
  memcpy(name, hex, 2);
  name[2] = '/';
  memcpy(name + 3, hex + 2, REPO_OID_HEXSZ - 2 + 1);
  /* Compressed, the object is at most max and a little. */
  if (max < bound - LOOSE_SLACK) {
    bound = max + LOOSE_SLACK;
  }
  /* Into the stack when it fits; a bigger file (or anything the small read
   * is unsure of) is read again, sized by fstat, as before. */
  rr = repo__read_beneath(o->objfd, name,
                          bound < LOOSE_STACK_BYTES - 1 ? bound
                                                        : LOOSE_STACK_BYTES - 1,
                          stack, NULL, &len, NULL);
  if (rr == REPO_READ_UNSURE) {
    rr = repo__read_beneath(o->objfd, name, bound, NULL, &file, &len, &oom);
  }
  if (rr != REPO_READ_FOUND) {
    return oom ? MLS_ENOMEM : MLS_ERROR;
  }
  in = (const unsigned char *)(file ? file : stack);
  if (len == 0) {
    goto done;
  }
  /* One pass: the header into head, for the type and size, then the rest
   * of the same stream after it. */
  if (!(z = stream(o))) {
    goto done;
  }
  z->next_in = (unsigned char *)(uintptr_t)in;
  z->avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
  z->next_out = head;
  z->avail_out = sizeof(head);
  zr = inflate(z, Z_SYNC_FLUSH);
  if ((zr != Z_OK && zr != Z_STREAM_END) ||
      !loose_header(head, z->total_out, &type, &size, &hlen)) {
    goto done;
  }
  if (size > max) {
    out->type = type;
    out->size = size;
    rc = ODB_TOO_BIG;
    goto done;
  }
  if (size > inflate_bound(len)) {
    goto done; /* more than these bytes can inflate to: not allocated */
  }
  got = z->total_out;
  if (got > hlen + size || !(all = obj_alloc(hlen + size))) {
    rc = got > hlen + size ? MLS_ERROR : MLS_ENOMEM;
    goto done; /* (a stream longer than its header says is refused) */
  }
  memcpy(all, head, got);
  if (zr != Z_STREAM_END) {
    /* One spare byte: a stream longer than size does not end in it. */
    z->next_out = all + got;
    z->avail_out = (uInt)(hlen + size - got) + 1;
    zr = inflate(z, Z_FINISH);
  }
  if (zr != Z_STREAM_END || z->total_out != hlen + size) {
    goto done;
  }
  if (o->verify) {
    unsigned char d[MLS_SHA1_BYTES];
    mls_sha1 s;
    mls_sha1_init(&s);
    mls_sha1_update(&s, all, hlen + size);
    mls_sha1_final(&s, d);
    if (memcmp(d, id->id, REPO_OID_RAWSZ) != 0) {
      goto done;
    }
  }
  memmove(all, all + hlen, size + 1);
  out->type = type;
  out->size = size;
  out->data = all;
  all = NULL;
  o->stats.loose++;
  rc = MLS_OK;

done:
  mls_free(all);
  mls_free(file);
  return rc;
}

/* --- trees ------------------------------------------------------------ */

/* libgit2 1.5's normalize_filemode() (tree.c): what
 * git_tree_entry_filemode() returns for a stored mode. */
static unsigned mode_norm(unsigned m)
{
  if ((m & 0170000) == 0040000) {
    return 0040000; /* a tree */
  }
  if (m & 0100) {
    return 0100755; /* an executable blob */
  }
  if ((m & 0170000) == 0160000) {
    return 0160000; /* a gitlink */
  }
  if ((m & 0170000) == 0120000) {
    return 0120000; /* a symbolic link */
  }
  return 0100644;
}

bool odb_tree_next(const unsigned char *p, size_t len, size_t *at,
                   odb_tree_ent *e)
{
  size_t i = *at, digits = 0;
  unsigned m = 0;
  const unsigned char *nul;

  if (i >= len) {
    return false;
  }
  for (; i < len && p[i] >= '0' && p[i] <= '7'; i++) {
    if (++digits > 7) {
      return false;
    }
    m = m * 8 + (unsigned)(p[i] - '0');
  }
  if (digits == 0 || m > 0xffffu || i >= len || p[i] != ' ') {
    return false;
  }
  i++;
  if (!(nul = memchr(p + i, '\0', len - i))) {
    return false;
  }
  e->name = (const char *)p + i;
  e->n = (size_t)(nul - (p + i));
  if (e->n == 0 || e->n > 0xffffu) {
    return false;
  }
  i += e->n + 1;
  if (len - i < REPO_OID_RAWSZ) {
    return false;
  }
  memcpy(e->id.id, p + i, REPO_OID_RAWSZ);
  e->raw = m;
  e->mode = mode_norm(m);
  *at = i + REPO_OID_RAWSZ;
  return true;
}

bool odb_tree_valid(const unsigned char *p, size_t len)
{
  size_t at = 0;
  odb_tree_ent e;
  while (at < len) {
    if (!odb_tree_next(p, len, &at, &e)) {
      return false;
    }
  }
  return true;
}

/* --- reading ----------------------------------------------------------- */

static bool hash_ok(const odb *o, const repo_oid *id, const odb_obj *obj)
{
  char hdr[48], digits[24];
  const char *name;
  unsigned char d[MLS_SHA1_BYTES];
  mls_sha1 s;
  size_t n, nd = 0, size = obj->size;

  if (!o->verify) {
    return true;
  }
  /* "<type> <size>\0", formatted by hand: snprintf cost as much as
   * hashing a small blob. */
  name = odb_type_name(obj->type);
  n = strlen(name);
  memcpy(hdr, name, n);
  hdr[n++] = ' ';
  do {
    digits[nd++] = (char)('0' + size % 10);
    size /= 10;
  } while (size);
  while (nd) {
    hdr[n++] = digits[--nd];
  }
  hdr[n++] = '\0';
  mls_sha1_init(&s);
  mls_sha1_update(&s, hdr, n); /* with its NUL */
  mls_sha1_update(&s, obj->data, obj->size);
  mls_sha1_final(&s, d);
  return memcmp(d, id->id, REPO_OID_RAWSZ) == 0;
}

int odb_read(odb *o, const repo_oid *id, size_t max, odb_obj *out)
{
  return odb_read_ex(o, id, max, 0, out);
}

int odb_read_ex(odb *o, const repo_oid *id, size_t max, unsigned flags,
                odb_obj *out)
{
  int rc;

  MLS_ASSERT_ARG(o && id && out);
  memset(out, 0, sizeof(*out));
  if (flags & ODB_LOOSE_FIRST) {
    rc = loose_read(o, id, max, out);
    if (rc != MLS_ERROR) {
      return rc;
    }
    memset(out, 0, sizeof(*out));
  }
  if (!o->packs_loaded && (rc = packs_load(o)) < 0) {
    return rc;
  }
  for (size_t i = 0; i < o->npacks; i++) {
    uint64_t off;
    if (!pack_find(&o->packs[i], id, &off)) {
      continue;
    }
    rc = pack_read(o, (uint32_t)i, off, max, out);
    if (rc == MLS_OK && !hash_ok(o, id, out)) {
      mls_free(out->data);
      memset(out, 0, sizeof(*out));
      return MLS_ERROR;
    }
    if (rc == MLS_OK) {
      o->stats.packed++;
    }
    return rc;
  }
  return flags & ODB_LOOSE_FIRST ? MLS_ERROR : loose_read(o, id, max, out);
}
