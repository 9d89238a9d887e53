/* SPDX-License-Identifier: Apache-2.0
 *
 * cache/key.c -- cache keys: XXH3-128 over a schema of tagged fields.
 *
 * Stage: any thread, no shared state. Each field is hashed as (tag u32,
 * length u64, bytes), little-endian, after the key kind, so no two field
 * sequences hash the same input. Each kind has a schema (tags in order with
 * a minimum and maximum count); cache_kb_final() refuses a key whose fields
 * do not follow it.
 */
#include "cache/cache.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <string.h>
#include <xxhash.h>

typedef struct field_rule {
  cache_field tag;
  unsigned min, max;
} field_rule;

#define MANY 0xFFFFFFFFu

static const field_rule file_schema[] = {
  { CACHE_F_ENGINE_VERSION, 1, 1 },
  { CACHE_F_FILE_KIND, 1, 1 },
  { CACHE_F_CONTENT_ID, 1, 1 },
};
static const field_rule module_schema[] = {
  { CACHE_F_RULEPACK, 1, 1 },
  { CACHE_F_CONFIG, 1, 1 },
  { CACHE_F_TREE_ID, 1, MANY },
  { CACHE_F_VAR_FILE, 0, MANY },
};
static const field_rule repo_schema[] = {
  { CACHE_F_RULEPACK, 1, 1 },
  { CACHE_F_CONFIG, 1, 1 },
  { CACHE_F_ROOT_TREE, 1, 1 },
};
static const field_rule meta_schema[] = {
  { CACHE_F_REPO_ID, 1, 1 },
};
static const field_rule listing_schema[] = {
  { CACHE_F_CONFIG, 1, 1 },
  { CACHE_F_ROOT_TREE, 1, 1 },
};

static const field_rule nothing_schema[] = {
  { CACHE_F_RULEPACK, 1, 1 },
  { CACHE_F_CONFIG, 1, 1 },
  { CACHE_F_ROOT_TREE, 1, 1 },
};

static const field_rule *schema_of(cache_key_kind kind, unsigned *n)
{
  switch (kind) {
  case CACHE_KEY_FILE:
    *n = sizeof(file_schema) / sizeof(file_schema[0]);
    return file_schema;
  case CACHE_KEY_MODULE:
    *n = sizeof(module_schema) / sizeof(module_schema[0]);
    return module_schema;
  case CACHE_KEY_REPO:
    *n = sizeof(repo_schema) / sizeof(repo_schema[0]);
    return repo_schema;
  case CACHE_KEY_META_REPO:
    *n = sizeof(meta_schema) / sizeof(meta_schema[0]);
    return meta_schema;
  case CACHE_KEY_LISTING:
    *n = sizeof(listing_schema) / sizeof(listing_schema[0]);
    return listing_schema;
  case CACHE_KEY_NOTHING:
    *n = sizeof(nothing_schema) / sizeof(nothing_schema[0]);
    return nothing_schema;
  }
  *n = 0;
  return NULL;
}

static void le(uint8_t *p, uint64_t v, unsigned n)
{
  for (unsigned i = 0; i < n; i++) {
    p[i] = (uint8_t)(v >> (8 * i));
  }
}

/* Append input to the key: into buf while it fits, else through a hash
 * state fed with buf first. Streaming and one-shot XXH3 agree on the same
 * bytes, so keys do not depend on where the input went. */
static void feed(cache_key_builder *b, const void *p, size_t len)
{
  if (!b->state && b->nbuf + len <= sizeof(b->buf)) {
    memcpy(b->buf + b->nbuf, p, len);
    b->nbuf += len;
    return;
  }
  if (!b->state) {
    if (!(b->state = XXH3_createState())) {
      b->err = MLS_ENOMEM;
      return;
    }
    XXH3_128bits_reset((XXH3_state_t *)b->state);
    XXH3_128bits_update((XXH3_state_t *)b->state, b->buf, b->nbuf);
  }
  XXH3_128bits_update((XXH3_state_t *)b->state, p, len);
}

int cache_kb_init(cache_key_builder *b, cache_key_kind kind)
{
  unsigned n;
  uint8_t k[4];

  b->state = NULL;
  b->pos = b->count = 0;
  b->err = 0;
  b->nbuf = 0;
  if (!schema_of(kind, &n)) {
    b->err = MLS_ERROR;
    return MLS_ERROR;
  }
  b->kind = kind;
  le(k, (uint64_t)kind, 4);
  feed(b, k, sizeof(k));
  return MLS_OK;
}

void cache_kb_bytes(cache_key_builder *b, cache_field tag, const void *p,
                    size_t len)
{
  unsigned n;
  const field_rule *s;
  uint8_t hdr[12];

  if (b->err || !(s = schema_of(b->kind, &n))) {
    b->err = b->err ? b->err : MLS_ERROR;
    return;
  }
  /* Move past entries whose count is satisfied until tag matches. */
  while (b->pos < n && s[b->pos].tag != tag) {
    if (b->count < s[b->pos].min) {
      b->err = MLS_ERROR; /* a required field was skipped */
      return;
    }
    b->pos++;
    b->count = 0;
  }
  if (b->pos >= n || b->count >= s[b->pos].max || (!p && len > 0)) {
    b->err = MLS_ERROR; /* unknown, out of order, repeated or NULL */
    return;
  }
  b->count++;
  le(hdr, (uint64_t)tag, 4);
  le(hdr + 4, (uint64_t)len, 8);
  feed(b, hdr, sizeof(hdr));
  if (len > 0) {
    feed(b, p, len);
  }
}

