/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_load.c -- reading and parsing a module directory once per
 * loader: its files, its declarations after override merging, and the
 * variable files around it; and the search for root modules.
 *
 * Stage: module job, loading. A directory's .tf and .tf.json files (and
 * OpenTofu's .tofu and .tofu.json, each read instead of a .tf or .tf.json
 * of the same base name) form one module. Primary files are read in byte
 * order of name, then override files (override.tf, *_override.tf and their
 * .tf.json, .tofu, .tofu.json forms) in byte order,
 * each merged into the declaration it names as Terraform's "Override Files"
 * page says: an attribute replaces the attribute of that name; nested
 * blocks of a type replace every block of that type; a local replaces the
 * local. A declaration an override names but no primary file declares is a
 * diagnostic. Trusts nothing it reads: parse failures keep what was parsed,
 * and every problem is a diagnostic on the file or module, never a crash.
 */
#define _GNU_SOURCE /* memmem(): glibc declares it only on request */

#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "parsers/hcl/calls.h"
#include "parsers/hcl/json.h"

#include <stdlib.h>
#include <string.h>

/* The loader's own arena holds module tables and merged bodies; the
 * parsed trees live in each file's arena. */
#define LOADER_ARENA_BYTES MLS_ARENA_CAP_BYTES

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int cmp_name(const void *a, const void *b)
{
  /* strcmp compares as unsigned char: byte order, as Go's sort.Strings. */
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the loader -------------------------------------------------------- */

int tf_loader_new(tf_loader **out, const tf_source *src)
{
  tf_loader *ld = mls_calloc(1, sizeof(*ld));
  *out = NULL;
  if (!ld) {
    return MLS_ENOMEM;
  }
  ld->src = *src;
  if (!(ld->arena = mls_arena_new(LOADER_ARENA_BYTES))) {
    mls_free(ld);
    return MLS_ENOMEM;
  }
  *out = ld;
  return MLS_OK;
}

void tf_loader_share(tf_loader *ld, tf_share *s)
{
  ld->share = s;
}

static void file_free(tf_loader *ld, tf_file *f)
{
  if (f) {
    if (f->shared) {
      tf__share_release(ld->share, f->shared);
    } else {
      hcl_file_free(f->hcl);
      mls_free(f->data);
    }
    mls_diag_dispose(&f->diag);
    mls_free(f);
  }
}

void tf_loader_free(tf_loader *ld)
{
  if (!ld) {
    return;
  }
  for (uint32_t i = 0; i < ld->nfiles; i++) {
    file_free(ld, ld->files[i]);
  }
  for (uint32_t i = 0; i < ld->nmods; i++) {
    mls_diag_dispose(&ld->mods[i]->diag);
  }
  mls_free(ld->files);
  mls_free(ld->fhash);
  mls_free(ld->mods);
  mls_arena_free(ld->arena);
  mls_free(ld);
}

/* Grow a heap pointer array to hold one more entry. */
static bool grow(void **arr, uint32_t n, uint32_t *cap, size_t size)
{
  size_t ncap, bytes;
  void *na;
  if (n < *cap) {
    return true;
  }
  ncap = *cap ? (size_t)*cap * 2 : 16;
  if (ncap > UINT32_MAX / 2 || !mls_mul_sz(&bytes, ncap, size) ||
      !(na = mls_realloc(*arr, bytes))) {
    return false;
  }
  *arr = na;
  *cap = (uint32_t)ncap;
  return true;
}

/* FNV-1a over kind and path: the slot of a file in ld->fhash. */
static uint32_t file_hash(const char *path, tf_fkind kind)
{
  uint32_t h = 2166136261u ^ (uint32_t)kind;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    h = (h ^ *p) * 16777619u;
  }
  return h;
}

static void fhash_put(tf_loader *ld, uint32_t index)
{
  const tf_file *f = ld->files[index];
  uint32_t mask = ld->fhcap - 1, h = file_hash(f->path, f->kind) & mask;
  while (ld->fhash[h] != 0) {
    h = (h + 1) & mask;
  }
  ld->fhash[h] = index + 1;
}

/* Room in ld->fhash for one more file: a table over twice the files, so
 * probes stay short (a repository's root search reads thousands). */
static bool fhash_reserve(tf_loader *ld)
{
  uint32_t ncap = ld->fhcap ? ld->fhcap : 64;
  uint32_t *old = ld->fhash;
  size_t bytes;
  while (ncap <= 2 * ((size_t)ld->nfiles + 1)) {
    if (ncap > UINT32_MAX / 4) {
      return false;
    }
    ncap *= 2;
  }
  if (ncap == ld->fhcap) {
    return true;
  }
  if (!mls_mul_sz(&bytes, ncap, sizeof(*ld->fhash)) ||
      !(ld->fhash = mls_calloc(ncap, sizeof(*ld->fhash)))) {
    ld->fhash = old;
    return false;
  }
  mls_free(old);
  ld->fhcap = ncap;
  for (uint32_t i = 0; i < ld->nfiles; i++) {
    fhash_put(ld, i);
  }
  return true;
}

static tf_file *file_find(const tf_loader *ld, const char *path, tf_fkind kind)
{
  uint32_t mask, h;
  if (!ld->fhash) {
    return NULL;
  }
  mask = ld->fhcap - 1;
  for (h = file_hash(path, kind) & mask; ld->fhash[h] != 0;
       h = (h + 1) & mask) {
    tf_file *f = ld->files[ld->fhash[h] - 1];
    if (f->kind == kind && strcmp(f->path, path) == 0) {
      return f;
    }
  }
  return NULL;
}

static tf_file *file_new(tf_loader *ld, const char *path, tf_fkind kind)
{
  tf_file *f;
  void *arr = ld->files;
  if (!grow(&arr, ld->nfiles, &ld->capfiles, sizeof(*ld->files))) {
    return NULL;
  }
  ld->files = arr;
  if (!fhash_reserve(ld)) {
    return NULL;
  }
  if (!(f = mls_calloc(1, sizeof(*f)))) {
    return NULL;
  }
  if (!(f->path = mls_arena_strndup(ld->arena, path, strlen(path)))) {
    mls_free(f);
    return NULL;
  }
  f->kind = kind;
  f->id = ld->nfiles;
  f->diag.path = f->path;
  ld->files[ld->nfiles] = f;
  fhash_put(ld, ld->nfiles++);
  return f;
}

int tf_loader_file_text(const tf_loader *ld, const char *path,
                        const char **data, size_t *len)
{
  /* By the path hash, once per kind (a module of thousands of files asks
   * for each finding's file); the file read first wins, as before. */
  static const tf_fkind kinds[] = { TF_F_CONFIG, TF_F_VARS, TF_F_TEXT };
  const tf_file *best = NULL;
  for (size_t k = 0; ld && path && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    const tf_file *f = file_find(ld, path, kinds[k]);
    if (f && f->data && (!best || f->id < best->id)) {
      best = f;
    }
  }
  if (!best) {
    return MLS_EIO;
  }
  *data = best->data;
  *len = best->len;
  return MLS_OK;
}

