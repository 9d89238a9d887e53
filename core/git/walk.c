/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/walk.c -- which paths are IaC candidates, the --include and
 * --exclude globs, and the walk over a Git tree.
 *
 * Stage: repo job -> file jobs. The tree walk keeps an explicit stack of
 * open trees (at most MLS_MAX_TREE_DEPTH), so a hostile repository that
 * nests trees thousands deep costs a warning, not the worker's stack. It
 * reads tree objects only, not even blob headers, so a walk inflates
 * nothing but trees; a blob is checked when it is loaded (blob.c). Trusts
 * nothing in a tree: entry names are checked (no "", ".", "..", '/'),
 * paths are bounded by MLS_MAX_PATH_BYTES, unknown modes and unreadable
 * trees are diagnostics and the walk goes on with their siblings. The filter
 * rules here are shared with the work-tree walk (worktree.c), so both sources
 * select the same paths.
 */
#define _POSIX_C_SOURCE 200809L /* fnmatch */

#include "core/git/walk.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/git_int.h"

#include "core/git/git2_dl.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Candidate kinds.                                                         */

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
  size_t k = strlen(suffix);
  return n > k && memcmp(s + n - k, suffix, k) == 0;
}

/* The same, ignoring ASCII case (CloudFormation does not care about file
 * names, and Windows-made templates end in .YAML or .Json). */
static bool has_suffix_icase(const char *s, size_t n, const char *suffix)
{
  size_t k = strlen(suffix);
  if (n <= k) {
    return false;
  }
  for (size_t i = 0; i < k; i++) {
    if (mls_tolower((unsigned char)s[n - k + i]) != (unsigned char)suffix[i]) {
      return false;
    }
  }
  return true;
}

bool walk_kind_of(walk_kind *out, const char *name, size_t len)
{
  walk_kind k;

  /* Terraform loads exactly these lower-case suffixes; "x.TF" is not read
   * by terraform and is not a candidate. n > k: a file named ".tf" is
   * hidden, not a Terraform file. */
  if (has_suffix(name, len, ".tf") || has_suffix(name, len, ".tofu")) {
    k = WALK_TF; /* .tofu: OpenTofu's own extension, the same language */
  } else if (has_suffix(name, len, ".tf.json") ||
             has_suffix(name, len, ".tofu.json")) {
    k = WALK_TF_JSON;
  } else if (has_suffix(name, len, ".tfvars")) {
    k = WALK_TFVARS;
  } else if (has_suffix(name, len, ".tfvars.json")) {
    k = WALK_TFVARS_JSON;
  } else if (has_suffix_icase(name, len, ".yaml") ||
             has_suffix_icase(name, len, ".yml")) {
    k = WALK_YAML;
  } else if (has_suffix_icase(name, len, ".json")) {
    k = WALK_JSON;
  } else if (has_suffix_icase(name, len, ".template")) {
    k = WALK_TEMPLATE;
  } else {
    return false;
  }
  *out = k;
  return true;
}

bool walk_kind_is_terraform(walk_kind k)
{
  return k == WALK_TF || k == WALK_TF_JSON || k == WALK_TFVARS ||
         k == WALK_TFVARS_JSON;
}

const char *walk_kind_name(walk_kind k)
{
  switch (k) {
  case WALK_TF:
    return "tf";
  case WALK_TF_JSON:
    return "tf.json";
  case WALK_TFVARS:
    return "tfvars";
  case WALK_TFVARS_JSON:
    return "tfvars.json";
  case WALK_YAML:
    return "yaml";
  case WALK_JSON:
    return "json";
  case WALK_TEMPLATE:
    return "template";
  }
  return "?";
}

/* ---------------------------------------------------------------------- */
/* Globs.                                                                   */

/* fnmatch on the first n bytes of s. */
static bool match_n(const char *glob, const char *s, size_t n, int flags)
{
  char buf[MLS_MAX_PATH_BYTES + 1];
  if (n > MLS_MAX_PATH_BYTES) {
    return false;
  }
  memcpy(buf, s, n);
  buf[n] = '\0';
  return fnmatch(glob, buf, flags) == 0;
}

/* glob (anchored: it has a '/') against path and each of its directory
 * prefixes, so "modules/x" selects every path below modules/x. */
