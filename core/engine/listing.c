/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/listing.c -- a tree walk's listing as cache bytes, and back.
 *
 * Stage: repo job (see listing.h). The value is untrusted input, as every
 * cache value: each count is checked against the bytes left, each path
 * against MLS_MAX_PATH_BYTES, and each array must come sorted, since the
 * reader binary-searches it.
 *
 * Layout: "MLSL", u32 version (little-endian), then three sections, each
 * a varint count and its entries. A path is front-coded against the
 * previous path of its section: varint bytes shared, varint length of the
 * rest, the rest. A file: path, kind byte, 20-byte blob id. A directory:
 * path, 20-byte tree id. A note: varint -rc, severity byte, path, varint
 * message length, message. A varint is LEB128, at most 32 bits.
 */
#include "core/engine/listing.h"

#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stddef.h>
#include <string.h>

#define LISTING_VERSION 1u

_Static_assert(offsetof(listing_file, path) == 0, "path first");
_Static_assert(offsetof(listing_dir, path) == 0, "path first");
_Static_assert(offsetof(listing_note, path) == 0, "path first");

/* --- encode ------------------------------------------------------------ */

/* path front-coded against prev (NULL: none); MLS_EINPUT unless path is
 * non-empty, bounded and after prev (or equal, when `repeat`). */
static int put_path(mls_buf *b, const char *prev, const char *path, bool repeat)
{
  size_t n = path ? strlen(path) : 0, shared = 0;
  int rc, c = prev ? strcmp(prev, path ? path : "") : -1;

  if (!path || n == 0 || n > MLS_MAX_PATH_BYTES || c > 0 ||
      (c == 0 && !repeat)) {
    return MLS_EINPUT;
  }
  while (prev && prev[shared] && prev[shared] == path[shared]) {
    shared++;
  }
  if ((rc = mls_buf_put_varint(b, (uint32_t)shared)) < 0 ||
      (rc = mls_buf_put_varint(b, (uint32_t)(n - shared))) < 0) {
    return rc;
  }
  return mls_buf_put(b, path + shared, n - shared);
}

int listing_encode(mls_buf *out, const listing *l)
{
  unsigned char v[4] = { LISTING_VERSION, 0, 0, 0 };
  const char *prev = NULL;
  int rc = mls_buf_put(out, "MLSL", 4);

  rc = rc < 0 ? rc : mls_buf_put(out, v, 4);
  rc = rc < 0 ? rc : mls_buf_put_varint(out, (uint32_t)l->nfiles);
  for (size_t i = 0; i < l->nfiles && rc >= 0; i++) {
    const listing_file *f = &l->files[i];
    unsigned char k = (unsigned char)f->kind;
    rc = put_path(out, prev, f->path, false);
    rc = rc < 0 ? rc : mls_buf_put(out, &k, 1);
    rc = rc < 0 ? rc : mls_buf_put(out, f->id.id, REPO_OID_RAWSZ);
    prev = f->path;
  }
  prev = NULL;
  rc = rc < 0 ? rc : mls_buf_put_varint(out, (uint32_t)l->ndirs);
  for (size_t i = 0; i < l->ndirs && rc >= 0; i++) {
    rc = put_path(out, prev, l->dirs[i].path, false);
    rc = rc < 0 ? rc : mls_buf_put(out, l->dirs[i].id.id, REPO_OID_RAWSZ);
    prev = l->dirs[i].path;
  }
  prev = NULL;
  rc = rc < 0 ? rc : mls_buf_put_varint(out, (uint32_t)l->nnotes);
  for (size_t i = 0; i < l->nnotes && rc >= 0; i++) {
    const listing_note *e = &l->notes[i];
    unsigned char sev = (unsigned char)e->sev;
    size_t mlen = e->message ? strlen(e->message) : 0;
    if (e->rc > 0 || e->rc < MLS_RC_FLOOR || (unsigned)e->sev > MLS_SEV_NOTE ||
        !e->message || mlen > MLS_MAX_STRING_BYTES) {
      return MLS_EINPUT;
    }
    rc = mls_buf_put_varint(out, (uint32_t)-e->rc);
    rc = rc < 0 ? rc : mls_buf_put(out, &sev, 1);
    rc = rc < 0 ? rc : put_path(out, prev, e->path, true);
    rc = rc < 0 ? rc : mls_buf_put_varint(out, (uint32_t)mlen);
    rc = rc < 0 ? rc : mls_buf_put(out, e->message, mlen);
    prev = e->path;
  }
  return rc;
}

/* --- decode ------------------------------------------------------------ */