/* A shared tree's report joins the file's, stamped with the file's path
 * (the share's entries have none: one content, many paths). */
static void copy_parse_diag(tf_file *f, const mls_diag *d)
{
  size_t kept_errors = 0;
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *en = &d->v[i];
    kept_errors += en->sev == MLS_SEV_ERROR;
    mls_diag_note_text(&f->diag, en->rc, en->sev,
                       en->has_range ? &en->range : NULL, en->message);
  }
  f->diag.dropped += d->dropped;
  f->diag.nerrors += d->nerrors - kept_errors;
}

/* Parse f->data as its kind and name say. */
static void file_parse(tf_loader *ld, tf_file *f)
{
  int rc;
  bool json = has_suffix(f->path, ".json");
  f->parsed = true;
  if (f->kind == TF_F_TEXT) {
    return;
  }
  if (f->shared) {
    const hcl_file *t = NULL;
    const mls_diag *d = NULL;
    tf_share_syntax syn = !json                  ? TF_SH_NATIVE
                          : f->kind == TF_F_VARS ? TF_SH_JSON_VARS
                                                 : TF_SH_JSON_CONFIG;
    if (tf__share_tree(ld->share, f->shared, syn, &t, &d) < 0) {
      f->rc = MLS_ENOMEM;
      return;
    }
    /* Read-only from here on, as every tree the evaluator reads. */
    f->hcl = (hcl_file *)(uintptr_t)t;
    copy_parse_diag(f, d);
    return;
  }
  if (json) {
    rc = hcl_parse_json_ex(&f->hcl, f->data, f->len, f->kind == TF_F_VARS,
                           &f->diag);
  } else {
    rc = hcl_parse(&f->hcl, f->data, f->len, &f->diag);
  }
  if (rc == MLS_ENOMEM) {
    f->rc = rc;
  }
}

/* Read f through the share when the source names its content: the bytes
 * another loader read (no read at all), or read them and lend them. */
static int file_read_shared(tf_loader *ld, tf_file *f, const char *path)
{
  tf_content_id id;
  char *data = NULL;
  size_t len = 0;
  int rc;

  memset(&id, 0, sizeof(id));
  if (!ld->share || !ld->src.content_id ||
      ld->src.content_id(ld->src.payload, path, &id) != MLS_OK) {
    return ld->src.read(ld->src.payload, path, &f->data, &f->len);
  }
  if (!(f->shared = tf__share_get(ld->share, &id))) {
    if ((rc = ld->src.read(ld->src.payload, path, &data, &len)) < 0) {
      return rc;
    }
    if (!(f->shared = tf__share_put(ld->share, &id, &data, len))) {
      f->data = data; /* out of memory in the share: the loader's own */
      f->len = len;
      return MLS_OK;
    }
  }
  f->data = (char *)(uintptr_t)tf__share_data(f->shared, &f->len);
  return MLS_OK;
}

/* The file read as `kind` on first use, parsed or not (see tf_file's
 * `parsed`). */
static tf_file *file_get(tf_loader *ld, const char *path, tf_fkind kind)
{
  tf_file *f = file_find(ld, path, kind);
  int rc;
  if (f) {
    return f;
  }
  if (!(f = file_new(ld, path, kind))) {
    return NULL;
  }
  rc = file_read_shared(ld, f, path);
  if (rc < 0) {
    f->rc = rc;
    if (rc == MLS_ELIMIT) {
      mls_diag_note(&f->diag, rc, MLS_SEV_ERROR, NULL,
                    "file is larger than %u bytes; skipped",
                    (unsigned)MLS_MAX_BLOB_BYTES);
    } else if (rc != MLS_ENOMEM && rc != MLS_EINPUT) {
      /* MLS_EINPUT: the source said why (tf_source.read). */
      mls_diag_note(&f->diag, rc, MLS_SEV_ERROR, NULL, "cannot read the file");
    }
  }
  return f;
}

tf_file *tf__file_load(tf_loader *ld, const char *path, tf_fkind kind)
{
  tf_file *f = file_get(ld, path, kind);
  if (f && f->rc == MLS_OK && !f->parsed) {
    file_parse(ld, f);
  }
  return f;
}

tf_file *tf__file_add(tf_loader *ld, const char *name, const char *data,
                      size_t len)
{
  tf_file *f = file_new(ld, name, TF_F_VARS);
  size_t bytes;
  if (!f) {
    return NULL;
  }
  if (len > MLS_MAX_BLOB_BYTES) {
    f->rc = MLS_ELIMIT;
    mls_diag_note(&f->diag, MLS_ELIMIT, MLS_SEV_ERROR, NULL,
                  "file is larger than %u bytes; skipped",
                  (unsigned)MLS_MAX_BLOB_BYTES);
    return f;
  }
  if (!mls_add_sz(&bytes, len, 1) || !(f->data = mls_malloc(bytes))) {
    f->rc = MLS_ENOMEM;
    return f;
  }
  if (len) {
    memcpy(f->data, data, len);
  }
  f->data[len] = '\0';
  f->len = len;
  file_parse(ld, f);
  return f;
}

/* ---- directory listings ------------------------------------------------ */

typedef struct name_list {
  char **v;     /* owned: owned names */
  uint32_t n;   /* names held */
  uint32_t cap; /* slots */
  bool dirs;    /* collect directories rather than files */
} name_list;

static int collect(void *payload, const char *name, bool is_dir)
{
  name_list *l = payload;
  void *arr = l->v;
  char *copy;
  if (is_dir != l->dirs) {
    return MLS_OK;
  }
  if (!grow(&arr, l->n, &l->cap, sizeof(*l->v))) {
    return MLS_ENOMEM;
  }
  l->v = arr;
  if (!(copy = mls_strndup(name, strlen(name)))) {
    return MLS_ENOMEM;
  }
  l->v[l->n++] = copy;
  return MLS_OK;
}

void tf__names_free(char **names, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    mls_free(names[i]);
  }
  mls_free(names);
}

int tf__list_files(tf_loader *ld, const char *dir, char ***out, size_t *n,
                   bool want_dirs)
{
  name_list l = { NULL, 0, 0, want_dirs };
  int rc = ld->src.list(ld->src.payload, dir, collect, &l);
  *out = NULL;
  *n = 0;
  if (rc < 0) {
    tf__names_free(l.v, l.n);
    return rc;
  }
  if (l.n) {
    qsort(l.v, l.n, sizeof(*l.v), cmp_name);
  }
  *out = l.v;
  *n = l.n;
  return MLS_OK;
}

/* ---- declarations ------------------------------------------------------ */

/* h with s mixed in, eight bytes at a time (the byte order of the host:
 * the table lives in one process), its length in the last word. */