static bool match_anchored(const char *glob, const char *path)
{
  size_t n = strlen(path);
  for (size_t i = 0; i <= n; i++) {
    if ((i == n || path[i] == '/') && match_n(glob, path, i, FNM_PATHNAME)) {
      return true;
    }
  }
  return false;
}

bool walk_glob_match(const char *glob, const char *path)
{
  char g[MLS_MAX_PATH_BYTES + 1];
  size_t n = strlen(glob);
  bool anchored = false, anywhere = false;
  const char *p = glob;

  /* "/x": anchored at the root, as in .gitignore. */
  if (n > 0 && p[0] == '/') {
    anchored = true;
    p++;
    n--;
  }
  /* "**" + "/x": x at any depth. */
  while (n >= 3 && memcmp(p, "**/", 3) == 0) {
    anywhere = true;
    p += 3;
    n -= 3;
  }
  /* "x/": a trailing slash adds nothing (directories match anyway). */
  while (n > 0 && p[n - 1] == '/') {
    n--;
  }
  if (n == 0 || n > MLS_MAX_PATH_BYTES) {
    return false;
  }
  memcpy(g, p, n);
  g[n] = '\0';
  if (memchr(g, '/', n)) {
    anchored = true;
  }
  if (!anchored && !anywhere) {
    /* No '/': match each component, as .gitignore does for "*.tf". */
    const char *c = path;
    for (;;) {
      const char *slash = strchr(c, '/');
      size_t len = slash ? (size_t)(slash - c) : strlen(c);
      if (match_n(g, c, len, 0)) {
        return true;
      }
      if (!slash) {
        return false;
      }
      c = slash + 1;
    }
  }
  if (!anywhere) {
    return match_anchored(g, path);
  }
  /* "**" + "/x/y": anchored x/y tried at every component boundary. */
  for (const char *c = path;;) {
    const char *slash = strchr(c, '/');
    if (match_anchored(g, c)) {
      return true;
    }
    if (!slash) {
      return false;
    }
    c = slash + 1;
  }
}

bool walk_glob_match_any(const char *const *globs, size_t n, const char *path)
{
  for (size_t i = 0; i < n; i++) {
    if (globs[i] && walk_glob_match(globs[i], path)) {
      return true;
    }
  }
  return false;
}

/* ---------------------------------------------------------------------- */
/* Shared decisions (git_int.h).                                            */

int walk__diag(walker *w, int rc, mls_severity sev, const char *fmt, ...)
{
  const char *saved = w->diag->path;
  va_list ap;

  w->diag->path = w->path;
  va_start(ap, fmt);
  mls_diag_addv(w->diag, rc, sev, NULL, fmt, ap);
  va_end(ap);
  w->diag->path = saved;
  return rc;
}

int walk__push_name(walker *w, const char *name, size_t n)
{
  size_t need = w->len + (w->len > 0) + n;

  if (n == 0 || (n == 1 && name[0] == '.') ||
      (n == 2 && name[0] == '.' && name[1] == '.') || memchr(name, '/', n) ||
      memchr(name, '\0', n)) {
    return walk__diag(w, MLS_EINPUT, MLS_SEV_WARNING,
                      "tree entry with an invalid name skipped");
  }
  if (need > MLS_MAX_PATH_BYTES) {
    return walk__diag(w, MLS_ELIMIT, MLS_SEV_WARNING,
                      "entry whose path is longer than %u bytes skipped",
                      (unsigned)MLS_MAX_PATH_BYTES);
  }
  if (w->len > 0) {
    w->path[w->len++] = '/';
  }
  memcpy(w->path + w->len, name, n);
  w->len += n;
  w->path[w->len] = '\0';
  return MLS_OK;
}

/* The last component of w->path. */
static const char *base_name(const walker *w)
{
  const char *slash = strrchr(w->path, '/');
  return slash ? slash + 1 : w->path;
}

/* walk.h. .git cannot be a tree entry Git writes, but a hostile tree may
 * hold one; in a work tree it is the repository itself. */
bool walk_dir_name_skipped(const char *name)
{
  return strcmp(name, ".git") == 0 || strcmp(name, ".terraform") == 0 ||
         strcmp(name, "node_modules") == 0;
}

bool walk__dir_skipped(walker *w)
{
  return w->opts->only || walk_dir_name_skipped(base_name(w)) ||
         walk_glob_match_any(w->opts->exclude, w->opts->nexclude, w->path);
}