typedef struct reader {
  const unsigned char *p;
  size_t left;
  bool bad; /* sticky */
} reader;

static const unsigned char *get_bytes(reader *r, size_t n)
{
  const unsigned char *p = r->p;
  if (r->bad || r->left < n) {
    r->bad = true;
    return NULL;
  }
  r->p += n;
  r->left -= n;
  return p;
}

/* The next front-coded path, after prev (or equal to it, when `repeat`),
 * into a; NULL for a bad value. */
static const char *get_path(reader *r, const char *prev, bool repeat,
                            mls_arena *a)
{
  uint32_t shared = mls_varint_get(&r->p, &r->left, &r->bad),
           rest = mls_varint_get(&r->p, &r->left, &r->bad);
  size_t plen = prev ? strlen(prev) : 0;
  const unsigned char *p;
  char *s;
  int c;

  if (r->bad || shared > plen || rest > MLS_MAX_PATH_BYTES - shared ||
      shared + rest == 0 || !(p = get_bytes(r, rest)) ||
      memchr(p, '\0', rest) || !(s = mls_arena_alloc(a, shared + rest + 1))) {
    r->bad = true;
    return NULL;
  }
  if (shared > 0) { /* prev may be NULL only when nothing is shared */
    memcpy(s, prev, shared);
  }
  memcpy(s + shared, p, rest);
  s[shared + rest] = '\0';
  c = prev ? strcmp(prev, s) : -1;
  if (c > 0 || (c == 0 && !repeat)) {
    r->bad = true;
    return NULL;
  }
  return s;
}

/* A section's count and room in a for its entries of `size` bytes, each
 * taking at least `min` bytes of the value: a count the bytes left cannot
 * hold, or over max, is a bad value, refused before anything is
 * allocated. NULL for no entries; *rc says whether that is an error. */
static void *get_section(reader *r, size_t min, uint32_t max, size_t size,
                         mls_arena *a, uint32_t *n, int *rc)
{
  void *v = NULL;
  *n = mls_varint_get(&r->p, &r->left, &r->bad);
  *rc = MLS_OK;
  if (r->bad || *n > r->left / min || *n > max) {
    *rc = MLS_EINPUT;
  } else if (*n && !(v = mls_arena_alloc(a, (size_t)*n * size))) {
    *rc = MLS_ENOMEM;
  }
  return v;
}

int listing_decode(listing *out, const void *bytes, size_t len, mls_arena *a)
{
  reader r = { bytes, len, false };
  const unsigned char *hdr = get_bytes(&r, 8);
  listing_file *files = NULL;
  listing_dir *dirs = NULL;
  listing_note *notes = NULL;
  const char *prev = NULL;
  uint32_t n;
  int rc;

  memset(out, 0, sizeof(*out));
  if (!hdr || memcmp(hdr, "MLSL", 4) != 0 || hdr[4] != LISTING_VERSION ||
      hdr[5] || hdr[6] || hdr[7]) {
    return MLS_EINPUT;
  }
  /* A file takes at least 2 + 1 + 1 + 20 bytes, a directory 23, a note 5. */
  if (!(files = get_section(&r, 24, UINT32_MAX, sizeof(*files), a, &n, &rc)) &&
      rc < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    const unsigned char *k;
    const unsigned char *id;
    files[i].path = get_path(&r, prev, false, a);
    k = get_bytes(&r, 1);
    id = get_bytes(&r, REPO_OID_RAWSZ);
    if (r.bad || !files[i].path || *k > WALK_TEMPLATE) {
      return MLS_EINPUT;
    }
    files[i].kind = (walk_kind)*k;
    memcpy(files[i].id.id, id, REPO_OID_RAWSZ);
    prev = files[i].path;
  }
  out->files = files;
  out->nfiles = n;
  prev = NULL;
  if (!(dirs = get_section(&r, 23, UINT32_MAX, sizeof(*dirs), a, &n, &rc)) &&
      rc < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    const unsigned char *id;
    dirs[i].path = get_path(&r, prev, false, a);
    id = get_bytes(&r, REPO_OID_RAWSZ);
    if (r.bad || !dirs[i].path) {
      return MLS_EINPUT;
    }
    memcpy(dirs[i].id.id, id, REPO_OID_RAWSZ);
    prev = dirs[i].path;
  }
  out->dirs = dirs;
  out->ndirs = n;
  prev = NULL;
  if (!(notes = get_section(&r, 5, MLS_MAX_DIAGS_KEPT, sizeof(*notes), a, &n,
                            &rc)) &&
      rc < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t neg = mls_varint_get(&r.p, &r.left, &r.bad), mlen;
    const unsigned char *sev = get_bytes(&r, 1), *m;
    char *msg;
    notes[i].path = get_path(&r, prev, true, a);
    mlen = mls_varint_get(&r.p, &r.left, &r.bad);
    if (r.bad || !notes[i].path || neg > (uint32_t)-MLS_RC_FLOOR ||
        *sev > MLS_SEV_NOTE || mlen > MLS_MAX_STRING_BYTES ||
        !(m = get_bytes(&r, mlen)) || memchr(m, '\0', mlen)) {
      return MLS_EINPUT;
    }
    if (!(msg = mls_arena_alloc(a, (size_t)mlen + 1))) {
      return MLS_ENOMEM;
    }
    memcpy(msg, m, mlen);
    msg[mlen] = '\0';
    notes[i].rc = -(int)neg;
    notes[i].sev = (mls_severity)*sev;
    notes[i].message = msg;
    prev = notes[i].path;
  }
  out->notes = notes;
  out->nnotes = n;
  if (r.left != 0) {
    memset(out, 0, sizeof(*out));
    return MLS_EINPUT;
  }
  return MLS_OK;
}