static uint64_t mix_span(uint64_t h, mls_span s)
{
  const uint64_t k = 0x9E3779B97F4A7C15ull;
  const char *p = s.ptr;
  size_t n = s.len;
  uint64_t w;

  for (; n >= 8; p += 8, n -= 8) {
    memcpy(&w, p, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  w = (uint64_t)s.len << 56;
  if (n) {
    uint64_t tail = 0;
    memcpy(&tail, p, n);
    w ^= tail;
  }
  h = (h ^ w) * k;
  return h ^ (h >> 29);
}

static uint32_t decl_hash(tf_dkind kind, bool data, mls_span type,
                          mls_span name)
{
  /* The kind, the mode, the type (resources) and the name, mixed a word
   * at a time: a lookup per reference evaluated, so it matters. */
  uint64_t h = 0xCBF29CE484222325ull ^ ((uint64_t)kind << 1) ^ (data ? 1 : 0);
  if (kind == TF_D_RES) {
    h = mix_span(h, type);
  }
  h = mix_span(h, name);
  return (uint32_t)(h ^ (h >> 32));
}

static bool span_equal(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

int tf__decl_find(const tf_module *mod, tf_dkind kind, bool data, mls_span type,
                  mls_span name)
{
  uint32_t mask, i;
  if (!mod->hcap) {
    return -1;
  }
  mask = mod->hcap - 1;
  i = decl_hash(kind, data, type, name) & mask;
  for (uint32_t probes = 0; probes < mod->hcap; probes++, i = (i + 1) & mask) {
    uint32_t slot = mod->hash[i];
    const tf_decl *d;
    if (slot == UINT32_MAX) {
      return -1;
    }
    if ((slot >> 28) != (uint32_t)kind) {
      continue;
    }
    d = &mod->decls[kind][slot & 0x0fffffffu];
    if (d->data == data && span_equal(d->name, name) &&
        (kind != TF_D_RES || span_equal(d->type, type))) {
      return (int)(slot & 0x0fffffffu);
    }
  }
  return -1;
}

/* A growable heap vector of declarations of one kind. */
typedef struct decl_vec {
  tf_decl *v;   /* owned (mls_realloc) until copied to the arena */
  uint32_t n;   /* declarations held */
  uint32_t cap; /* slots */
} decl_vec;

static tf_decl *decl_push(decl_vec *dv)
{
  void *arr = dv->v;
  if (!grow(&arr, dv->n, &dv->cap, sizeof(*dv->v))) {
    return NULL;
  }
  dv->v = arr;
  memset(&dv->v[dv->n], 0, sizeof(tf_decl));
  return &dv->v[dv->n++];
}

static int body_from(mls_arena *a, tf_mbody *out, const hcl_body *b,
                     uint32_t file)
{
  memset(out, 0, sizeof(*out));
  if (!b) {
    return MLS_OK;
  }
  if (b->nattrs) {
    if (!(out->attrs = mls_arena_alloc(a, b->nattrs * sizeof(tf_aref)))) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < b->nattrs; i++) {
      out->attrs[i].attr = &b->attrs[i];
      out->attrs[i].file = file;
    }
  }
  if (b->nblocks) {
    if (!(out->blocks = mls_arena_alloc(a, b->nblocks * sizeof(tf_bref)))) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < b->nblocks; i++) {
      out->blocks[i].block = &b->blocks[i];
      out->blocks[i].file = file;
    }
  }
  out->nattrs = b->nattrs;
  out->nblocks = b->nblocks;
  return MLS_OK;
}

/* The nested block type a block overrides: `dynamic "x"` counts as x. */
static mls_span block_kind(const hcl_block *b)
{
  if (mls_span_eq(b->type, "dynamic") && b->nlabels == 1) {
    return b->labels[0].value;
  }
  return b->type;
}

/* Merge an override block's body into a declaration's body. */
static int body_merge(mls_arena *a, tf_mbody *base, const hcl_body *ov,
                      uint32_t file)
{
  tf_aref *attrs;
  tf_bref *blocks;
  uint32_t na = 0, nb = 0;
  size_t bytes;

  if (!ov) {
    return MLS_OK;
  }
  if (!mls_mul_sz(&bytes, (size_t)base->nattrs + ov->nattrs, sizeof(tf_aref)) ||
      !(attrs = mls_arena_alloc(a, bytes ? bytes : 1))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < base->nattrs; i++) {
    attrs[na++] = base->attrs[i];
  }
  for (uint32_t i = 0; i < ov->nattrs; i++) {
    uint32_t j;
    for (j = 0; j < na; j++) {
      if (span_equal(attrs[j].attr->name, ov->attrs[i].name)) {
        break;
      }
    }
    attrs[j].attr = &ov->attrs[i];
    attrs[j].file = file;
    if (j == na) {
      na++;
    }
  }
  if (!mls_mul_sz(&bytes, (size_t)base->nblocks + ov->nblocks,
                  sizeof(tf_bref)) ||
      !(blocks = mls_arena_alloc(a, bytes ? bytes : 1))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < base->nblocks; i++) {
    bool replaced = false;
    mls_span k = block_kind(base->blocks[i].block);
    for (uint32_t j = 0; j < ov->nblocks && !replaced; j++) {
      replaced = span_equal(k, block_kind(&ov->blocks[j]));
    }
    if (!replaced) {
      blocks[nb++] = base->blocks[i];
    }
  }
  for (uint32_t j = 0; j < ov->nblocks; j++) {
    blocks[nb].block = &ov->blocks[j];
    blocks[nb].file = file;
    nb++;
  }
  base->attrs = attrs;
  base->nattrs = na;
  base->blocks = blocks;
  base->nblocks = nb;
  return MLS_OK;
}

typedef struct load_state {
  tf_loader *ld;
  tf_module *mod;
  decl_vec dv[TF_D_NKINDS]; /* owned until finish() */
  /* While collecting: an open-addressing set of (kind, index + 1) over
   * dv, so that spotting a duplicate is not a scan of every declaration
   * so far (quadratic in a module of thousands of resources). */
  uint32_t *pend; /* owned: pcap slots, 0 empty */
  uint32_t pcap;  /* a power of two, or 0 */
  uint32_t npend; /* slots used */
} load_state;

static bool pending_same(const tf_decl *d, bool data, mls_span type,
                         mls_span name, tf_dkind kind)
{
  return d->data == data && span_equal(d->name, name) &&
         (kind != TF_D_RES || span_equal(d->type, type));
}

/* The declaration collected so far with this identity, or NULL. */
static tf_decl *find_pending(load_state *st, tf_dkind kind, bool data,
                             mls_span type, mls_span name)
{
  uint32_t mask, i;
  if (!st->pcap) {
    return NULL;
  }
  mask = st->pcap - 1;
  for (i = decl_hash(kind, data, type, name) & mask; st->pend[i];
       i = (i + 1) & mask) {
    uint32_t slot = st->pend[i];
    tf_decl *d;
    if ((slot >> 28) != (uint32_t)kind) {
      continue;
    }
    d = &st->dv[kind].v[(slot & 0x0fffffffu) - 1];
    if (pending_same(d, data, type, name, kind)) {
      return d;
    }
  }
  return NULL;
}

static void pending_put(uint32_t *pend, uint32_t cap, const tf_decl *d,
                        uint32_t slot)
{
  uint32_t mask = cap - 1;
  uint32_t i = decl_hash(d->kind, d->data, d->type, d->name) & mask;
  while (pend[i]) {
    i = (i + 1) & mask;
  }
  pend[i] = slot;
}

/* Record the newest declaration of kind (its fields filled in) in the
 * set; MLS_ENOMEM or MLS_ELIMIT. */
static int pending_add(load_state *st, tf_dkind kind)
{
  uint32_t n = st->dv[kind].n;
  if (n > 0x0fffffffu) {
    return MLS_ELIMIT;
  }
  if ((st->npend + 1) * 2 > st->pcap) {
    uint32_t ncap = st->pcap ? st->pcap * 2 : 64;
    uint32_t *nv = mls_calloc(ncap, sizeof(*nv));
    if (!nv || ncap < st->pcap) {
      mls_free(nv);
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < st->pcap; i++) {
      uint32_t slot = st->pend[i];
      if (slot) {
        pending_put(nv, ncap, &st->dv[slot >> 28].v[(slot & 0x0fffffffu) - 1],
                    slot);
      }
    }
    mls_free(st->pend);
    st->pend = nv;
    st->pcap = ncap;
  }
  pending_put(st->pend, st->pcap, &st->dv[kind].v[n - 1],
              ((uint32_t)kind << 28) | n);
  st->npend++;
  return MLS_OK;
}

/* What kind of declaration a top-level block is, by type and labels;
 * false for blocks the evaluator does not use (terraform, provider,
 * moved, import, check, removed, ...). */
static bool block_decl(const hcl_block *b, tf_dkind *kind, bool *data)
{
  *data = false;
  if (mls_span_eq(b->type, "variable") && b->nlabels == 1) {
    *kind = TF_D_VAR;
  } else if (mls_span_eq(b->type, "output") && b->nlabels == 1) {
    *kind = TF_D_OUTPUT;
  } else if (mls_span_eq(b->type, "module") && b->nlabels == 1) {
    *kind = TF_D_CALL;
  } else if (mls_span_eq(b->type, "resource") && b->nlabels == 2) {
    *kind = TF_D_RES;
  } else if (mls_span_eq(b->type, "data") && b->nlabels == 2) {
    *kind = TF_D_RES;
    *data = true;
  } else {
    return false;
  }
  return true;
}

static const char *const kind_words[TF_D_NKINDS] = { "variable", "local",
                                                     "output", "resource",
                                                     "module" };

/* A top-level block with a syntax error inside is not declared: what
 * recovery kept of it is not the block (an argument cut short, the rest
 * dropped), and a rule would judge that. The parse error is the file's;
 * this says which declaration it cost. */
static bool skip_broken(load_state *st, const tf_file *f, const hcl_block *b)
{
  tf_module *mod = st->mod;
  if (!b->broken) {
    return false;
  }
  mod->diag.path = f->path;
  if (b->nlabels == 2) {
    mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &b->type_range,
                  "%.*s \"%.*s\" \"%.*s\" is not evaluated: it has a syntax "
                  "error",
                  (int)b->type.len, b->type.ptr, (int)b->labels[0].value.len,
                  b->labels[0].value.ptr, (int)b->labels[1].value.len,
                  b->labels[1].value.ptr);
  } else if (b->nlabels == 1) {
    mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &b->type_range,
                  "%.*s \"%.*s\" is not evaluated: it has a syntax error",
                  (int)b->type.len, b->type.ptr, (int)b->labels[0].value.len,
                  b->labels[0].value.ptr);
  } else {
    mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &b->type_range,
                  "this %.*s block is not evaluated: it has a syntax error",
                  (int)b->type.len, b->type.ptr);
  }
  return true;
}