int walk__dir_offer(walker *w, unsigned depth, const repo_oid *id,
                    walk__dir_verdict *verdict)
{
  walk_dir d;
  int rc;

  *verdict = WALK__DIR_SKIP;
  if (depth > MLS_MAX_TREE_DEPTH) {
    walk__diag(w, MLS_ELIMIT, MLS_SEV_WARNING,
               "directory nested deeper than %u levels skipped",
               (unsigned)MLS_MAX_TREE_DEPTH);
    return MLS_OK;
  }
  if (w->opts->on_dir) {
    memset(&d, 0, sizeof(d));
    d.path = w->path;
    d.path_len = w->len;
    d.depth = depth;
    if (id) {
      d.has_id = true;
      d.id = *id;
    }
    rc = w->opts->on_dir(&d, w->payload);
    if (rc < 0) {
      return rc;
    }
    if (rc == WALK_SPLIT || rc == WALK_SKIP) {
      *verdict = WALK__DIR_CLAIMED;
      return MLS_OK;
    }
  }
  *verdict = WALK__DIR_ENTER;
  return MLS_OK;
}

bool walk__selected(walker *w)
{
  if (w->opts->only && strcmp(w->path, w->opts->only) != 0) {
    return false;
  }
  if (walk_glob_match_any(w->opts->exclude, w->opts->nexclude, w->path)) {
    return false;
  }
  return w->opts->ninclude == 0 ||
         walk_glob_match_any(w->opts->include, w->opts->ninclude, w->path);
}

bool walk__candidate(walker *w, const char *name, size_t n, walk_kind *kind)
{
  return walk_kind_of(kind, name, n) && walk__selected(w);
}

/* git_int.h. */
mls_severity walk__big_sev(walk_kind k)
{
  return walk_kind_is_terraform(k) || k == WALK_TEMPLATE ? MLS_SEV_WARNING
                                                         : MLS_SEV_NOTE;
}

/* git_int.h. */
const char *walk__big_why(walk_kind k)
{
  return walk__big_sev(k) == MLS_SEV_NOTE
             ? "; CloudFormation takes templates of 1 MB at most"
             : "";
}

int walk__emit(walker *w, walk_kind kind, uint32_t mode, bool has_size,
               uint64_t size, const repo_oid *id)
{
  walk_entry e;

  if (has_size && size > MLS_MAX_BLOB_BYTES) {
    walk__diag(w, MLS_ELIMIT, walk__big_sev(kind),
               "file of %llu bytes skipped (limit %u bytes)%s",
               (unsigned long long)size, (unsigned)MLS_MAX_BLOB_BYTES,
               walk__big_why(kind));
    return MLS_OK; /* skipped; the walk goes on */
  }
  memset(&e, 0, sizeof(e));
  e.path = w->path;
  e.path_len = w->len;
  e.kind = kind;
  e.mode = mode;
  e.has_size = has_size;
  e.size = has_size ? size : 0;
  if (id) {
    e.has_id = true;
    e.id = *id;
  }
  if (w->cid) {
    e.has_cid = true;
    e.cid = *w->cid;
  }
  return w->cb(&e, w->payload);
}

/* ---------------------------------------------------------------------- */
/* The object-database walk.                                                */

/* One tree being walked: libgit2's, or its bytes as the native reader
 * read them (odb.h), checked whole before the first entry is used. */
typedef struct frame {
  git_tree *tree;     /* owned, or NULL for a native tree */
  unsigned char *raw; /* owned: a native tree's bytes */
  size_t rawlen;      /* their length */
  size_t next;        /* the next entry: an index into tree, or an offset
                         into raw */
  size_t count;       /* entries of tree (libgit2's) */
  size_t len;         /* bytes of the walker's path for this tree */
  unsigned depth;     /* path components of this tree */
} frame;

/* One entry of either kind of tree (odb.h). */
typedef odb_tree_ent tent;

/* git_int.h. */
int repo__tree_native(odb *o, const repo_oid *id, unsigned char **raw,
                      size_t *rawlen, mls_diag *diag)
{
  odb_obj obj;
  int rc;

  if (!o) {
    return 1;
  }
  rc = odb_read(o, id, ODB_TREE_MAX, &obj);
  if (rc == MLS_ENOMEM) {
    return mls_diag_add(diag, rc, NULL, "out of memory");
  }
  if (rc == MLS_OK && obj.type == ODB_TREE &&
      odb_tree_valid(obj.data, obj.size)) {
    *raw = obj.data;
    *rawlen = obj.size;
    return MLS_OK;
  }
  mls_free(obj.data); /* not read here: libgit2 reads it, and says why */
  return 1;
}

