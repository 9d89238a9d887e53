/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/fixture.h -- fixture repositories for the core/git
 * suites (CONVENTIONS section 8).
 *
 * gfx_setup() makes a fresh temporary directory and initialises libgit2
 * (repo_global_init); gfx_teardown() shuts libgit2 down and removes the
 * directory with everything in it. Between them, gfx_copy() copies
 * tests/fixtures/repos/<name> into it: a clone keeps its work tree and has
 * .gitted renamed to .git; a bare copy is the .gitted directory itself,
 * named <dest>. Test code only: failures fail the running test.
 */
#ifndef MLS_TESTS_UNIT_CORE_GIT_FIXTURE_H
#define MLS_TESTS_UNIT_CORE_GIT_FIXTURE_H

#include "core/base/diag.h"
#include "core/git/repo.h"
#include "core/git/walk.h"

#include <git2.h> /* gfx_commit_main() builds with libgit2 */
#include <stdbool.h>
#include <stddef.h>

/* Checked-fixture hooks: a temp root and libgit2 for each test. */
void gfx_setup(void);
void gfx_teardown(void);

/* static (valid until gfx_teardown): the temporary root directory. */
const char *gfx_root(void);

/* owned (mls_free): root/rel, made as a directory with its parents. */
char *gfx_mkdir(const char *rel);

/* owned (mls_free): the path of a copy of fixture name at root/dest. A
 * bare copy is the fixture's .gitted directory; otherwise the fixture
 * directory with .gitted renamed to .git. */
char *gfx_copy(const char *name, bool bare, const char *dest);

/* Write text to root/rel (parents made). */
void gfx_write(const char *rel, const char *text);

/* owned (mls_free): root/rel. */
char *gfx_path(const char *rel);

/* Owned: the absolute path of id's loose object file below the git
 * directory gitdir_rel (relative to the test's directory). */
char *gfx_loose_object(const char *gitdir_rel, const repo_oid *id);

/* A commit of tree in gr on refs/heads/main, by the fixed test author at a
 * fixed time, whose parent is main's commit when main exists; main is
 * moved to it. Its id into out (may be NULL). */
void gfx_commit_main(git_oid *out, git_repository *gr, const git_oid *tree,
                     const char *msg);

/* Remove root/rel and everything below it. */
void gfx_remove(const char *rel);

/* Sleep past the window in which a file's signature is racy (git_int.h
 * REPO_RACY_NS), so that files written before it may be vouched for. */
void gfx_past_racy_window(void);

/* One candidate as a walk reported it. */
typedef struct gfx_entry {
  char *path;              /* owned */
  walk_kind kind;          /* as reported */
  unsigned mode;           /* as reported */
  bool has_size;           /* as reported: true on disk only */
  unsigned long long size; /* as reported; 0 without has_size */
  bool has_id;
  repo_oid id;
} gfx_entry;

/* What a walk reported, in order. */
typedef struct gfx_walk {
  gfx_entry v[256]; /* entries; the fixtures hold far fewer */
  size_t n;         /* entries used */
} gfx_walk;

/* walk_file_cb that records into a gfx_walk payload; MLS_ENOMEM when it
 * cannot copy the path (under mls_alloc_fail_after). */
int gfx_collect(const walk_entry *e, void *payload);
void gfx_walk_dispose(gfx_walk *w);
/* The entry named path, or NULL. */
const gfx_entry *gfx_find(const gfx_walk *w, const char *path);
/* owned (mls_free): every path of w joined with '\n'. */
char *gfx_paths(const gfx_walk *w);

/* Whether d holds an entry with this severity whose path equals path (NULL:
 * any path) and whose message contains text. */
bool gfx_diag_has(const mls_diag *d, mls_severity sev, const char *path,
                  const char *text);
/* Print d to stderr (for failing tests). */
void gfx_diag_dump(const mls_diag *d);

/* A target for path of the given kind (borrowed path; no allocation). */
repo_target gfx_target(repo_target_kind kind, char *path);

#endif
