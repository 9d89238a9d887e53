/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/sarif_int.h -- what the writers of sarif/ share and do not export:
 * choosing which results a SARIF run carries, writing one run, rule
 * metadata helpers, URI and JSON helpers, and the spool that puts
 * repositories in name order without holding them in memory.
 */
#ifndef MLS_SARIF_SARIF_INT_H
#define MLS_SARIF_SARIF_INT_H

#include "sarif/sarif.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Append-or-jump: every writer uses `int rc` and a `done:` label. */
#define SARIF_TRY(x)                                                           \
  do {                                                                         \
    if ((rc = (x)) < 0) {                                                      \
      goto done;                                                               \
    }                                                                          \
  } while (0)

/* Largest document any writer builds in memory: one repository's SARIF
 * run or report piece. 25,000 results of a few KB each fit well below. */
#define SARIF_MAX_DOC_BYTES ((size_t)512 << 20)

/* What happens to each result of a report in one SARIF run. */
typedef enum sarif__fate {
  SARIF_F_NO = 0,    /* not a SARIF result (pass, suppressed, unknown) */
  SARIF_F_KEEP,      /* written */
  SARIF_F_MERGED,    /* folded into an earlier result (same rule, path,
                      * line and status) */
  SARIF_F_CUT_COUNT, /* over max_results */
  SARIF_F_CUT_SIZE,  /* over max_gzip_bytes */
  SARIF_F_BAD        /* unusable path or rule index: a notification */
} sarif__fate;

typedef struct sarif__sel {
  unsigned char *fate; /* owned: a sarif__fate per result */
  uint32_t *prim;      /* owned: per result, the result it merged into */
  uint32_t *rank;      /* owned: per primary, its place in severity order */
  size_t nprim;        /* primaries (kept or cut) */
  size_t limit;        /* primaries with rank < limit are kept */
  bool org;            /* selecting for an org run: suppressed kept */
} sarif__sel;

/* Choose the results of r's run and apply max_results. */
int sarif__select(sarif__sel *s, const mls_repo_report *r,
                  const sarif_rules *rules, const sarif_opts *o, bool org);
/* Keep only the first k primaries in severity order (the rest
 * SARIF_F_CUT_SIZE); k never exceeds the count-capped number. */
void sarif__cut_to(sarif__sel *s, const mls_repo_report *r, size_t k);
/* Number of each fate into info (gzip_bytes untouched). */
void sarif__count(const sarif__sel *s, const mls_repo_report *r,
                  sarif_repo_info *info);
void sarif__sel_dispose(sarif__sel *s);

/* Append one run object for r, as chosen by s. With notes_at, where a
 * notification would go first in its toolExecutionNotifications array
 * (an offset in out). */
int sarif__write_run(mls_buf *out, const mls_repo_report *r,
                     const sarif_rules *rules, const sarif_opts *o,
                     const sarif__sel *s, size_t *notes_at);

/* The sweep's own diagnostics (sarif_org_sweep_diag) go first in the
 * first run's notifications, under this descriptor id. */
#define SARIF_SWEEP_NOTE_ID "mlsweep/sweep"
/* Append d's entries as notification objects, a ',' before each but the
 * first (*first says whether one was written yet). */
int sarif__sweep_notes(mls_buf *out, const mls_diag *d, bool *first);

/* The rule for a result, or NULL when rule_index is out of range. */
const rule_meta *sarif__rule(const sarif_rules *rules, const mls_result *res);

/* Append `path` as a repository-relative URI reference: '/'-separated,
 * percent-encoded outside RFC 3986's pchar (and ':' always, so the first
 * segment never reads as a scheme; a backslash, a file name's own byte in
 * a Git tree, as %5C). MLS_EINPUT (nothing appended) for a path that is
 * empty, absolute, has "." or ".." segments, or is a scheme-like remote
 * module source. */
int sarif__uri(mls_buf *out, const char *path);

/* JSON string of s (NULL: ""). */
int sarif__jstr(mls_buf *out, const char *s);

/* p / n (0 < n, p <= n) as "%.4f" writes the double (double)p / n. The
 * statistics write one per repository and rule; from the integers, they
 * need no printf but where the quotient is a decimal tie, which the
 * double's last bit decides. */
int sarif__ratio4(mls_buf *out, uint64_t p, uint64_t n);

/* "error", "warning" or "note": a diagnostic's severity as SARIF levels
 * and every writer name it. */
const char *sarif__diag_level(mls_severity sev);

/* SARIF level of a severity; "note" for unknown results is the caller's. */
const char *sarif__level(mls_rsev sev);
/* security-severity string of a severity, or NULL (no security rating). */
const char *sarif__security_severity(mls_rsev sev);

/* gzip size (deflate level 6, as the upload action's zlib default) of
 * p[0..n); 0 on allocation failure. */