/* git_int.h. */
bool repo__tree_next(const unsigned char *raw, size_t rawlen, git_tree *tree,
                     size_t count, size_t *next, odb_tree_ent *e)
{
  const git_tree_entry *te;

  if (raw) {
    return odb_tree_next(raw, rawlen, next, e);
  }
  if (!tree || *next == count) {
    return false;
  }
  te = git_tree_entry_byindex(tree, (*next)++);
  e->name = git_tree_entry_name(te);
  e->n = strlen(e->name);
  e->mode = (unsigned)git_tree_entry_filemode(te);
  e->raw = (unsigned)git_tree_entry_filemode_raw(te);
  repo__oid_from_git(&e->id, git_tree_entry_id(te));
  return true;
}

static bool frame_next(frame *f, tent *e)
{
  return repo__tree_next(f->raw, f->rawlen, f->tree, f->count, &f->next, e);
}

static void frame_dispose(frame *f)
{
  /* libgit2 may not be loaded at all (git2_dl.c): no call into it for a
   * native tree. */
  if (f->tree) {
    git_tree_free(f->tree);
  }
  mls_free(f->raw);
  f->tree = NULL;
  f->raw = NULL;
}

/* Open tree id into f: read natively when the repository has the reader
 * and the bytes are a tree it takes, else through libgit2, whose failure
 * is a diagnostic stamped with path (NULL: none). */
static int frame_open(walker *w, frame *f, const repo_oid *id, const char *path)
{
  const char *saved = w->diag->path;
  git_oid oid;
  int rc;

  memset(f, 0, sizeof(*f));
  if ((rc = repo__tree_native(repo__side_reader(w->r), id, &f->raw, &f->rawlen,
                              w->diag)) <= 0) {
    return rc; /* read natively, or out of memory */
  }
  w->diag->path = path;
  if ((rc = repo__git(w->r, w->diag)) == MLS_OK) {
    repo__oid_to_git(&oid, id);
    if ((rc = git_tree_lookup(&f->tree, w->r->git, &oid)) < 0) {
      f->tree = NULL;
      rc = repo__diag_git_read(w->r, w->diag, rc, "cannot read tree");
    } else {
      f->count = git_tree_entrycount(f->tree);
    }
  }
  w->diag->path = saved;
  return rc;
}

/* A blob entry whose path is w->path. Neither the blob nor its header is
 * read here (walk.h says why): walk_load_ex() checks the object and its
 * size when the file is needed. */
static int visit_blob(walker *w, const tent *e)
{
  walk_kind kind;

  if (!walk__candidate(w, e->name, e->n, &kind)) {
    return MLS_OK;
  }
  return walk__emit(w, kind, (uint32_t)e->mode, false, 0, &e->id);
}

