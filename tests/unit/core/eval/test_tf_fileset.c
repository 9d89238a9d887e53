/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_fileset.c -- fileset() (core/eval/
 * tf_funcs_fs.c) and the listings it goes through (tf_expr.c's callback,
 * the disk tf_source's list_tree).
 *
 * The function is called through tf_call_function() with a mock listing
 * over a small tree (every syntax element of doublestar v1.1.5's patterns,
 * the pinned version Terraform globs with; Terraform's own TestFileSet
 * cases; invalid patterns; symbolic links; missing directories; bounds;
 * allocation failure). Then whole modules are evaluated, from memory and
 * from a directory on disk, with for_each over fileset() and file() /
 * jsondecode() of each file.
 */
#define _GNU_SOURCE /* mkdtemp, symlink */

#include "tests/unit/test_util.h"

#include "tests/unit/core/eval/funcs_fixture.h"
#include "tests/unit/core/eval/mem_source.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/tf_eval.h"
#include "core/eval/tf_funcs.h"
#include "core/model/model.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a mock listing ---------------------------------------------------- */

/* The repository, relative to the root module's directory (its root):
 * directories are entries of their own, as a listing reports them. */
typedef struct mock_ent {
  const char *path;
  tf_fs_kind kind;
} mock_ent;

#define F TF_FS_FILE
#define D TF_FS_DIR
#define O TF_FS_OTHER

static const mock_ent tree[] = {
  { ".hidden", F },
  { "README.md", F },
  { "main.tf", F },
  { "policies", D },
  { "policies/a.json", F },
  { "policies/b.json", F },
  { "policies/notes.txt", F },
  { "policies/sub", D },
  { "policies/sub/c.json", F },
  { "policies/sub/deep", D },
  { "policies/sub/deep/d.json", F },
  { "files", D },
  { "files/x1.txt", F },
  { "files/x2.txt", F },
  { "files/xa.txt", F },
  { "files/[b].txt", F },
  { "files/a*b.txt", F },
  { "files/axb.txt", F },
  { "files/-.txt", F },
  { "files/^.txt", F },
  { "files/\xc3\xa9.txt", F }, /* é */
  { "files/a,b.txt", F },
  { "mixed", D },
  { "mixed/real.json", F },
  { "mixed/link.json", O }, /* a symbolic link */
  { "mixed/sublink", O },   /* a symbolic link, perhaps to a directory */
  { "mixed/vendor", O },    /* a submodule */
  { "links", D },
  { "links/dir", O }, /* a symbolic link to a directory */
  { "modules", D },
  { "modules/m", D },
  { "modules/m/main.tf", F },
  { "modules/m/p.json", F },
};

#undef F
#undef D
#undef O

/* How the mock behaves, and what it was asked. */
typedef struct mock {
  bool links;          /* the tree holds mixed/ and links/ (else left out) */
  const char *one;     /* report this one file instead of the tree */
  int fail;            /* return this (with a diagnostic) when set */
  size_t big;          /* report this many files instead of the tree */
  bool forward;        /* report in tree order (else reversed) */
  unsigned calls;      /* listings asked for */
  char last_dir[256];  /* the last directory asked for */
  unsigned last_depth; /* and its max_depth */
} mock;

static mock mk;

static const mock_ent *mock_find(const char *path, size_t n)
{
  for (size_t i = 0; i < sizeof(tree) / sizeof(tree[0]); i++) {
    if (strlen(tree[i].path) == n && memcmp(tree[i].path, path, n) == 0) {
      return &tree[i];
    }
  }
  return NULL;
}

static int mock_list(void *payload, const char *dir, unsigned max_depth,
                     tf_fs_entry_fn cb, void *cbp, mls_diag *d)
{
  size_t dl = strlen(dir), n = sizeof(tree) / sizeof(tree[0]);
  (void)payload;
  mk.calls++;
  snprintf(mk.last_dir, sizeof(mk.last_dir), "%s", dir);
  mk.last_depth = max_depth;
  if (mk.fail) {
    return mls_diag_add(d, mk.fail, NULL, "mock failure");
  }
  if (mk.one) {
    return cb(cbp, mk.one, TF_FS_FILE);
  }
  if (mk.big) {
    for (size_t i = 0; i < mk.big; i++) {
      char name[32];
      int rc;
      snprintf(name, sizeof(name), "f%07zu.json", i);
      if ((rc = cb(cbp, name, TF_FS_FILE)) < 0) {
        return rc;
      }
    }
    return MLS_OK;
  }
  if (strcmp(dir, ".") == 0) {
    dl = 0;
  } else if (strncmp(dir, "..", 2) == 0) {
    return mls_diag_add(d, MLS_ERROR, NULL, "outside the repository");
  }
  /* Every prefix must be a directory: a link on the way is not followed,
   * a file or nothing means no such directory. */
  for (size_t i = 1; dl && i <= dl; i++) {
    if (i == dl || dir[i] == '/') {
      const mock_ent *e = mock_find(dir, i);
      if (e && !mk.links &&
          (strncmp(e->path, "mixed", 5) == 0 ||
           strncmp(e->path, "links", 5) == 0)) {
        e = NULL;
      }
      if (e && e->kind == TF_FS_OTHER) {
        return MLS_EINPUT;
      }
      if (!e || e->kind != TF_FS_DIR) {
        return MLS_EIO;
      }
    }
  }
  for (size_t k = 0; k < n; k++) {
    const mock_ent *e = &tree[mk.forward ? k : n - 1 - k];
    const char *rel = e->path + (dl ? dl + 1 : 0);
    unsigned depth = 1;
    int rc;
    if (dl && (strncmp(e->path, dir, dl) != 0 || e->path[dl] != '/')) {
      continue;
    }
    if (!mk.links && (strncmp(e->path, "mixed", 5) == 0 ||
                      strncmp(e->path, "links", 5) == 0)) {
      continue;
    }
    for (const char *p = rel; *p; p++) {
      depth += *p == '/';
    }
    if (depth > max_depth) {
      continue;
    }
    if ((rc = cb(cbp, rel, e->kind)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

static tf_fn_ctx context(bool lister)
{
  tf_fn_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.arena = arena;
  ctx.diag = &diag;
  ctx.list_files = lister ? mock_list : NULL;
  ctx.payload = &mk;
  ctx.module_dir = ".";
  return ctx;
}

static mls_value *str(const char *s)
{
  mls_value *v = mls_value_string(arena, S(s));
  ck_assert_ptr_nonnull(v);
  return v;
}

static mls_value *call2(mls_value *a, mls_value *b, bool lister)
{
  tf_fn_ctx ctx = context(lister);
  mls_value *args[2] = { a, b }, *out = NULL;
  ck_assert_int_eq(tf_call_function(&ctx, S("fileset"), args, 2, false, &out),
                   MLS_OK);
  ck_assert_ptr_nonnull(out);
  return out;
}

static mls_value *fs(const char *path, const char *pattern)
{
  return call2(str(path), str(pattern), true);
}

/* A result as text: a set's strings joined by '|' in their order, "{}"
 * for the empty set, "ERROR" or "UNKNOWN". */
static const char *show(const mls_value *v)
{
  static char buf[8192];
  size_t w = 0;
  if (v->kind == MLS_V_UNKNOWN) {
    return tf_value_is_error(v) ? "ERROR" : "UNKNOWN";
  }
  ck_assert_int_eq(v->kind, MLS_V_LIST);
  ck_assert(v->flags & MLS_VF_SET);
  if (v->u.list.n == 0) {
    return "{}";
  }
  buf[0] = '\0';
  for (uint32_t i = 0; i < v->u.list.n; i++) {
    const mls_value *x = v->u.list.items[i];
    ck_assert_int_eq(x->kind, MLS_V_STRING);
    w += (size_t)snprintf(buf + w, sizeof(buf) - w, "%s%.*s", i ? "|" : "",
                          (int)x->u.str.len, x->u.str.ptr);
    ck_assert_uint_lt(w, sizeof(buf));
  }
  return buf;
}

#define FS(path, pattern, want)                                                \
  ck_assert_msg(strcmp(show(fs(path, pattern)), want) == 0,                    \
                "fileset(\"%s\", \"%s\") = %s, want %s", path, pattern,        \
                show(fs(path, pattern)), want)

static bool diag_has(const char *part)
{
  for (size_t i = 0; i < diag.n; i++) {
    if (strstr(diag.v[i].message, part)) {
      return true;
    }
  }
  return false;
}

/* ---- patterns ---------------------------------------------------------- */

START_TEST(eval_tf_fileset__star_question_and_literals)
{
  mk = (mock){ 0 };
  /* '*' takes any run of a name, dot files included (doublestar has no
   * rule for them); directories are never in the result. */
  FS(".", "*", ".hidden|README.md|main.tf");
  FS(".", "policies/*.json", "policies/a.json|policies/b.json");
  FS("policies", "*.json", "a.json|b.json");
  FS("policies", "*", "a.json|b.json|notes.txt");
  FS(".", "policies/?.json", "policies/a.json|policies/b.json");
  FS(".", "?hidden", ".hidden");
  FS("files", "x?.txt", "x1.txt|x2.txt|xa.txt");
  /* '?' is one character, not one byte. */
  FS("files", "?.txt", "-.txt|^.txt|\xc3\xa9.txt");
  /* '*' and '?' stop at '/'. */
  FS(".", "*.json", "{}");
  FS("policies", "*/*.json", "sub/c.json");
  FS("policies", "*/*/*.json", "sub/deep/d.json");
  /* Names only: the one file, if it is one. */
  FS(".", "policies/a.json", "policies/a.json");
  FS("policies", "b.json", "b.json");
  FS(".", "policies", "{}");
  FS(".", "policies/zz.json", "{}");
  /* A '*' in a pattern matches a '*' in a name too. */
  FS("files", "a*b.txt", "a*b.txt|a,b.txt|axb.txt");
  FS("files", "a\\*b.txt", "a*b.txt");
}
END_TEST

START_TEST(eval_tf_fileset__doublestar_any_depth)
{
  mk = (mock){ 0 };
  /* "**" is any number of directories, zero included. */
  FS(".", "policies/**/*.json",
     "policies/a.json|policies/b.json|policies/sub/c.json|"
     "policies/sub/deep/d.json");
  FS(".", "policies/**/a.json", "policies/a.json");
  FS("policies", "**/*.json", "a.json|b.json|sub/c.json|sub/deep/d.json");
  FS("policies", "**", "a.json|b.json|notes.txt|sub/c.json|sub/deep/d.json");
  FS("policies", "sub/**", "sub/c.json|sub/deep/d.json");
  FS("policies", "**/deep/*", "sub/deep/d.json");
  FS("policies", "**/sub/**/*.json", "sub/c.json|sub/deep/d.json");
  /* Inside a name "**" is two stars: it stops at '/'. */
  FS("policies", "s**/*.json", "sub/c.json");
  FS("policies", "**.json", "a.json|b.json");
  /* The listing goes as deep as the pattern can: one level for "*.json",
   * three for "*" "/" "*" "/" "*", any depth with "**". */
  mk.calls = 0;
  (void)fs("policies", "*.json");
  ck_assert_uint_eq(mk.calls, 1);
  ck_assert_str_eq(mk.last_dir, "policies");
  ck_assert_uint_eq(mk.last_depth, 1);
  (void)fs(".", "policies/*/*/*");
  ck_assert_str_eq(mk.last_dir, "policies");
  ck_assert_uint_eq(mk.last_depth, 3);
  (void)fs("policies", "**/x");
  ck_assert_uint_eq(mk.last_depth, UINT_MAX);
  /* Glob characters anywhere end the directory part. */
  (void)fs(".", "pol*/sub/*.json");
  ck_assert_str_eq(mk.last_dir, ".");
  ck_assert_uint_eq(mk.last_depth, 3);
  FS(".", "pol*/sub/*.json", "policies/sub/c.json");
}
END_TEST

START_TEST(eval_tf_fileset__classes_alternatives_and_escapes)
{
  mk = (mock){ 0 };
  FS("files", "x[12].txt", "x1.txt|x2.txt");
  FS("files", "x[0-9].txt", "x1.txt|x2.txt");
  FS("files", "x[^1].txt", "x2.txt|xa.txt");
  FS("files", "x[a-z].txt", "xa.txt");
  /* '!' does not negate in doublestar: it is a member. */
  FS("files", "x[!1].txt", "x1.txt");
  /* "[^]" is any one character; a class may hold a multi-byte one. */
  FS("files", "x[^].txt", "x1.txt|x2.txt|xa.txt");
  FS("files", "[\xc3\xa9].txt", "\xc3\xa9.txt");
  /* Escapes inside and outside classes. */
  FS("files", "[\\-].txt", "-.txt");
  FS("files", "[\\^].txt", "^.txt");
  FS("files", "\\[b\\].txt", "[b].txt");
  FS("files", "[[]b].txt", "[b].txt");
  FS("files", "a\\*b.txt", "a*b.txt");
  FS("files", "a\\,b.txt", "a,b.txt");
  /* Alternatives, an empty one, and one holding a class or a star. */
  FS("files", "{x1,xa}.txt", "x1.txt|xa.txt");
  FS("files", "x{1,}.txt", "x1.txt");
  FS("files", "{x[2],-}.txt", "-.txt|x2.txt");
  FS("files", "{a*,^}.txt", "^.txt|a*b.txt|a,b.txt|axb.txt");
  FS(".", "policies/{a,b}.json", "policies/a.json|policies/b.json");
  /* An escaped comma is part of its option. */
  FS("files", "{a\\,b,zz}.txt", "a,b.txt");
  /* Terraform's own TestFileSet cases, over its testdata shape. */
  FS(".", "polic*", "{}");
  FS(".", "{policies,missing}", "{}");
  FS(".", "policies/missing*", "{}");
  FS(".", "*/missing", "{}");
  FS(".", "**/missing", "{}");
  FS(".", "*/a.json", "policies/a.json");
  FS(".", "**/a.json", "policies/a.json");
  FS(".", "**/a.{json,txt}", "policies/a.json");
}
END_TEST

START_TEST(eval_tf_fileset__invalid_patterns_are_errors)
{
  static const char *const bad[][2] = {
    { ".", "[" },          /* Terraform's own case */
    { ".", "\\" },         /* Terraform's own case: an escape of nothing */
    { "files", "x[" },     /* reached: x1.txt starts with x */
    { "files", "[]" },     /* an empty class */
    { "files", "[-a]" },   /* a range without a start */
    { "files", "[a-]" },   /* a range without an end */
    { "files", "[a--]" },  /* a range ending in '-' */
    { "files", "[a\\]" },  /* the only ']' is escaped */
    { "files", "{x1" },    /* an unterminated alternative */
    { "files", "{x1,[}" }, /* an option with a broken class */
  };
  mk = (mock){ 0 };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    size_t before = diag.n;
    mls_value *v = fs(bad[i][0], bad[i][1]);
    ck_assert_msg(tf_value_is_error(v), "fileset(%s, %s) = %s", bad[i][0],
                  bad[i][1], show(v));
    ck_assert_uint_gt(diag.n, before);
    ck_assert(strstr(diag.v[diag.n - 1].message, "syntax error in pattern") !=
              NULL);
  }
  ck_assert(diag_has("failed to glob pattern \"files/[]\""));
  /* As doublestar: the bad part counts only when a name reaches it, so a
   * missing directory or names that fail before it give the empty set,
   * and an error right of a star is ignored by the star's search. */
  FS("missing", "[", "{}");
  FS("files", "zz[", "{}");
  FS("files", "*[", "{}");
  /* try() falls back over the error value. */
  {
    tf_fn_ctx ctx = context(true);
    mls_value *args[2] = { fs("files", "["), str("fallback") }, *out = NULL;
    ck_assert_int_eq(tf_call_function(&ctx, S("try"), args, 2, false, &out),
                     MLS_OK);
    ck_assert_int_eq(out->kind, MLS_V_STRING);
    ck_assert(mls_span_eq(out->u.str, "fallback"));
  }
}
END_TEST

/* ---- paths -------------------------------------------------------------- */

START_TEST(eval_tf_fileset__paths_are_cleaned_and_made_relative)
{
  mk = (mock){ 0 };
  /* filepath.Join cleans: "./", "x/..", doubled and trailing slashes. */
  FS("./policies/", "./a.json", "a.json");
  FS("policies//sub/..", "*.json", "a.json|b.json");
  FS("", "policies/a.json", "policies/a.json");
  FS(".", "policies/", "{}");
  /* ".." in the pattern: results are relative to the path argument. */
  FS("policies", "../files/x1.txt", "../files/x1.txt");
  FS("policies/sub", "../../modules/m/*.json", "../../modules/m/p.json");
  FS("policies", "../mod*/m/p.json", "../modules/m/p.json");
  /* A file as the path: no directory, no match -- but the pattern ""
   * names the file itself, which Terraform makes ".". */
  FS("main.tf", "*", "{}");
  FS("main.tf", "", ".");
  /* A module's path.module. */
  FS("modules/m", "*.json", "p.json");
  /* Missing directories: the empty set, as Glob's Lstat fails. */
  FS("missing", "*", "{}");
  FS(".", "missing/*.json", "{}");
  FS(".", "missing/**", "{}");
  /* Glob characters in the path are glob characters. */
  FS("polic?es", "a.json", "../policies/a.json"); /* Rel is lexical */
}
END_TEST

START_TEST(eval_tf_fileset__links_and_submodules_make_it_unknown)
{
  mk = (mock){ 0 };
  mk.links = true;
  /* A pattern that can match a link, or anything below one, is unknown:
   * Terraform would follow it (the target may be a file or a directory
   * full of them). */
  FS("mixed", "*.json", "UNKNOWN");
  ck_assert(diag_has("mixed/link.json") || diag_has("link.json"));
  FS("mixed", "sub*", "UNKNOWN");
  FS("mixed", "*/x.json", "UNKNOWN");
  FS("mixed", "vendor/**", "UNKNOWN");
  FS(".", "**", "UNKNOWN");
  FS(".", "**/*.json", "UNKNOWN");
  /* One it cannot reach does not matter. */
  FS("mixed", "real.json", "real.json");
  FS("mixed", "r*", "real.json");
  FS("mixed", "*.txt", "{}");
  FS(".", "policies/**/*.json",
     "policies/a.json|policies/b.json|policies/sub/c.json|"
     "policies/sub/deep/d.json");
  /* Terraform's "**" follows links to directories. */
  FS("mixed", "**/*.json", "UNKNOWN");
  FS("links", "**/x", "UNKNOWN");
  /* A directory reached through a link is not listed. */
  FS("links/dir", "*", "UNKNOWN");
  FS(".", "links/dir/*.json", "UNKNOWN");
  ck_assert(diag_has("not followed"));
}
END_TEST

START_TEST(eval_tf_fileset__unknown_without_a_listing)
{
  mk = (mock){ 0 };
  /* No callback; a failure other than "no such directory"; a path
   * outside the repository; absolute paths and UNC-looking patterns. */
  ck_assert_str_eq(show(call2(str("."), str("*"), false)), "UNKNOWN");
  ck_assert(diag_has("cannot be listed"));
  mk.fail = MLS_EGIT;
  FS(".", "*", "UNKNOWN");
  mk.fail = MLS_ERROR;
  FS("policies", "*.json", "UNKNOWN");
  mk.fail = 0;
  FS("..", "*", "UNKNOWN");
  FS(".", "../*", "UNKNOWN");
  mk.calls = 0;
  FS("/etc", "*", "UNKNOWN");
  FS(".", "\\\\server\\share\\*", "UNKNOWN");
  ck_assert_uint_eq(mk.calls, 0);
}
END_TEST

START_TEST(eval_tf_fileset__arguments_and_determinism)
{
  mls_value *v, *w;
  mk = (mock){ 0 };
  /* The listing's order does not show. */
  mk.forward = false;
  v = fs(".", "**/*.txt");
  mk.forward = true;
  w = fs(".", "**/*.txt");
  {
    char first[8192];
    snprintf(first, sizeof(first), "%s", show(v));
    ck_assert_str_eq(show(w), first);
    ck_assert(strstr(first, "policies/notes.txt") != NULL);
  }
  mk.forward = false;
  v = fs("files", "*");
  mk.forward = true;
  {
    char first[8192];
    snprintf(first, sizeof(first), "%s", show(v));
    ck_assert_str_eq(show(fs("files", "*")), first);
    ck_assert_str_eq(first, "-.txt|[b].txt|^.txt|a*b.txt|a,b.txt|axb.txt|"
                            "x1.txt|x2.txt|xa.txt|\xc3\xa9.txt");
  }
  /* A number converts to a string; null, a list and unknown do not. */
  ck_assert_str_eq(
      show(call2(str("files"), mls_value_number(arena, 1, S("1")), true)),
      "{}");
  ck_assert(
      tf_value_is_error(call2(str("files"), mls_value_null(arena), true)));
  ck_assert(tf_value_is_error(
      call2(str("files"), mls_value_list(arena, NULL, 0), true)));
  {
    mls_value *u = mls_value_unknown(arena, S("var.p"), "test: unknown");
    ck_assert_ptr_nonnull(u);
    ck_assert_str_eq(show(call2(str("files"), u, true)), "UNKNOWN");
    ck_assert_str_eq(show(call2(u, str("*"), true)), "UNKNOWN");
  }
  /* Sensitive in, sensitive out. */
  {
    mls_value *p = str("files");
    p->flags |= MLS_VF_SENSITIVE;
    v = call2(p, str("x1.txt"), true);
    ck_assert_str_eq(show(v), "x1.txt");
    ck_assert(v->flags & MLS_VF_SENSITIVE);
  }
}
END_TEST

/* ---- bounds ------------------------------------------------------------- */

START_TEST(eval_tf_fileset__bounds_give_unknown_with_a_diagnostic)
{
  mk = (mock){ 0 };
  /* Exactly the bound of entries is fine; one more is not. */
  mk.big = MLS_MAX_BODY_ITEMS;
  {
    mls_value *v = fs("big", "f000000?.json");
    ck_assert_str_eq(show(v), "f0000000.json|f0000001.json|f0000002.json|"
                              "f0000003.json|f0000004.json|f0000005.json|"
                              "f0000006.json|f0000007.json|f0000008.json|"
                              "f0000009.json");
  }
  mk.big = MLS_MAX_BODY_ITEMS + 1;
  FS("big", "*.json", "UNKNOWN");
  ck_assert(diag_has("too many entries"));
  ck_assert_int_eq(diag.v[diag.n - 1].rc, MLS_ELIMIT);
  mk.big = 0;
  /* Matching that would take exponential time. */
  mk.one = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  FS("big", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "UNKNOWN");
  ck_assert(diag_has("too many steps"));
  mk.one = NULL;
  /* A path and pattern longer than a path may be. */
  {
    char *longp = mls_arena_alloc(arena, MLS_MAX_PATH_BYTES + 2);
    memset(longp, 'a', MLS_MAX_PATH_BYTES + 1);
    longp[MLS_MAX_PATH_BYTES + 1] = '\0';
    FS(".", longp, "UNKNOWN");
  }
  /* Alternatives nested past MLS_MAX_NESTING. */
  {
    size_t n = MLS_MAX_NESTING + 8, w = 0;
    char *p = mls_arena_alloc(arena, 2 * n + 16);
    for (size_t i = 0; i < n; i++) {
      p[w++] = '{';
    }
    memcpy(p + w, "x1.txt", 6);
    w += 6;
    for (size_t i = 0; i < n; i++) {
      p[w++] = '}';
    }
    p[w] = '\0';
    /* "{{{x1.txt}}}": each '{' opens an alternative up to the first '}',
     * so the options nest one level per brace. */
    FS("files", p, "UNKNOWN");
    ck_assert_int_eq(diag.v[diag.n - 1].rc, MLS_ELIMIT);
  }
}
END_TEST

/* The last iteration fails no allocation (asserted below). */
#define FILESET_ENOMEM_LOOPS 400

START_TEST(eval_tf_fileset__enomem_at_every_allocation)
{
  mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  tf_fn_ctx ctx;
  mls_value *args[2], *out = NULL;
  unsigned long used;
  int rc;

  ck_assert_ptr_nonnull(res);
  mk = (mock){ 0 };
  args[0] = str(".");
  args[1] = str("{policies,files}/**/{a,x1}.*");
  ctx = context(true);
  ctx.arena = res;
  mls_alloc_fail_after(_i);
  rc = tf_call_function(&ctx, S("fileset"), args, 2, false, &out);
  used = mls_alloc_count();
  mls_alloc_fail_after(-1);
  ck_assert(rc == MLS_OK || rc == MLS_ENOMEM);
  if (rc == MLS_OK) {
    ck_assert_ptr_nonnull(out);
  }
  if (used <= (unsigned long)_i) { /* nothing failed: the whole answer */
    ck_assert_int_eq(rc, MLS_OK);
    ck_assert_str_eq(show(out), "files/x1.txt|policies/a.json");
  }
  ck_assert(used <= (unsigned long)_i || _i < FILESET_ENOMEM_LOOPS - 1);
  mls_arena_free(res);
}
END_TEST

/* ---- whole modules -------------------------------------------------------
 */

static const memfile repo_files[] = {
  { "main.tf",
    "resource \"aws_iam_policy\" \"p\" {\n"
    "  for_each = fileset(path.module, \"policies/*.json\")\n"
    "  name     = each.key\n"
    "  description = file(\"${path.module}/${each.value}\")\n"
    "  version  = jsondecode(file(\"${path.module}/${each.value}\")).Version\n"
    "}\n"
    "module \"m\" {\n"
    "  source = \"./modules/m\"\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"docs\" {\n"
    "  bucket = join(\",\", fileset(\"${path.module}/policies\", \"*.txt\"))\n"
    "}\n" },
  { "policies/a.json",
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
    "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}" },
  { "policies/b.json", "{\"Version\": \"2008-10-17\", \"Id\": \"b\"}" },
  { "policies/README.txt", "not a policy" },
  { "modules/m/main.tf",
    "resource \"aws_iam_policy\" \"q\" {\n"
    "  for_each = fileset(path.module, \"*.json\")\n"
    "  name     = each.value\n"
    "  description = file(\"${path.module}/${each.value}\")\n"
    "}\n" },
  { "modules/m/q.json", "{\"Version\": \"2012-10-17\"}" },
};

static memsrc repo = { repo_files, sizeof(repo_files) / sizeof(repo_files[0]),
                       0 };

/* Every file below dir and the directories between (each reported once). */
static int mem_list_tree(void *payload, const char *dir, unsigned max_depth,
                         tf_tree_cb cb, void *cbp)
{
  size_t dl = strlen(dir), n = sizeof(repo_files) / sizeof(repo_files[0]);
  char seen[32][128];
  size_t nseen = 0;
  bool any = dl == 0;
  (void)payload;
  for (size_t i = 0; i < n; i++) {
    const char *p = repo_files[i].path, *rel;
    unsigned depth = 1;
    if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/')) {
      continue;
    }
    any = true;
    rel = dl ? p + dl + 1 : p;
    for (const char *s = rel; *s; s++) {
      if (*s == '/') {
        char d[128];
        bool dup = false;
        int rc;
        snprintf(d, sizeof(d), "%.*s", (int)(s - rel), rel);
        for (size_t j = 0; j < nseen; j++) {
          dup = dup || strcmp(seen[j], d) == 0;
        }
        if (!dup && depth <= max_depth) {
          snprintf(seen[nseen++], sizeof(seen[0]), "%s", d);
          if ((rc = cb(cbp, d, TF_ENTRY_DIR)) < 0) {
            return rc;
          }
        }
        depth++;
      }
    }
    if (depth <= max_depth) {
      int rc = cb(cbp, rel, TF_ENTRY_FILE);
      if (rc < 0) {
        return rc;
      }
    }
  }
  return any ? MLS_OK : MLS_EIO;
}

static const mls_resource *res(const mls_model *m, const char *addr)
{
  for (uint32_t i = 0; i < m->nresources; i++) {
    if (mls_span_eq(m->resources[i].address, addr)) {
      return &m->resources[i];
    }
  }
  ck_abort_msg("no resource %s", addr);
  return NULL;
}

static void assert_attr(const mls_model *m, const char *addr, const char *path,
                        const char *want)
{
  const mls_value *v = mls_value_path(res(m, addr)->body, path);
  ck_assert_msg(v != NULL, "%s has no %s", addr, path);
  ck_assert_msg(v->kind == MLS_V_STRING && mls_span_eq(v->u.str, want),
                "%s.%s is not \"%s\" (kind %d)", addr, path, want,
                (int)v->kind);
}

START_TEST(eval_tf_fileset__for_each_over_policies_from_memory)
{
  tf_source src;
  tf_loader *ld = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  uint32_t policies = 0;

  memset(&src, 0, sizeof(src));
  src.list = mem_list;
  src.read = mem_read;
  src.list_tree = mem_list_tree;
  src.payload = &repo;
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_eval_root(&m, ld, "", NULL, &d), MLS_OK);
  /* One instance per policy file, keyed by its path below path.module,
   * each holding the file and a field of it decoded; README.txt is no
   * JSON and not matched. */
  assert_attr(m, "aws_iam_policy.p[\"policies/a.json\"]", "name",
              "policies/a.json");
  assert_attr(m, "aws_iam_policy.p[\"policies/a.json\"]", "version",
              "2012-10-17");
  assert_attr(m, "aws_iam_policy.p[\"policies/b.json\"]", "version",
              "2008-10-17");
  assert_attr(m, "aws_iam_policy.p[\"policies/b.json\"]", "description",
              repo_files[2].data);
  /* In the module, path.module is "modules/m": its files by name. */
  assert_attr(m, "module.m.aws_iam_policy.q[\"q.json\"]", "description",
              "{\"Version\": \"2012-10-17\"}");
  assert_attr(m, "aws_s3_bucket.docs", "bucket", "README.txt");
  for (uint32_t i = 0; i < m->nresources; i++) {
    policies += mls_span_eq(m->resources[i].type, "aws_iam_policy");
  }
  ck_assert_uint_eq(policies, 3);
  mls_model_free(m);
  m = NULL;
  tf_loader_free(ld);
  mls_diag_dispose(&d);

  /* A source without list_tree: the for_each is unknown, nothing made up. */
  src.list_tree = NULL;
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_eval_root(&m, ld, "", NULL, &d), MLS_OK);
  for (uint32_t i = 0; i < m->nresources; i++) {
    ck_assert(!mls_span_eq(m->resources[i].address,
                           "aws_iam_policy.p[\"policies/a.json\"]"));
  }
  mls_model_free(m);
  tf_loader_free(ld);
  mls_diag_dispose(&d);
}
END_TEST

/* A directory on disk: the disk source's listing, with a symbolic link
 * beside the policies that must not be followed. */
static void write_file(const char *dir, const char *rel, const char *text)
{
  char path[4096];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(fputs(text, f) >= 0, 1);
  ck_assert_int_eq(fclose(f), 0);
}

static void remove_tree(const char *dir)
{
  char cmd[4200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

START_TEST(eval_tf_fileset__disk_source_lists_without_following_links)
{
  char dir[] = "/tmp/mls-fileset-XXXXXX", p[4200];
  tf_source src;
  tf_loader *ld = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  const mls_value *v;

  ck_assert_ptr_nonnull(mkdtemp(dir));
  static const char *const dirs[] = { "policies", "policies/sub", "linked" };
  for (size_t i = 0; i < 3; i++) {
    snprintf(p, sizeof(p), "%s/%s", dir, dirs[i]);
    ck_assert_int_eq(mkdir(p, 0755), 0);
  }
  write_file(dir, "policies/a.json", "{\"Version\": \"2012-10-17\"}");
  write_file(dir, "policies/sub/b.json", "{\"Version\": \"2008-10-17\"}");
  write_file(dir, "policies/notes.txt", "text");
  write_file(dir, "linked/real.txt", "text");
  snprintf(p, sizeof(p), "%s/linked/link.txt", dir);
  ck_assert_int_eq(symlink("real.txt", p), 0);
  snprintf(p, sizeof(p), "%s/outside", dir);
  ck_assert_int_eq(symlink("/etc", p), 0);
  write_file(dir, "main.tf",
             "resource \"aws_iam_policy\" \"p\" {\n"
             "  for_each = fileset(path.module, \"policies/**/?.json\")\n"
             "  version  = jsondecode(file(each.value)).Version\n"
             "}\n"
             "resource \"aws_s3_bucket\" \"b\" {\n"
             "  bucket = join(\",\", fileset(path.module, \"linked/*\"))\n"
             "  acl    = join(\",\", fileset(path.module, \"linked/r*\"))\n"
             "  tags = {\n"
             "    out = join(\",\", fileset(\"outside\", \"*\"))\n"
             "    txt = join(\",\", fileset(\".\", \"policies/**/*.txt\"))\n"
             "  }\n"
             "}\n");
  tf_disk_source(&src, dir);
  ck_assert(src.list_tree != NULL);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_eval_root(&m, ld, "", NULL, &d), MLS_OK);
  /* One-letter names at any depth below policies/. */
  assert_attr(m, "aws_iam_policy.p[\"policies/a.json\"]", "version",
              "2012-10-17");
  assert_attr(m, "aws_iam_policy.p[\"policies/sub/b.json\"]", "version",
              "2008-10-17");
  /* "linked/<star>" reaches the link: unknown, not a set without it... */
  v = mls_value_path(res(m, "aws_s3_bucket.b")->body, "bucket");
  ck_assert_ptr_nonnull(v);
  ck_assert_int_eq(v->kind, MLS_V_UNKNOWN);
  /* ...which "linked/r<star>" does not reach. */
  assert_attr(m, "aws_s3_bucket.b", "acl", "linked/real.txt");
  /* A directory reached through a link (here out of the tree): unknown. */
  v = mls_value_path(res(m, "aws_s3_bucket.b")->body, "tags.out");
  ck_assert_ptr_nonnull(v);
  ck_assert_int_eq(v->kind, MLS_V_UNKNOWN);
  assert_attr(m, "aws_s3_bucket.b", "tags.txt", "policies/notes.txt");
  mls_model_free(m);
  tf_loader_free(ld);
  mls_diag_dispose(&d);
  remove_tree(dir);
}
END_TEST

Suite *eval_tf_fileset_suite(void)
{
  Suite *s = suite_create("eval_tf_fileset");
  TCase *tc = tcase_create("fileset");
  TCase *tm = tcase_create("modules");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, eval_tf_fileset__star_question_and_literals);
  tcase_add_test(tc, eval_tf_fileset__doublestar_any_depth);
  tcase_add_test(tc, eval_tf_fileset__classes_alternatives_and_escapes);
  tcase_add_test(tc, eval_tf_fileset__invalid_patterns_are_errors);
  tcase_add_test(tc, eval_tf_fileset__paths_are_cleaned_and_made_relative);
  tcase_add_test(tc, eval_tf_fileset__links_and_submodules_make_it_unknown);
  tcase_add_test(tc, eval_tf_fileset__unknown_without_a_listing);
  tcase_add_test(tc, eval_tf_fileset__arguments_and_determinism);
  tcase_add_test(tc, eval_tf_fileset__bounds_give_unknown_with_a_diagnostic);
  tcase_add_loop_test(tc, eval_tf_fileset__enomem_at_every_allocation, 0,
                      FILESET_ENOMEM_LOOPS);
  suite_add_tcase(s, tc);
  tcase_add_checked_fixture(tm, setup, teardown);
  tcase_add_test(tm, eval_tf_fileset__for_each_over_policies_from_memory);
  tcase_add_test(tm,
                 eval_tf_fileset__disk_source_lists_without_following_links);
  suite_add_tcase(s, tm);
  return s;
}