/* Terraform refuses an argument a variable or output block does not take
 * ("Unsupported argument"): `value` in a variable, `default` in an
 * output. Nothing reads it; a warning says it was not what the author
 * meant. */
static void check_block_args(load_state *st, const tf_file *f,
                             const hcl_block *b, tf_dkind kind)
{
  static const char *const var_args[] = { "default",     "type",
                                          "description", "sensitive",
                                          "nullable",    "ephemeral" };
  static const char *const out_args[] = { "value", "description", "sensitive",
                                          "depends_on", "ephemeral" };
  const char *const *ok = kind == TF_D_VAR ? var_args : out_args;
  size_t nok = kind == TF_D_VAR ? sizeof(var_args) / sizeof(var_args[0])
                                : sizeof(out_args) / sizeof(out_args[0]);
  for (uint32_t i = 0; b->body && i < b->body->nattrs; i++) {
    const hcl_attr *at = &b->body->attrs[i];
    bool known = false;
    for (size_t k = 0; k < nok && !known; k++) {
      known = mls_span_eq(at->name, ok[k]);
    }
    if (!known) {
      st->mod->diag.path = f->path;
      mls_diag_note(&st->mod->diag, MLS_EINPUT, MLS_SEV_WARNING,
                    &at->name_range,
                    "an argument named \"%.*s\" is not expected in %s "
                    "\"%.*s\" (Terraform refuses it)",
                    (int)at->name.len, at->name.ptr,
                    kind == TF_D_VAR ? "variable" : "output",
                    (int)b->labels[0].value.len, b->labels[0].value.ptr);
    }
  }
}

/* A module block takes arguments only: Terraform refuses a nested block
 * (a `module` written inside another, `lifecycle`, `provisioner`), and
 * nothing of it reaches the child module. */
static void check_call_blocks(load_state *st, const tf_file *f,
                              const hcl_block *b)
{
  for (uint32_t i = 0; b->body && i < b->body->nblocks; i++) {
    const hcl_block *in = &b->body->blocks[i];
    st->mod->diag.path = f->path;
    mls_diag_note(&st->mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &in->type_range,
                  "a block of type \"%.*s\" is not expected in module "
                  "\"%.*s\" (Terraform refuses it; it is not evaluated)",
                  (int)in->type.len, in->type.ptr, (int)b->labels[0].value.len,
                  b->labels[0].value.ptr);
  }
}