int walk__odb(walker *w, const repo_oid *root, unsigned base_depth)
{
  frame *stack = NULL;
  size_t sp = 0;
  frame top;
  int rc = MLS_OK;

  if ((rc = frame_open(w, &top, root, w->len > 0 ? w->path : NULL)) < 0) {
    return rc;
  }
  /* One frame per level: the depth bound is also the stack's size. */
  if (!(stack = mls_calloc(MLS_MAX_TREE_DEPTH + 1, sizeof(*stack)))) {
    frame_dispose(&top);
    return MLS_ENOMEM;
  }
  top.len = w->len;
  top.depth = base_depth;
  stack[sp++] = top;

  while (sp > 0) {
    frame *f = &stack[sp - 1];
    tent e;

    if (!frame_next(f, &e)) {
      frame_dispose(f);
      sp--;
      continue;
    }
    w->len = f->len;
    w->path[w->len] = '\0';
    if (walk__push_name(w, e.name, e.n) < 0) {
      continue; /* noted; siblings go on */
    }
    switch (e.mode) {
    case GIT_FILEMODE_TREE: {
      walk__dir_verdict v;
      frame sub;
      if (walk__dir_skipped(w)) {
        break;
      }
      if ((rc = walk__dir_offer(w, f->depth + 1, &e.id, &v)) < 0) {
        goto done;
      }
      if (v != WALK__DIR_ENTER) {
        break;
      }
      if (sp > MLS_MAX_TREE_DEPTH) { /* walk__dir bounds depth; belt */
        break;
      }
      if ((rc = frame_open(w, &sub, &e.id, w->path)) < 0) {
        if (rc == MLS_ENOMEM) {
          goto done;
        }
        rc = MLS_OK;
        break;
      }
      sub.len = w->len;
      sub.depth = f->depth + 1;
      stack[sp++] = sub; /* f is not used past this point */
      break;
    }
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      if ((rc = visit_blob(w, &e)) < 0) {
        goto done;
      }
      break;
    case GIT_FILEMODE_LINK: {
      walk_kind kind;
      /* A link is never followed: its target may leave the repository,
       * and Git stores only the target's name. Noted when it would have
       * been a candidate. */
      if (walk__candidate(w, e.name, e.n, &kind)) {
        walk__diag(w, MLS_OK, MLS_SEV_NOTE, "symbolic link not followed");
      }
      break;
    }
    case GIT_FILEMODE_COMMIT: {
      char hex[REPO_OID_HEXSZ + 1];
      if (walk__dir_skipped(w)) {
        break;
      }
      /* A submodule's commit lives in another repository; that
       * repository is a target of its own in an org sweep. */
      repo_oid_fmt(hex, &e.id);
      walk__diag(w, MLS_OK, MLS_SEV_NOTE,
                 "submodule (gitlink to commit %s) not followed", hex);
      break;
    }
    default:
      walk__diag(w, MLS_EINPUT, MLS_SEV_WARNING,
                 "tree entry with unknown mode %06o skipped", e.raw);
      break;
    }
  }
  rc = MLS_OK;

done:
  while (sp > 0) {
    frame_dispose(&stack[--sp]);
  }
  mls_free(stack);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* Entry points.                                                            */

static int run(repo *r, const walk_dir *dir, const walk_opts *opts,
               walk_file_cb cb, void *payload, mls_diag *diag)
{
  static const walk_opts defaults = WALK_OPTS_INIT;
  walker *w;
  int rc;

  MLS_ASSERT_ARG(r && cb && diag);
  if (!(w = mls_calloc(1, sizeof(*w)))) {
    return MLS_ENOMEM;
  }
  w->r = r;
  w->opts = opts ? opts : &defaults;
  w->cb = cb;
  w->payload = payload;
  w->diag = diag;
  if (dir && dir->path_len > 0) {
    if (dir->path_len > MLS_MAX_PATH_BYTES ||
        memchr(dir->path, '\0', dir->path_len) ||
        dir->path[dir->path_len - 1] == '/' || dir->path[0] == '/') {
      rc = mls_diag_add(diag, MLS_ERROR, NULL, "invalid subtree path");
      goto done;
    }
    memcpy(w->path, dir->path, dir->path_len);
    w->len = dir->path_len;
  }
  w->path[w->len] = '\0';
  if (r->empty) {
    rc = MLS_OK; /* no commit: no tree to walk */
  } else if (r->worktree) {
    rc = walk__disk(w, dir ? dir->depth : 0);
  } else if (dir && !dir->has_id) {
    rc = mls_diag_add(diag, MLS_ERROR, NULL, "subtree without a tree id");
  } else {
    rc = walk__odb(w, dir ? &dir->id : &r->tree, dir ? dir->depth : 0);
  }

done:
  mls_free(w);
  return rc;
}

int walk_repo(repo *r, const walk_opts *opts, walk_file_cb cb, void *payload,
              mls_diag *diag)
{
  return run(r, NULL, opts, cb, payload, diag);
}

int walk_subtree(repo *r, const walk_dir *dir, const walk_opts *opts,
                 walk_file_cb cb, void *payload, mls_diag *diag)
{
  MLS_ASSERT_ARG(dir && dir->path);
  return run(r, dir, opts, cb, payload, diag);
}

int walk_scoped(repo *r, const char *scope, const walk_opts *opts,
                walk_file_cb cb, void *payload, mls_diag *diag)
{
  walk_dir top;

  if (!scope) {
    return walk_repo(r, opts, cb, payload, diag);
  }
  memset(&top, 0, sizeof(top));
  top.path = scope;
  top.path_len = strlen(scope);
  top.depth = 1;
  for (size_t i = 0; i < top.path_len; i++) {
    top.depth += scope[i] == '/';
  }
  return walk_subtree(r, &top, opts, cb, payload, diag);
}