size_t sarif__gzip_size(const void *p, size_t n);

/* ---- spool: pieces written in any order, read back in key order -----------
 */

/* Pieces are kept in memory while their bytes total at most the spool's
 * mem_cap (SARIF_SPOOL_MEM_BYTES unless a test lowers it); the rest go to
 * a temporary file. A table row per repository never makes a file (no
 * seek and read per row when the document is put together), and memory
 * stays bounded whatever the number of repositories. */
#define SARIF_SPOOL_MEM_BYTES ((size_t)4 << 20)

typedef struct sarif__piece {
  char *key;    /* owned: the repository name */
  char *mem;    /* owned: the bytes, when kept in memory; else NULL */
  uint64_t off; /* offset of the piece in the spool file (mem NULL) */
  uint64_t len; /* bytes */
  uint64_t aux; /* the caller's number (e.g. failures, for top lists) */
  size_t seq;   /* order added: ties on key keep it */
} sarif__piece;

typedef struct sarif__spool {
  FILE *f;         /* owned: tmpfile(), NULL until a piece goes there */
  bool open;       /* the last piece is being written in parts */
  sarif__piece *v; /* owned */
  size_t n;
  size_t cap;
  uint64_t end;   /* bytes written to f */
  bool at_end;    /* f's position is `end` (the last call wrote there) */
  size_t mem;     /* bytes of the pieces kept in memory */
  size_t mem_cap; /* at most this many */
} sarif__spool;

void sarif__spool_init(sarif__spool *sp);
void sarif__spool_dispose(sarif__spool *sp);
int sarif__spool_add(sarif__spool *sp, const char *key, const void *p, size_t n,
                     uint64_t aux);
/* A piece too large to hold whole (one repository's findings as text,
 * JSON or JUnit) is written in parts from one buffer: with last false,
 * b's bytes go to the file once they reach SARIF_SPOOL_PART_BYTES and b
 * is cleared; with last true the rest goes and the piece ends. A piece
 * that ends before its first part went is added as sarif__spool_add()
 * adds one. Parts of one piece are not interleaved with other pieces of
 * this spool. */
#define SARIF_SPOOL_PART_BYTES ((size_t)1 << 20)
int sarif__spool_part(sarif__spool *sp, const char *key, mls_buf *b, bool last,
                      uint64_t aux);
/* Forget a piece left open by a failed build (its bytes stay unused in
 * the file). */
void sarif__spool_drop_open(sarif__spool *sp);
/* Sort the pieces by key (then order added). */
void sarif__spool_sort(sarif__spool *sp);
/* Copy piece i (after sorting) to dst. */
int sarif__spool_copy(sarif__spool *sp, size_t i, FILE *dst);
/* Copy bytes [from, from + n) of piece i to dst. */
int sarif__spool_copy_range(sarif__spool *sp, size_t i, uint64_t from,
                            uint64_t n, FILE *dst);

/* fwrite of a whole buffer; MLS_EIO on a short write. */
int sarif__fput(FILE *f, const void *p, size_t n);

/* ---- the framing of the documents that list repositories -----------------
 * Written by the writers and expected back by the merge (sarif/merge.c). */

#define SARIF_HEAD                                                             \
  "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","            \
  "\"version\":\"2.1.0\",\"runs\":[\n"
#define SARIF_TAIL           "]}\n"
#define SARIF_RESULTS_SCHEMA "mlsweep-results/1"
#define SARIF_RESULTS_HEAD                                                     \
  "{\"schema\":\"" SARIF_RESULTS_SCHEMA "\",\"results\":[\n"
#define SARIF_RESULTS_MID  "\n],\"diagnostics\":[\n"
#define SARIF_RESULTS_TAIL "\n]}\n"

/* ---- reading back what the writers wrote (mlsweep merge) -----------------
 * A byte-level scanner that finds where JSON values start and end without
 * building a tree, so a shard's pieces can be copied out byte for byte.
 * It validates nothing but the nesting; what is kept is parsed by cJSON. */

/* A value's place in a document. */
typedef struct sarif__span {
  size_t off; /* first byte */
  size_t len; /* bytes */
} sarif__span;

/* Index just past the JSON value that starts at p[i] (after whitespace),
 * or 0 when p[i..n) holds no complete value. */
size_t sarif__json_skip(const char *p, size_t n, size_t i);
/* The value of the top-level member `key` of the object p[0..n), as
 * *out. MLS_EINPUT when p is no object or has no such member. */
int sarif__json_member(const char *p, size_t n, const char *key,
                       sarif__span *out);
/* The elements of the array at `arr` (a span of p), as an owned array
 * (mls_free) of spans. MLS_EINPUT when it is no array. */
int sarif__json_items(const char *p, sarif__span arr, sarif__span **out,
                      size_t *nout);

#endif
