/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_share.h -- Terraform files read and parsed once per sweep,
 * shared by every loader that reads the same content.
 *
 * Stage: sweep-wide, below the module jobs. An organisation's repositories
 * vendor the same modules and copy the same variable files: a file whose
 * source names its content (tf_source.content_id, a git blob id) is read
 * and parsed by the first loader that needs it, and every other loader,
 * in any repository and on any thread, borrows those bytes and that tree.
 * Content is immutable once in the share, so readers take no lock; the
 * table and the reference counts are guarded by one mutex. Entries no
 * loader holds are dropped, oldest first, past the byte bound.
 */
#ifndef MLS_EVAL_TF_SHARE_H
#define MLS_EVAL_TF_SHARE_H

#include "core/eval/tf_eval.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tf_share tf_share;

/* A share keeping at most about max_bytes (file bytes and parsed trees) of
 * files no loader holds. MLS_ENOMEM or MLS_OK. */
int tf_share_new(tf_share **out, size_t max_bytes);
/* NULL-safe; after every loader using it was freed. */
void tf_share_free(tf_share *s);

/* Loaders then read files through s where their source names contents;
 * s must outlive ld. */
void tf_loader_share(tf_loader *ld, tf_share *s);

/* Whether s holds the content `id` now, and its size: the sweep counts a
 * file's bytes without reading it. The answer may be stale by the time a
 * loader asks (an entry no loader holds can be dropped). */
bool tf_share_has(tf_share *s, const tf_content_id *id, size_t *len);

/* What the share did, for tests and `--stats`. */
typedef struct tf_share_stats {
  uint64_t reads;   /* contents read and added */
  uint64_t hits;    /* contents a loader found there */
  uint64_t parses;  /* trees parsed */
  uint64_t reuses;  /* trees a loader found parsed */
  uint64_t evicted; /* contents dropped past the bound */
} tf_share_stats;

void tf_share_get_stats(tf_share *s, tf_share_stats *out);

#endif
