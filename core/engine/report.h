/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/report.h -- results of unit jobs, and the repository report
 * built from them at finalize.
 *
 * Stage: module job (mls_unit_add_findings turns the rule engine's
 * findings on one model into mls_result records with their own copies of
 * every string, a fingerprint, GitHub's line hash and a source snippet)
 * and repo finalize (mls_repo_report_build merges the units of one
 * repository, sorts results by (path, line, column, rule, address) and
 * diagnostics by (path, line, message), so a report does not depend on how
 * the work was split or scheduled). Internal to core/engine; the writers
 * see core/model/result.h only. A unit belongs to one job at a time.
 */
#ifndef MLS_ENGINE_REPORT_H
#define MLS_ENGINE_REPORT_H

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/model/model.h"
#include "core/model/result.h"
#include "core/rules/rules.h"

#include <stddef.h>
#include <stdint.h>

/* What one unit job produced. */
typedef struct mls_unit_out {
  mls_arena *arena;       /* owned: strings of the results; NULL until used */
  mls_result *v;          /* owned: results in evaluation order */
  size_t n;               /* results held */
  size_t cap;             /* results allocated */
  mls_diag diag;          /* the unit's diagnostics */
  mls_repo_counts counts; /* the unit's counters */
  mls_tally *t;           /* owned: results counted, not listed; one run of
                           * entries per model, in evaluation order, until
                           * mls_unit_tally_compact() adds them up */
  size_t nt;              /* entries of t */
  size_t capt;            /* slots of t */
} mls_unit_out;

void mls_unit_out_init(mls_unit_out *u);
void mls_unit_out_dispose(mls_unit_out *u);
/* Give back the results array's unused capacity and add up the tally
 * (a finished unit waits for its repository's other units holding it). */
void mls_unit_out_trim(mls_unit_out *u);
/* Add up the unit's tally entries of one key into one, sorted: its runs
 * per model are gone, so only between models (after each one's value is
 * stored). A unit of many templates or roots keeps a few hundred entries
 * instead of dozens per model: the repository's report adds up far fewer,
 * and far less memory is touched. */
void mls_unit_tally_compact(mls_unit_out *u);

/* How mls_unit_add_findings reads a model file's bytes (for line hashes
 * and snippets); the rule engine's rule_eval_opts.file_text shape. */
typedef int (*mls_text_fn)(void *payload, uint16_t file, const char **text,
                           size_t *len);

/* Append one result per finding of `f` on model `m` that `detail` lists,
 * and count the others in the unit's tally (one entry per rule, status
 * and severity of this model). Results past MLS_MAX_FINDINGS_PER_FILE for
 * one file are dropped with a warning. */
int mls_unit_add_findings(mls_unit_out *u, const rule_set *rs,
                          const mls_model *m, const rule_findings *f,
                          mls_detail detail, mls_text_fn text,
                          void *text_payload);

/* Room for `results` more results and `tally` more tally entries. */
int mls_unit_reserve(mls_unit_out *u, size_t results, size_t tally);

/* Append a value stored by mls_unit_encode() (one root module's or one
 * template's results, read from the cache) to the unit: its results
 * (strings copied into the unit's arena), tally entries, diagnostics and
 * counters, with rule indexes resolved in `rs` and suppression expiry
 * judged against `today`. MLS_EINPUT for a value that does not decode
 * (the unit keeps what it had), MLS_ENOMEM. */
int mls_unit_add_cached(mls_unit_out *u, const void *bytes, size_t len,
                        const rule_set *rs, const char *today);

/* A report listing this many results or more has the allocator give back
 * its freed memory (mls_alloc_release_free) while it is built and before
 * it is delivered: the worker threads' arenas would keep it otherwise. */
#define MLS_LARGE_REPORT_RESULTS 20000

/* d += s, field by field (bytes too). */
void mls_counts_add(mls_repo_counts *d, const mls_repo_counts *s);

/* Encode the unit's results [start, u->n) and tally entries [tstart,
 * u->nt) with `diag` and `counts` as a cache value in the
 * mls_report_encode format. */
int mls_unit_encode(mls_buf *out, const mls_unit_out *u, size_t start,
                    size_t tstart, const mls_diag *diag,
                    const mls_repo_counts *counts);

/* Build the report of one repository from its units: `units` points at
 * nunits structs of `stride` bytes, each with an mls_unit_out at byte
 * offset `out_off` (the units are left empty). name, target and commit
 * are copied; counts are added to the units' counters; `repo_diag`'s
 * entries are moved into the report. Results and diagnostics sorted; the
 * units' tallies merged into one, sorted, one entry per key. */
int mls_repo_report_build(mls_repo_report **out, const char *name,
                          const char *target, const char *commit, bool failed,
                          const mls_repo_counts *counts, mls_diag *repo_diag,
                          void *units, size_t nunits, size_t stride,
                          size_t out_off);

/* A report of one unit whose results are already in report order (a
 * value stored by mls_report_encode): as mls_repo_report_build() over
 * that unit with `diag`'s entries first, without sorting again. */
int mls_repo_report_adopt(mls_repo_report **out, const char *name,
                          const char *target, const char *commit, bool failed,
                          const mls_repo_counts *counts, mls_diag *diag,
                          mls_unit_out *u);

/* A failed report holding one error diagnostic, for when building the
 * real one ran out of memory; NULL if even that fails. */
/* Copy len bytes of a repository's own .mlsweep.yaml into r (its
 * repo_config, NUL-terminated, in r's arena). MLS_ENOMEM. */
int mls_repo_report_set_config(mls_repo_report *r, const char *bytes,
                               size_t len);

mls_repo_report *mls_repo_report_failed(const char *name, const char *target,
                                        const char *why);

void mls_repo_report_free(mls_repo_report *r); /* NULL-safe */

/* A report as bytes for the cache (core/engine/report_codec.c): results,
 * diagnostics and counters; not the name, target or commit, which belong
 * to the repository that hit the entry. */
int mls_report_encode(mls_buf *out, const mls_repo_report *r);
/* The report stored by mls_report_encode(), with rule indexes resolved in
 * `rs`, suppression expiry judged against `today`, and name, target and
 * commit (may be NULL) from the caller. MLS_EINPUT for a value that does
 * not decode (truncated, inconsistent, a rule no longer in the set),
 * MLS_ENOMEM. */
int mls_report_decode(mls_repo_report **out, const void *bytes, size_t len,
                      const rule_set *rs, const char *today, const char *name,
                      const char *target, const char *commit);

/* A report too large to hold encoded whole next to itself is stored in
 * parts of about part_bytes each (report_codec.c has the layout). put()
 * gets each part in order: bytes (owned from then on, in every case)
 * holds `room` bytes for the caller before the part's len bytes. Then
 * `head` gets the value that names the parts (the report without its
 * results); stamp must differ between stores under one key. */
typedef int (*mls_report_part_fn)(void *payload, uint32_t index, char *bytes,
                                  size_t len);
int mls_report_encode_parts(mls_buf *head, const mls_repo_report *r,
                            const uint8_t stamp[16], size_t part_bytes,
                            size_t room, mls_report_part_fn put, void *payload);
/* mls_report_decode() of a whole value or of a head, whose parts get()
 * looks up: MLS_OK with *bytes NULL (or a length that differs) when part
 * `index` is not there, which makes the value bad. Without get (NULL), a
 * head is a bad value. */
typedef int (*mls_report_part_get_fn)(void *payload, uint32_t index,
                                      const void **bytes, size_t *len);
int mls_report_decode_parts(mls_repo_report **out, const void *bytes,
                            size_t len, const rule_set *rs, const char *today,
                            const char *name, const char *target,
                            const char *commit, mls_report_part_get_fn get,
                            void *payload);

#endif