static int add_primary(load_state *st, const tf_file *f)
{
  const hcl_body *root = f->hcl ? f->hcl->body : NULL;
  mls_arena *a = st->ld->arena;
  tf_module *mod = st->mod;
  int rc;

  for (uint32_t i = 0; root && i < root->nblocks; i++) {
    const hcl_block *b = &root->blocks[i];
    tf_dkind kind;
    bool data;
    tf_decl *d;
    if ((mls_span_eq(b->type, "locals") || block_decl(b, &kind, &data)) &&
        skip_broken(st, f, b)) {
      continue;
    }
    if (mls_span_eq(b->type, "locals")) {
      for (uint32_t j = 0; b->body && j < b->body->nattrs; j++) {
        const hcl_attr *at = &b->body->attrs[j];
        mls_span none = { NULL, 0 };
        if (find_pending(st, TF_D_LOCAL, false, none, at->name)) {
          mod->diag.path = f->path;
          mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING,
                        &at->name_range,
                        "duplicate local value \"%.*s\"; the first is used",
                        (int)at->name.len, at->name.ptr);
          continue;
        }
        if (!(d = decl_push(&st->dv[TF_D_LOCAL]))) {
          return MLS_ENOMEM;
        }
        d->kind = TF_D_LOCAL;
        d->name = at->name;
        d->local = at;
        d->file = f->id;
        if ((rc = pending_add(st, TF_D_LOCAL)) < 0) {
          return rc;
        }
      }
      continue;
    }
    if (!block_decl(b, &kind, &data)) {
      continue;
    }
    {
      mls_span type = kind == TF_D_RES ? b->labels[0].value : b->type;
      mls_span name = b->labels[kind == TF_D_RES ? 1 : 0].value;
      if (find_pending(st, kind, data, type, name)) {
        /* at the name: in .tf.json the block's own key, not the
         * "resource" property all of a file's resources share */
        const hcl_label *nl = &b->labels[kind == TF_D_RES ? 1 : 0];
        mod->diag.path = f->path;
        if (kind == TF_D_RES) {
          mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &nl->range,
                        "duplicate %s%s \"%.*s.%.*s\"; the first is used",
                        data ? "data " : "", kind_words[kind], (int)type.len,
                        type.ptr, (int)name.len, name.ptr);
        } else {
          mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING,
                        b->nlabels ? &nl->range : &b->type_range,
                        "duplicate %s%s \"%.*s\"; the first is used",
                        data ? "data " : "", kind_words[kind], (int)name.len,
                        name.ptr);
        }
        continue;
      }
      if (!(d = decl_push(&st->dv[kind]))) {
        return MLS_ENOMEM;
      }
      d->kind = kind;
      d->data = data;
      d->type = kind == TF_D_RES ? type : mls_span_of(NULL, 0);
      d->name = name;
      d->block = b;
      d->file = f->id;
      if (body_from(a, &d->body, b->body, f->id) < 0) {
        return MLS_ENOMEM;
      }
      if (kind == TF_D_VAR || kind == TF_D_OUTPUT) {
        check_block_args(st, f, b, kind);
      } else if (kind == TF_D_CALL) {
        check_call_blocks(st, f, b);
      }
      if ((rc = pending_add(st, kind)) < 0) {
        return rc;
      }
    }
  }
  return MLS_OK;
}

static int add_override(load_state *st, const tf_file *f)
{
  const hcl_body *root = f->hcl ? f->hcl->body : NULL;
  tf_module *mod = st->mod;

  for (uint32_t i = 0; root && i < root->nblocks; i++) {
    const hcl_block *b = &root->blocks[i];
    tf_dkind kind;
    bool data;
    tf_decl *d;
    if ((mls_span_eq(b->type, "locals") || block_decl(b, &kind, &data)) &&
        skip_broken(st, f, b)) {
      continue;
    }
    if (mls_span_eq(b->type, "locals")) {
      for (uint32_t j = 0; b->body && j < b->body->nattrs; j++) {
        const hcl_attr *at = &b->body->attrs[j];
        mls_span none = { NULL, 0 };
        if (!(d = find_pending(st, TF_D_LOCAL, false, none, at->name))) {
          mod->diag.path = f->path;
          mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING,
                        &at->name_range,
                        "override of local value \"%.*s\" that no primary "
                        "file declares; ignored",
                        (int)at->name.len, at->name.ptr);
          continue;
        }
        d->local = at;
        d->file = f->id;
      }
      continue;
    }
    if (!block_decl(b, &kind, &data)) {
      continue;
    }
    {
      mls_span type = kind == TF_D_RES ? b->labels[0].value : b->type;
      mls_span name = b->labels[kind == TF_D_RES ? 1 : 0].value;
      if (!(d = find_pending(st, kind, data, type, name))) {
        mod->diag.path = f->path;
        mls_diag_note(&mod->diag, MLS_EINPUT, MLS_SEV_WARNING, &b->type_range,
                      "override of %s%s \"%.*s\" that no primary file "
                      "declares; ignored",
                      data ? "data " : "", kind_words[kind], (int)name.len,
                      name.ptr);
        continue;
      }
      if (body_merge(st->ld->arena, &d->body, b->body, f->id) < 0) {
        return MLS_ENOMEM;
      }
    }
  }
  return MLS_OK;
}

/* Copy the collected declarations into the arena and build the hash. */
static int finish(load_state *st)
{
  tf_module *mod = st->mod;
  mls_arena *a = st->ld->arena;
  size_t total = 0, bytes;

  for (int k = 0; k < TF_D_NKINDS; k++) {
    decl_vec *dv = &st->dv[k];
    if (dv->n > 0x0fffffffu) {
      return MLS_ELIMIT;
    }
    if (dv->n) {
      if (!mls_mul_sz(&bytes, dv->n, sizeof(tf_decl)) ||
          !(mod->decls[k] = mls_arena_memdup(a, dv->v, bytes))) {
        return MLS_ENOMEM;
      }
    }
    mod->ndecls[k] = dv->n;
    total += dv->n;
  }
  /* A power of two at least twice the declarations: probes stay short. */
  mod->hcap = 16;
  while (mod->hcap < total * 2 && mod->hcap < (1u << 30)) {
    mod->hcap *= 2;
  }
  if (!mls_mul_sz(&bytes, mod->hcap, sizeof(uint32_t)) ||
      !(mod->hash = mls_arena_alloc(a, bytes))) {
    return MLS_ENOMEM;
  }
  memset(mod->hash, 0xff, bytes);
  for (int k = 0; k < TF_D_NKINDS; k++) {
    for (uint32_t i = 0; i < mod->ndecls[k]; i++) {
      const tf_decl *d = &mod->decls[k][i];
      uint32_t mask = mod->hcap - 1;
      uint32_t h = decl_hash((tf_dkind)k, d->data, d->type, d->name) & mask;
      while (mod->hash[h] != UINT32_MAX) {
        h = (h + 1) & mask;
      }
      mod->hash[h] = ((uint32_t)k << 28) | i;
    }
  }
  return MLS_OK;
}

/* A configuration file: Terraform's .tf and .tf.json, and OpenTofu's
 * .tofu and .tofu.json (the same language; see config_shadowed()). */
static bool is_config_name(const char *name)
{
  return has_suffix(name, ".tf") || has_suffix(name, ".tf.json") ||
         has_suffix(name, ".tofu") || has_suffix(name, ".tofu.json");
}

/* The length of a configuration name's extension. */
static size_t config_ext(const char *name)
{
  return has_suffix(name, ".tf.json")     ? 8
         : has_suffix(name, ".tofu.json") ? 10
         : has_suffix(name, ".tofu")      ? 5
                                          : 3;
}

static bool is_override_name(const char *name)
{
  size_t n = strlen(name);
  size_t base = n - config_ext(name);
  return (base == 8 && memcmp(name, "override", 8) == 0) ||
         (base >= 9 && memcmp(name + base - 9, "_override", 9) == 0);
}