/* --- lookups ----------------------------------------------------------- */

static const char *path_at(const void *v, size_t stride, size_t i)
{
  return *(const char *const *)(const void *)((const char *)v + i * stride);
}

/* Entries of `stride` bytes, each starting with its path (const char *),
 * sorted: the first whose path is >= key. With a hint (the answer of the
 * previous search of the same array, *hint <= n), a key at or after it is
 * found by galloping forward from there, so a walk that looks up paths in
 * ascending order pays a few comparisons a lookup instead of log2(n); a
 * key before it falls back to the binary search below the hint. The
 * answer does not depend on the hint; *hint is set to it. */
static size_t lower_bound(const void *v, size_t n, size_t stride,
                          const char *key, size_t *hint)
{
  size_t lo = 0, hi = n;

  if (hint && *hint <= n) {
    size_t h = *hint;
    if (h > 0 && strcmp(path_at(v, stride, h - 1), key) >= 0) {
      hi = h - 1; /* the answer is at or before h - 1 */
    } else {
      size_t step = 1;
      lo = h; /* every entry before h is < key */
      for (;;) {
        size_t probe = lo + step - 1;
        if (probe >= n) {
          break;
        }
        if (strcmp(path_at(v, stride, probe), key) >= 0) {
          hi = probe;
          break;
        }
        lo = probe + 1;
        step = step <= n ? step * 2 : step;
      }
    }
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(path_at(v, stride, mid), key) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (hint) {
    *hint = lo;
  }
  return lo;
}

static void below(const void *v, size_t n, size_t stride, const char *dir,
                  size_t *hint, size_t *lo, size_t *hi)
{
  char prefix[MLS_MAX_PATH_BYTES + 2];
  size_t dlen = strlen(dir), i;

  *lo = *hi = 0;
  if (dlen == 0 || dlen > MLS_MAX_PATH_BYTES) {
    return;
  }
  memcpy(prefix, dir, dlen);
  prefix[dlen] = '/';
  prefix[dlen + 1] = '\0';
  i = lower_bound(v, n, stride, prefix, hint);
  *lo = i;
  while (i < n && strncmp(path_at(v, stride, i), prefix, dlen + 1) == 0) {
    i++;
  }
  *hi = i;
  if (hint) {
    *hint = i; /* the next directory in order lists after these */
  }
}

const listing_dir *listing_dir_at(const listing *l, const char *path,
                                  listing_cursor *cur)
{
  size_t i = lower_bound(l->dirs, l->ndirs, sizeof(*l->dirs), path,
                         cur ? &cur->dir : NULL);
  return i < l->ndirs && strcmp(l->dirs[i].path, path) == 0 ? &l->dirs[i]
                                                            : NULL;
}

void listing_files_below(const listing *l, const char *dir, listing_cursor *cur,
                         size_t *lo, size_t *hi)
{
  below(l->files, l->nfiles, sizeof(*l->files), dir, cur ? &cur->file : NULL,
        lo, hi);
}

void listing_dirs_below(const listing *l, const char *dir, listing_cursor *cur,
                        size_t *lo, size_t *hi)
{
  below(l->dirs, l->ndirs, sizeof(*l->dirs), dir, cur ? &cur->dir : NULL, lo,
        hi);
}

void listing_notes_below(const listing *l, const char *dir, listing_cursor *cur,
                         size_t *lo, size_t *hi)
{
  below(l->notes, l->nnotes, sizeof(*l->notes), dir, cur ? &cur->note : NULL,
        lo, hi);
}
