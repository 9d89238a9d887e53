/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/mem_source.h -- a repository held in memory as a
 * tf_source (how core/git plugs in), for the evaluator's tests.
 */
#ifndef MLS_TESTS_EVAL_MEM_SOURCE_H
#define MLS_TESTS_EVAL_MEM_SOURCE_H

#include "core/eval/tf_eval.h"

#include <stdatomic.h>
#include <stddef.h>

typedef struct memfile {
  const char *path; /* repository-relative */
  const char *data; /* NUL-terminated */
} memfile;

typedef struct memsrc {
  const memfile *files; /* borrowed */
  size_t n;
  atomic_uint reads; /* mem_read() calls that found a file */
} memsrc;

/* tf_source.list: the entries directly inside dir, each once. */
int mem_list(void *payload, const char *dir, tf_list_cb cb, void *cbp);
/* tf_source.read, counting in memsrc.reads. */
int mem_read(void *payload, const char *path, char **out, size_t *len);
/* tf_source.content_id: a 16-byte hash of the bytes (equal bytes, equal
 * ids, as a blob id). */
int mem_content_id(void *payload, const char *path, tf_content_id *out);

#endif