/* Whether names[i] (of names[0..n), sorted in byte order) is a .tf or
 * .tf.json file that OpenTofu ignores: foo.tofu beside foo.tf, or
 * foo.tofu.json beside foo.tf.json, is read instead (OpenTofu's "extension
 * precedence", which module authors use to support both tools). */
static bool config_shadowed(char *const *names, size_t n, size_t i)
{
  const char *name = names[i], *key = NULL;
  const char *ext = has_suffix(name, ".json") ? ".tofu.json" : ".tofu";
  char alt[MLS_MAX_PATH_BYTES];
  size_t base = strlen(name) - config_ext(name), elen = strlen(ext);

  if (has_suffix(name, ".tofu") || has_suffix(name, ".tofu.json")) {
    return false;
  }
  if (base + elen >= sizeof(alt)) {
    return false;
  }
  memcpy(alt, name, base);
  memcpy(alt + base, ext, elen + 1);
  key = alt;
  return bsearch(&key, names, n, sizeof(*names), cmp_name) != NULL;
}

static int load_into(tf_loader *ld, tf_module *mod)
{
  char **names = NULL;
  size_t nnames = 0, nconfig = 0;
  char path[MLS_MAX_PATH_BYTES];
  load_state st;
  int rc;

  memset(&st, 0, sizeof(st));
  st.ld = ld;
  st.mod = mod;
  if ((rc = tf__list_files(ld, mod->dir, &names, &nnames, false)) < 0) {
    return rc;
  }
  for (size_t i = 0; i < nnames; i++) {
    nconfig += is_config_name(names[i]) ? 1 : 0;
  }
  if (nconfig == 0) {
    tf__names_free(names, nnames);
    return MLS_EINPUT;
  }
  if (!(mod->files = mls_arena_alloc(ld->arena, nconfig * sizeof(uint32_t)))) {
    tf__names_free(names, nnames);
    return MLS_ENOMEM;
  }
  /* Two passes over the sorted names: primaries, then overrides. */
  for (int pass = 0; pass < 2 && rc == MLS_OK; pass++) {
    for (size_t i = 0; i < nnames && rc == MLS_OK; i++) {
      tf_file *f;
      bool ov;
      if (!is_config_name(names[i]) || config_shadowed(names, nnames, i)) {
        continue;
      }
      ov = is_override_name(names[i]);
      if (ov != (pass == 1)) {
        continue;
      }
      if (tf__path_join(path, sizeof(path), mod->dir, names[i]) < 0) {
        continue;
      }
      if (!(f = tf__file_load(ld, path, TF_F_CONFIG))) {
        rc = MLS_ENOMEM;
        break;
      }
      if (f->rc == MLS_ENOMEM) {
        rc = MLS_ENOMEM;
        break;
      }
      f->is_override = ov;
      mod->files[mod->nfiles++] = f->id;
      /* A file not read (an LFS pointer) may declare what is absent. */
      mod->partial = mod->partial || f->diag.nerrors > 0 || f->rc < 0;
      rc = ov ? add_override(&st, f) : add_primary(&st, f);
    }
  }
  if (rc == MLS_OK) {
    rc = finish(&st);
  }
  for (int k = 0; k < TF_D_NKINDS; k++) {
    mls_free(st.dv[k].v);
  }
  mls_free(st.pend);
  tf__names_free(names, nnames);
  return rc;
}

tf_module *tf__module_load(tf_loader *ld, const char *dir)
{
  tf_module *mod;
  void *arr = ld->mods;
  for (uint32_t i = 0; i < ld->nmods; i++) {
    if (strcmp(ld->mods[i]->dir, dir) == 0) {
      return ld->mods[i];
    }
  }
  if (!grow(&arr, ld->nmods, &ld->capmods, sizeof(*ld->mods))) {
    return NULL;
  }
  ld->mods = arr;
  if (!(mod = mls_arena_zalloc(ld->arena, sizeof(*mod))) ||
      !(mod->dir = mls_arena_strndup(ld->arena, dir, strlen(dir)))) {
    return NULL;
  }
  mod->rc = load_into(ld, mod);
  if (mod->rc == MLS_ENOMEM || mls_arena_failed(ld->arena)) {
    mls_diag_dispose(&mod->diag);
    return NULL;
  }
  ld->mods[ld->nmods++] = mod;
  return mod;
}

/* ---- root modules ------------------------------------------------------ */

/* Directories never searched for modules: version control, Terraform's
 * own download cache (remote modules live there), JavaScript packages. */
static bool skip_dir(const char *name)
{
  return strcmp(name, ".git") == 0 || strcmp(name, ".terraform") == 0 ||
         strcmp(name, "node_modules") == 0;
}

typedef struct dir_list {
  char **v;     /* owned: owned normalized directories */
  uint32_t n;   /* held */
  uint32_t cap; /* slots */
} dir_list;

static int dirs_push(dir_list *l, const char *dir)
{
  void *arr = l->v;
  char *copy;
  if (!grow(&arr, l->n, &l->cap, sizeof(*l->v))) {
    return MLS_ENOMEM;
  }
  l->v = arr;
  if (!(copy = mls_strndup(dir, strlen(dir)))) {
    return MLS_ENOMEM;
  }
  l->v[l->n++] = copy;
  return MLS_OK;
}

static int walk(tf_loader *ld, const char *dir, dir_list *mods, int depth,
                mls_diag *diag)
{
  char **names = NULL;
  size_t n = 0;
  char path[MLS_MAX_PATH_BYTES];
  int rc;

  if (depth > MLS_MAX_NESTING) {
    return mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                         "%s: directories nested too deep; not searched", dir);
  }
  if ((rc = tf__list_files(ld, dir, &names, &n, false)) < 0) {
    return rc == MLS_ENOMEM ? rc : MLS_OK;
  }
  for (size_t i = 0; i < n; i++) {
    if (is_config_name(names[i])) {
      rc = dirs_push(mods, dir);
      break;
    }
  }
  tf__names_free(names, n);
  if (rc < 0) {
    return rc;
  }
  if ((rc = tf__list_files(ld, dir, &names, &n, true)) < 0) {
    return rc == MLS_ENOMEM ? rc : MLS_OK;
  }
  for (size_t i = 0; i < n && rc >= 0; i++) {
    if (skip_dir(names[i]) ||
        tf__path_join(path, sizeof(path), dir, names[i]) < 0) {
      continue;
    }
    rc = walk(ld, path, mods, depth + 1, diag);
  }
  tf__names_free(names, n);
  return rc < 0 && rc != MLS_ELIMIT ? rc : MLS_OK;
}