void cache_kb_u64(cache_key_builder *b, cache_field tag, uint64_t v)
{
  uint8_t x[8];

  le(x, v, 8);
  cache_kb_bytes(b, tag, x, sizeof(x));
}

void cache_kb_str(cache_key_builder *b, cache_field tag, const char *s)
{
  if (!s) {
    b->err = b->err ? b->err : MLS_ERROR;
    return;
  }
  cache_kb_bytes(b, tag, s, strlen(s));
}

void cache_kb_dispose(cache_key_builder *b)
{
  if (b->state) {
    XXH3_freeState((XXH3_state_t *)b->state);
    b->state = NULL;
  }
}

int cache_kb_final(cache_key_builder *b, cache_key *out)
{
  unsigned n;
  const field_rule *s = schema_of(b->kind, &n);
  int rc = b->err;

  if (!rc && !s) {
    rc = MLS_ERROR;
  }
  /* Every remaining entry must have had its minimum. */
  for (unsigned i = b->pos; !rc && i < n; i++) {
    unsigned seen = i == b->pos ? b->count : 0;
    if (seen < s[i].min) {
      rc = MLS_ERROR;
    }
  }
  if (!rc) {
    XXH128_hash_t h = b->state ? XXH3_128bits_digest((XXH3_state_t *)b->state)
                               : XXH3_128bits(b->buf, b->nbuf);
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    memcpy(out->b, c.digest, sizeof(out->b));
  } else {
    memset(out->b, 0, sizeof(out->b));
  }
  cache_kb_dispose(b);
  return rc;
}

void cache_key_content(cache_key *out, const void *p, size_t len)
{
  XXH128_canonical_t c;

  XXH128_canonicalFromHash(&c, XXH3_128bits(p, len));
  memcpy(out->b, c.digest, sizeof(out->b));
}

int cache_key_file(cache_key *out, const char *engine_version,
                   uint32_t file_kind, cache_id content_id)
{
  cache_key_builder b;
  int rc = cache_kb_init(&b, CACHE_KEY_FILE);

  if (rc) {
    return rc;
  }
  cache_kb_str(&b, CACHE_F_ENGINE_VERSION, engine_version);
  cache_kb_u64(&b, CACHE_F_FILE_KIND, file_kind);
  cache_kb_bytes(&b, CACHE_F_CONTENT_ID, content_id.p, content_id.len);
  return cache_kb_final(&b, out);
}

int cache_key_module(cache_key *out, const cache_key *rulepack,
                     const cache_key *config, const cache_id *trees,
                     size_t ntrees, const cache_id *var_files, size_t nvars)
{
  cache_key_builder b;
  int rc = cache_kb_init(&b, CACHE_KEY_MODULE);

  if (rc) {
    return rc;
  }
  cache_kb_bytes(&b, CACHE_F_RULEPACK, rulepack->b, sizeof(rulepack->b));
  cache_kb_bytes(&b, CACHE_F_CONFIG, config->b, sizeof(config->b));
  for (size_t i = 0; i < ntrees; i++) {
    cache_kb_bytes(&b, CACHE_F_TREE_ID, trees[i].p, trees[i].len);
  }
  for (size_t i = 0; i < nvars; i++) {
    cache_kb_bytes(&b, CACHE_F_VAR_FILE, var_files[i].p, var_files[i].len);
  }
  return cache_kb_final(&b, out);
}

/* A key of (rule pack, config, root tree): the kinds that are about one
 * tree under one set of rules. */
static int tree_key(cache_key *out, cache_key_kind kind,
                    const cache_key *rulepack, const cache_key *config,
                    cache_id root_tree)
{
  cache_key_builder b;
  int rc = cache_kb_init(&b, kind);

  if (rc) {
    return rc;
  }
  cache_kb_bytes(&b, CACHE_F_RULEPACK, rulepack->b, sizeof(rulepack->b));
  cache_kb_bytes(&b, CACHE_F_CONFIG, config->b, sizeof(config->b));
  cache_kb_bytes(&b, CACHE_F_ROOT_TREE, root_tree.p, root_tree.len);
  return cache_kb_final(&b, out);
}

int cache_key_repo(cache_key *out, const cache_key *rulepack,
                   const cache_key *config, cache_id root_tree)
{
  return tree_key(out, CACHE_KEY_REPO, rulepack, config, root_tree);
}

int cache_key_meta_repo(cache_key *out, const char *repo_identity)
{
  cache_key_builder b;
  int rc = cache_kb_init(&b, CACHE_KEY_META_REPO);

  if (rc) {
    return rc;
  }
  cache_kb_str(&b, CACHE_F_REPO_ID, repo_identity);
  return cache_kb_final(&b, out);
}

int cache_key_listing(cache_key *out, const cache_key *config,
                      cache_id root_tree)
{
  cache_key_builder b;
  int rc = cache_kb_init(&b, CACHE_KEY_LISTING);

  if (rc) {
    return rc;
  }
  cache_kb_bytes(&b, CACHE_F_CONFIG, config->b, sizeof(config->b));
  cache_kb_bytes(&b, CACHE_F_ROOT_TREE, root_tree.p, root_tree.len);
  return cache_kb_final(&b, out);
}

int cache_key_nothing(cache_key *out, const cache_key *rulepack,
                      const cache_key *config, cache_id root_tree)
{
  return tree_key(out, CACHE_KEY_NOTHING, rulepack, config, root_tree);
}