/* The literal `source` of a module block, or an empty span. */
static mls_span call_source(const tf_decl *d)
{
  for (uint32_t i = 0; i < d->body.nattrs; i++) {
    const hcl_attr *at = d->body.attrs[i].attr;
    const hcl_expr *e = at->expr;
    if (!mls_span_eq(at->name, "source")) {
      continue;
    }
    if (e->kind == HCL_EXPR_TEMPLATE && e->u.tmpl.nparts == 1) {
      e = e->u.tmpl.parts[0];
    }
    if (e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING) {
      return e->u.lit.str;
    }
  }
  return mls_span_of(NULL, 0);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a module source is a local path as tf_dir_calls() keeps it:
 * it starts with "./" or "../" (compared over at most its own length, so
 * "." and ".." pass too) and fits a path buffer. */
static bool local_source(mls_span s)
{
  return s.len > 0 && s.len < MLS_MAX_PATH_BYTES &&
         (memcmp(s.ptr, "./", s.len < 2 ? s.len : 2) == 0 ||
          memcmp(s.ptr, "../", s.len < 3 ? s.len : 3) == 0);
}

static int push_source(dir_list *calls, mls_span s)
{
  char src[MLS_MAX_PATH_BYTES];
  if (!local_source(s)) {
    return MLS_OK;
  }
  memcpy(src, s.ptr, s.len);
  src[s.len] = '\0';
  return dirs_push(calls, src);
}

int tf__dir_calls_full(char ***out, size_t *n, tf_loader *ld, const char *dir)
{
  dir_list calls = { NULL, 0, 0 };
  tf_module *m;
  int rc = MLS_OK;

  *out = NULL;
  *n = 0;
  if (!(m = tf__module_load(ld, dir))) {
    return MLS_ENOMEM;
  }
  for (uint32_t j = 0; j < m->ndecls[TF_D_CALL] && rc == MLS_OK; j++) {
    rc = push_source(&calls, call_source(&m->decls[TF_D_CALL][j]));
  }
  if (rc < 0) {
    tf__names_free(calls.v, calls.n);
    return rc;
  }
  *out = calls.v;
  *n = calls.n;
  return MLS_OK;
}

/* Module blocks a directory may hold for the token scan; more is left to
 * the loader (the duplicate check below is quadratic). */
#define FAST_MAX_CALLS 4096

/* Whether text holds `module` as a token of its own: not inside another
 * identifier (`modules`, `module_x`, `my-module`: HCL identifiers take
 * letters, digits, '_' and '-'), not an attribute of a traversal
 * (`path.module`, which most module files use) and not the start of one
 * (`module.vpc.id`: a root's outputs.tf refers to its calls' outputs; a
 * block's type is followed by a label, never by '.'). Anything else -- a
 * comment, a string -- counts, so this never misses a block. */
static bool has_module_token(const char *text, size_t len)
{
  const char *end = text + len, *p = text;

  while ((size_t)(end - p) >= 6 &&
         (p = memmem(p, (size_t)(end - p), "module", 6))) {
    unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
    unsigned char after = p + 6 < end ? (unsigned char)p[6] : ' ';
    if (!mls_isalnum(before) && before != '_' && before != '-' &&
        before != '.' && !mls_isalnum(after) && after != '_' && after != '-' &&
        after != '.') {
      return true;
    }
    p += 6;
  }
  return false;
}

/* Bytes of a directory's files the token scan takes; more is left to the
 * loader, whose arena bound then decides as it always did. */
#define FAST_MAX_DIR_BYTES ((size_t)4 << 20)

int tf__dir_calls_fast(char ***out, size_t *n, tf_loader *ld, const char *dir,
                       bool *done)
{
  dir_list calls = { NULL, 0, 0 };
  char **names = NULL;
  size_t nnames = 0, nconfig = 0, total = 0, nseen = 0, capseen = 0;
  mls_span *seen = NULL; /* module names so far, borrowed from file data */
  char path[MLS_MAX_PATH_BYTES];
  int rc;

  *out = NULL;
  *n = 0;
  *done = false;
  if ((rc = tf__list_files(ld, dir, &names, &nnames, false)) < 0) {
    return rc == MLS_ENOMEM ? rc : MLS_OK; /* the loader reports it */
  }
  /* JSON files and override files (merged into the declarations they
   * name) are the loader's. */
  for (size_t i = 0; i < nnames; i++) {
    if (!is_config_name(names[i])) {
      continue;
    }
    if (has_suffix(names[i], ".json") || is_override_name(names[i])) {
      rc = MLS_OK;
      goto done;
    }
    nconfig++;
  }
  if (nconfig == 0) {
    rc = MLS_OK;
    goto done;
  }
  /* Primary files in byte order of name, as load_into() reads them. */
  for (size_t i = 0; i < nnames; i++) {
    hcl_call_scan *v = NULL;
    size_t nv = 0;
    tf_file *f;
    if (!is_config_name(names[i]) || config_shadowed(names, nnames, i) ||
        tf__path_join(path, sizeof(path), dir, names[i]) < 0) {
      continue;
    }
    if (!(f = file_get(ld, path, TF_F_CONFIG)) || f->rc == MLS_ENOMEM) {
      rc = MLS_ENOMEM;
      goto done;
    }
    if (f->rc < 0) {
      continue; /* unreadable: no declarations, as in the loader */
    }
    total += f->len;
    if (total > FAST_MAX_DIR_BYTES) {
      rc = MLS_OK;
      goto done;
    }
    /* A module block opens with the identifier `module`, which native
     * syntax cannot spell any other way: without that token a file calls
     * nothing, whatever else it holds, and needs no scan (most of a
     * monorepo's files: variables, outputs, resources). */
    if (!has_module_token(f->data, f->len)) {
      continue;
    }
    if ((rc = hcl_scan_module_calls(&v, &nv, f->data, f->len)) < 0) {
      rc = rc == MLS_ENOMEM ? rc : MLS_OK; /* not plain: the loader's */
      goto done;
    }
    for (size_t j = 0; j < nv && rc == MLS_OK; j++) {
      /* A name declared twice: the loader keeps the first and warns. */
      for (size_t k = 0; k < nseen; k++) {
        if (seen[k].len == v[j].name.len &&
            memcmp(seen[k].ptr, v[j].name.ptr, v[j].name.len) == 0) {
          rc = MLS_EINPUT;
          break;
        }
      }
      if (rc == MLS_OK && nseen == FAST_MAX_CALLS) {
        rc = MLS_EINPUT;
      }
      /* Grown as needed: most directories call a few modules, and a
       * zeroed array of the bound per directory cost more than the scan. */
      if (rc == MLS_OK && nseen == capseen) {
        size_t ncap = capseen ? capseen * 2 : 16;
        mls_span *ns = mls_realloc(seen, ncap * sizeof(*ns));
        if (!ns) {
          rc = MLS_ENOMEM;
        } else {
          seen = ns;
          capseen = ncap;
        }
      }
      if (rc == MLS_OK) {
        seen[nseen++] = v[j].name;
        if (v[j].has_source) {
          rc = push_source(&calls, v[j].source);
        }
      }
    }
    mls_free(v);
    if (rc < 0) {
      rc = rc == MLS_ENOMEM ? rc : MLS_OK;
      goto done;
    }
  }
  *out = calls.v;
  *n = calls.n;
  calls.v = NULL;
  calls.n = 0;
  *done = true;
  rc = MLS_OK;

done:
  tf__names_free(calls.v, calls.n);
  tf__names_free(names, nnames);
  mls_free(seen);
  return rc;
}

/* The calls of dir, sorted: by the token scan when `fast` and it can
 * answer, else from the loader's parse. */
static int dir_calls(char ***out, size_t *n, tf_loader *ld, const char *dir,
                     bool fast)
{
  bool done = false;
  int rc;

  *out = NULL;
  *n = 0;
  if (fast && (rc = tf__dir_calls_fast(out, n, ld, dir, &done)) < 0) {
    return rc;
  }
  if (!done && (rc = tf__dir_calls_full(out, n, ld, dir)) < 0) {
    return rc;
  }
  if (*n > 1) {
    qsort(*out, *n, sizeof(**out), cmp_str);
  }
  return MLS_OK;
}

int tf_dir_calls(char ***out, size_t *n, tf_loader *ld, const char *dir)
{
  /* The token scan when it can answer (most directories: it costs a lex
   * instead of a parse and a module load), else the loader. */
  return dir_calls(out, n, ld, dir, true);
}

int tf_path_join(char *out, size_t cap, const char *dir, const char *rel)
{
  return tf__path_join(out, cap, dir, rel);
}

/* Mark `start` and every directory reachable from it in `seen`,
 * through the adjacency (first, to) built by tf_mark_roots(). */
static void reach(bool *seen, size_t *stack, size_t start, const size_t *first,
                  const size_t *to)
{
  size_t n = 0;
  if (seen[start]) {
    return;
  }
  seen[start] = true;
  stack[n++] = start;
  while (n > 0) {
    size_t i = stack[--n];
    for (size_t e = first[i]; e < first[i + 1]; e++) {
      if (!seen[to[e]]) {
        seen[to[e]] = true; /* each index is pushed once: n <= ndirs */
        stack[n++] = to[e];
      }
    }
  }
}

int tf_mark_roots(bool *is_root, size_t ndirs, const tf_call_edge *edges,
                  size_t nedges)
{
  size_t *first = NULL, *to = NULL, *fill = NULL, *stack = NULL;
  bool *seen = NULL;
  int rc = MLS_ENOMEM;

  for (size_t i = 0; i < ndirs; i++) {
    is_root[i] = true;
  }
  if (ndirs == 0) {
    return MLS_OK;
  }
  /* The calls as compressed adjacency lists: to[first[i]..first[i+1]). */
  if (!(first = mls_calloc(ndirs + 1, sizeof(*first))) ||
      !(fill = mls_calloc(ndirs, sizeof(*fill))) ||
      !(to = mls_calloc(nedges ? nedges : 1, sizeof(*to))) ||
      !(stack = mls_calloc(ndirs, sizeof(*stack))) ||
      !(seen = mls_calloc(ndirs, sizeof(*seen)))) {
    goto done;
  }
  for (size_t e = 0; e < nedges; e++) {
    if (edges[e].from < ndirs && edges[e].to < ndirs &&
        edges[e].from != edges[e].to) {
      first[edges[e].from + 1]++;
      is_root[edges[e].to] = false;
    }
  }
  for (size_t i = 0; i < ndirs; i++) {
    first[i + 1] += first[i];
  }
  for (size_t e = 0; e < nedges; e++) {
    size_t f = edges[e].from;
    if (f < ndirs && edges[e].to < ndirs && f != edges[e].to) {
      to[first[f] + fill[f]++] = edges[e].to;
    }
  }
  /* What the roots reach is evaluated under them; a directory left over
   * sits in (or below) a cycle no root reaches: its first becomes a root. */
  for (size_t i = 0; i < ndirs; i++) {
    if (is_root[i]) {
      reach(seen, stack, i, first, to);
    }
  }
  for (size_t i = 0; i < ndirs; i++) {
    if (!seen[i]) {
      is_root[i] = true;
      reach(seen, stack, i, first, to);
    }
  }
  rc = MLS_OK;
done:
  mls_free(first);
  mls_free(fill);
  mls_free(to);
  mls_free(stack);
  mls_free(seen);
  return rc;
}

int tf_find_roots(char ***out, size_t *n, tf_loader *ld, const char *dir,
                  mls_diag *diag)
{
  dir_list mods = { NULL, 0, 0 };
  bool *is_root = NULL;
  tf_call_edge *edges = NULL;
  size_t nedges = 0, cap = 0;
  char target[MLS_MAX_PATH_BYTES];
  size_t nroots = 0;
  int rc;

  *out = NULL;
  *n = 0;
  if ((rc = walk(ld, dir, &mods, 0, diag)) < 0) {
    goto done;
  }
  if (mods.n && !(is_root = mls_calloc(mods.n, sizeof(*is_root)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (uint32_t i = 0; i < mods.n; i++) {
    char **calls = NULL;
    size_t ncalls = 0;
    /* Parsed, not scanned: this loader evaluates these directories
     * next, and a parse it keeps is cheaper than a scan plus a parse. */
    if ((rc = dir_calls(&calls, &ncalls, ld, mods.v[i], false)) < 0) {
      goto done;
    }
    for (size_t j = 0; j < ncalls && rc == MLS_OK; j++) {
      if (tf__path_join(target, sizeof(target), mods.v[i], calls[j]) < 0 ||
          strcmp(target, mods.v[i]) == 0) {
        continue;
      }
      for (uint32_t k = 0; k < mods.n; k++) {
        if (strcmp(mods.v[k], target) != 0) {
          continue;
        }
        if (nedges == cap) {
          size_t ncap = cap ? 2 * cap : 16, bytes;
          tf_call_edge *g = NULL;
          if (!mls_mul_sz(&bytes, ncap, sizeof(*edges)) ||
              !(g = mls_realloc(edges, bytes))) {
            rc = MLS_ENOMEM;
            break;
          }
          edges = g;
          cap = ncap;
        }
        edges[nedges].from = i;
        edges[nedges++].to = k;
      }
    }
    tf__names_free(calls, ncalls);
    if (rc < 0) {
      goto done;
    }
  }
  if ((rc = tf_mark_roots(is_root, mods.n, edges, nedges)) < 0) {
    goto done;
  }
  /* Compact the roots to the front, freeing the rest. */
  for (uint32_t i = 0; i < mods.n; i++) {
    if (!is_root[i]) {
      mls_free(mods.v[i]);
    } else {
      mods.v[nroots++] = mods.v[i];
    }
  }
  mods.n = (uint32_t)nroots;
  if (nroots) {
    qsort(mods.v, nroots, sizeof(*mods.v), cmp_str);
  }
  *out = mods.v;
  *n = nroots;
  mods.v = NULL;
  mods.n = 0;
  rc = MLS_OK;
done:
  mls_free(is_root);
  mls_free(edges);
  tf__names_free(mods.v, mods.n);
  return rc;
}

void tf_roots_free(char **roots, size_t n)
{
  tf__names_free(roots, n);
}
