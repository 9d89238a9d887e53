/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/test_odb.c -- core/git/odb.c: Git objects read
 * without libgit2 (loose files, version-2 packs, offset and reference
 * deltas, the base cache).
 *
 * odb_read() must read an object exactly as libgit2 does or decline
 * (MLS_ERROR: libgit2's to read and to report); with verification on it
 * must never hand out wrong bytes, whatever the files hold, and never read
 * outside them. So every object of each repository -- loose, packed with
 * offset deltas, packed with reference deltas, indexed with 64-bit
 * offsets, spread over two packs and loose files, chained 600 deep -- is
 * compared with what libgit2 reads; the bound (ODB_TOO_BIG) is checked at
 * and around every object's size; and damaged copies (flipped bytes,
 * truncated packs, indexes and loose files, a loose file of another
 * object), hostile pack entries and loose headers, and failed allocations
 * must give the right bytes or MLS_ERROR (or MLS_ENOMEM).
 *
 * The repositories are made in the test with the git command line, kept
 * from the user's configuration, from content generated here:
 * Terraform-like files of a few KB edited a few lines a commit, so that
 * packs hold delta chains, and a lock file of ~200 KB for large deltas.
 * Shapes git never writes (cycles, deltas out of bounds, chains past any
 * depth git uses) are in packs and loose files written here byte by byte,
 * their deflate streams stored blocks.
 */
#define _GNU_SOURCE /* popen, pclose */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/base/sha1.h"
#include "core/git/odb.h"
#include "core/git/repo.h"
#include "tests/unit/core/git/fixture.h"

#include <dirent.h>
#include <fcntl.h>
#include <git2.h> /* what libgit2 reads, to compare with */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The bound of the reads that must succeed: far above any object here. */
#define READ_MAX ((size_t)1 << 30)
/* The repository most tests read: .tf files and commits. */
#define FILES   60
#define COMMITS 6
/* Lines of big/lock.hcl (80 bytes each, mostly hex: ~200 KB, ~100 KB
 * deflated), and the most lines any generated file has. */
#define BIG_LINES 2560
/* Deltas in the chain of the hand-written deep pack. */
#define DEEP 600

/* ck_assert_msg() without its record of the line passed (a write to
 * Check's pipe each time): for the loops over thousands of lines and
 * objects. */
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ck_abort_msg(__VA_ARGS__);                                               \
    }                                                                          \
  } while (0)

static void ok(int rc)
{
  CHECK(rc == MLS_OK, "buffer: %s", mls_rc_name(rc));
}

/* --- running git --------------------------------------------------------- */

/* What every command runs under: no system, global or user configuration,
 * nothing inherited that names another repository, fixed dates; $G is git
 * with an identity, a default branch, and no automatic gc or signing. */
#define GIT_ENV                                                                \
  "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY "           \
  "GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES "                  \
  "GIT_NAMESPACE; "                                                            \
  "export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "                  \
  "GIT_AUTHOR_DATE=2020-01-01T00:00:00Z "                                      \
  "GIT_COMMITTER_DATE=2020-01-01T00:00:00Z; "                                  \
  "G='git -c user.name=t -c user.email=t@t -c init.defaultBranch=main "        \
  "-c gc.auto=0 -c commit.gpgsign=false -c core.autocrlf=false'; "

/* owned: the shell command that runs fmt in root/dir, its output sent as
 * out says. */
static char *command(const char *dir, const char *out, const char *fmt,
                     va_list ap) __attribute__((format(printf, 3, 0)));
static char *command(const char *dir, const char *out, const char *fmt,
                     va_list ap)
{
  mls_buf b = MLS_BUF_INIT(1 << 16);
  const char *root = gfx_root();

  ok(mls_buf_printf(&b,
                    "cd '%s/%s' && export HOME='%s' "
                    "XDG_CONFIG_HOME='%s/.config' && " GIT_ENV "( ",
                    root, dir, root, root));
  ok(mls_buf_vprintf(&b, fmt, ap));
  ok(mls_buf_printf(&b, " )%s", out));
  return b.ptr;
}

/* Run fmt with sh in root/dir; its output is dropped, and it must
 * succeed. */
static void sh(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sh(const char *dir, const char *fmt, ...)
{
  va_list ap;
  char *cmd;
  int st;

  va_start(ap, fmt);
  cmd = command(dir, " >/dev/null", fmt, ap);
  va_end(ap);
  st = system(cmd);
  ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
                "command failed (%d): %s", st, cmd);
  mls_free(cmd);
}

/* owned: the standard output of fmt run with sh in root/dir. */
static char *sh_out(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *sh_out(const char *dir, const char *fmt, ...)
{
  mls_buf out = MLS_BUF_INIT((size_t)1 << 26);
  char chunk[8192];
  va_list ap;
  char *cmd;
  FILE *p;
  size_t n;
  int st;

  va_start(ap, fmt);
  cmd = command(dir, "", fmt, ap);
  va_end(ap);
  p = popen(cmd, "r");
  ck_assert_msg(p != NULL, "cannot run %s", cmd);
  while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0) {
    ok(mls_buf_put(&out, chunk, n));
  }
  st = pclose(p);
  ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
                "command failed (%d): %s", st, cmd);
  mls_free(cmd);
  return out.ptr ? out.ptr : mls_strndup("", 0);
}

/* --- files --------------------------------------------------------------- */

static unsigned char *read_all(const char *path, size_t *len)
{
  return (unsigned char *)mls_test_read_file(path, len);
}

/* Replace the file at path (packs and loose objects are read-only). */
static void put_file(const char *path, const void *p, size_t n)
{
  int fd;

  (void)chmod(path, 0644);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ck_assert_msg(fd >= 0, "cannot write %s", path);
  ck_assert(write(fd, p, n) == (ssize_t)n);
  ck_assert_int_eq(close(fd), 0);
}

static off_t file_size(const char *path)
{
  struct stat st;
  ck_assert_msg(stat(path, &st) == 0, "no %s", path);
  return st.st_size;
}

/* owned: the path of the one objects/pack/pack-*.<ext> of the git
 * directory root/gitdir. */
static char *pack_path(const char *gitdir, const char *ext)
{
  mls_buf b = MLS_BUF_INIT(8192);
  char *dir, *found = NULL;
  DIR *d;
  struct dirent *e;

  ok(mls_buf_printf(&b, "%s/objects/pack", gitdir));
  dir = gfx_path(b.ptr);
  mls_buf_dispose(&b);
  d = opendir(dir);
  ck_assert_msg(d != NULL, "no %s", dir);
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name), x = strlen(ext);
    if (strncmp(e->d_name, "pack-", 5) != 0 || n < x + 6 ||
        e->d_name[n - x - 1] != '.' || strcmp(e->d_name + n - x, ext) != 0) {
      continue;
    }
    ck_assert_msg(found == NULL, "more than one pack in %s", dir);
    mls_buf_init(&b, 8192);
    ok(mls_buf_printf(&b, "%s/%s", dir, e->d_name));
    found = b.ptr;
  }
  closedir(d);
  ck_assert_msg(found != NULL, "no .%s in %s", ext, dir);
  mls_free(dir);
  return found;
}

/* How many pack indexes the git directory root/gitdir has. */
static size_t pack_count(const char *gitdir)
{
  char rel[512];
  char *dir;
  DIR *d;
  struct dirent *e;
  size_t n = 0;

  snprintf(rel, sizeof(rel), "%s/objects/pack", gitdir);
  dir = gfx_path(rel);
  d = opendir(dir);
  ck_assert_msg(d != NULL, "no %s", dir);
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    n += len > 4 && strcmp(e->d_name + len - 4, ".idx") == 0;
  }
  closedir(d);
  mls_free(dir);
  return n;
}

/* --- generated history --------------------------------------------------- */

static uint32_t mix(uint32_t a, uint32_t b, uint32_t c)
{
  uint32_t h = a * 0x9e3779b1u ^ b * 0x85ebca77u ^ c * 0xc2b2ae3du;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  h *= 0x297a2d39u;
  h ^= h >> 15;
  return h;
}

/* A work tree at root/dir and the versions of its lines. */
typedef struct hist {
  char dir[64];   /* below the root */
  unsigned files; /* .tf files (beside the lock file, a tiny and an empty) */
  unsigned made;  /* commits made */
  unsigned *ver;  /* owned: line versions, BIG_LINES a file, lock file last */
} hist;

/* Lines of .tf file f: 64 to 159 (2 to 5 KB). */
static unsigned tf_lines(unsigned f)
{
  return 64 + mix(f, 0, 7) % 96;
}

static void tf_text(mls_buf *b, unsigned f, const unsigned *ver)
{
  static const char *const acl[] = { "private", "public-read",
                                     "log-delivery-write" };
  for (unsigned j = 0, n = tf_lines(f); j < n; j++) {
    unsigned r = (unsigned)mix(f, j, ver[j]);
    int rc;
    switch (j % 8) {
    case 0:
      rc = mls_buf_printf(b, "resource \"aws_s3_bucket\" \"b%u_%u\" {\n", f,
                          j / 8);
      break;
    case 1:
      rc = mls_buf_printf(b, "  bucket = \"data-%08x\"\n", r);
      break;
    case 2:
      rc = mls_buf_printf(b, "  acl    = \"%s\"\n", acl[r % 3]);
      break;
    case 3:
      rc = mls_buf_puts(b, "  versioning {\n");
      break;
    case 4:
      rc = mls_buf_printf(b, "    enabled = %s\n", r & 1 ? "true" : "false");
      break;
    case 5:
      rc = mls_buf_puts(b, "  }\n");
      break;
    case 6:
      rc = mls_buf_printf(b, "  tags = { Owner = \"team-%u\", Rev = \"%u\" }\n",
                          r % 50, ver[j]);
      break;
    default:
      rc = mls_buf_puts(b, "}\n\n");
      break;
    }
    ok(rc);
  }
}

static void lock_text(mls_buf *b, const unsigned *ver)
{
  ok(mls_buf_puts(b, "# Maintained by \"terraform init\".\n"
                     "locals {\n"));
  for (unsigned j = 0; j < BIG_LINES; j++) {
    ok(mls_buf_printf(b, "  h%04u = \"h1:", j));
    for (unsigned k = 0; k < 8; k++) {
      ok(mls_buf_printf(b, "%08x", (unsigned)mix(j, ver[j], 16 + k)));
    }
    ok(mls_buf_puts(b, "\"\n"));
  }
  ok(mls_buf_puts(b, "}\n"));
}

static void hist_put(const hist *h, const char *rel, const mls_buf *b)
{
  char path[512];
  snprintf(path, sizeof(path), "%s/%s", h->dir, rel);
  gfx_write(path, b->ptr ? b->ptr : "");
}

static void hist_init(hist *h, const char *dir, unsigned files)
{
  size_t n = (size_t)(files + 1) * BIG_LINES;

  snprintf(h->dir, sizeof(h->dir), "%s", dir);
  h->files = files;
  h->made = 0;
  h->ver = mls_malloc(n * sizeof(*h->ver));
  ck_assert_ptr_nonnull(h->ver);
  memset(h->ver, 0, n * sizeof(*h->ver));
  sh(".", "$G init -q '%s'", dir);
}

/* The next commit: after the first, a third of the .tf files get two
 * lines changed, the lock file three, the tiny file its revision. */
static void hist_commit(hist *h)
{
  mls_buf b = MLS_BUF_INIT((size_t)1 << 24);
  unsigned c = h->made, *lock = h->ver + (size_t)h->files * BIG_LINES;

  if (c > 0) {
    for (unsigned f = 0; f < h->files; f++) {
      unsigned *v = h->ver + (size_t)f * BIG_LINES, n = tf_lines(f);
      if (mix(f, c, 1) % 3 == 0) {
        v[mix(f, c, 2) % n]++;
        v[mix(f, c, 3) % n]++;
      }
    }
    for (unsigned k = 0; k < 3; k++) {
      lock[mix(h->files, c, 4 + k) % BIG_LINES]++;
    }
  }
  for (unsigned f = 0; f < h->files; f++) {
    char rel[128];
    snprintf(rel, sizeof(rel), "mod%u/env%u/main_%u.tf", f % 6, f / 6 % 3, f);
    mls_buf_clear(&b);
    tf_text(&b, f, h->ver + (size_t)f * BIG_LINES);
    hist_put(h, rel, &b);
  }
  mls_buf_clear(&b);
  lock_text(&b, lock);
  hist_put(h, "big/lock.hcl", &b);
  mls_buf_clear(&b);
  ok(mls_buf_printf(&b, "rev %u\n", c));
  hist_put(h, "notes/tiny.txt", &b);
  mls_buf_clear(&b);
  hist_put(h, "empty.txt", &b);
  mls_buf_dispose(&b);
  sh(h->dir, "$G add -A && $G commit -q -m 'commit %u'", c);
  h->made++;
}

static void hist_dispose(hist *h)
{
  mls_free(h->ver);
  h->ver = NULL;
}

/* A repository at root/dir of files .tf files and commits commits, and an
 * annotated tag: every object loose. */
static void make_repo(const char *dir, unsigned files, unsigned commits)
{
  hist h;
  hist_init(&h, dir, files);
  for (unsigned c = 0; c < commits; c++) {
    hist_commit(&h);
  }
  sh(dir, "$G tag -a v1 -m 'release v1'");
  hist_dispose(&h);
}

/* Pack everything at root/dir with offset deltas, chains up to 50. */
static void repack_ofs(const char *dir)
{
  sh(dir, "$G repack -adfq --depth=50 --window=50");
}

/* A bare copy of root/src at root/dst, packed with reference deltas. */
static void clone_ref(const char *src, const char *dst)
{
  sh(".", "$G clone -q --bare --no-local '%s' '%s'", src, dst);
  sh(dst, "$G -c repack.useDeltaBaseOffset=false repack -adfq");
}

/* --- what libgit2 reads -------------------------------------------------- */

typedef struct want {
  repo_oid id;
  odb_type type;
  size_t size;
  unsigned char *data; /* owned: size bytes */
} want;

typedef struct wants {
  want *v; /* owned, sorted by id */
  size_t n, cap;
} wants;

static int add_id(const git_oid *id, void *payload)
{
  wants *w = payload;
  if (w->n == w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 256;
    want *v = mls_realloc(w->v, cap * sizeof(*v));
    ck_assert_ptr_nonnull(v);
    w->v = v;
    w->cap = cap;
  }
  memset(&w->v[w->n], 0, sizeof(w->v[0]));
  memcpy(w->v[w->n].id.id, id->id, REPO_OID_RAWSZ);
  w->n++;
  return 0;
}

static int by_id(const void *a, const void *b)
{
  return memcmp(a, b, REPO_OID_RAWSZ); /* id is the first member */
}

/* Every object of the repository at root/rel, as libgit2 reads it. */
static void wants_load(wants *w, const char *rel)
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_odb *db = NULL;
  size_t keep = 0;

  memset(w, 0, sizeof(*w));
  ck_assert_int_gt(git_libgit2_init(), 0);
  ck_assert_int_eq(git_repository_open(&gr, path), 0);
  ck_assert_int_eq(git_repository_odb(&db, gr), 0);
  ck_assert_int_eq(git_odb_foreach(db, add_id, w), 0);
  ck_assert_uint_gt(w->n, 0);
  qsort(w->v, w->n, sizeof(w->v[0]), by_id);
  for (size_t i = 0; i < w->n; i++) { /* an object both loose and packed */
    if (keep == 0 || by_id(&w->v[keep - 1], &w->v[i]) != 0) {
      w->v[keep++] = w->v[i];
    }
  }
  w->n = keep;
  for (size_t i = 0; i < w->n; i++) {
    want *e = &w->v[i];
    git_odb_object *obj = NULL;
    git_oid oid;
    CHECK(git_oid_fromraw(&oid, e->id.id) == 0, "git_oid_fromraw");
    CHECK(git_odb_read(&obj, db, &oid) == 0, "libgit2 cannot read an object");
    e->type = (odb_type)git_odb_object_type(obj);
    e->size = git_odb_object_size(obj);
    e->data = mls_malloc(e->size + 1);
    CHECK(e->data != NULL, "out of memory");
    memcpy(e->data, git_odb_object_data(obj), e->size);
    git_odb_object_free(obj);
  }
  git_odb_free(db);
  git_repository_free(gr);
  git_libgit2_shutdown();
  mls_free(path);
}

static void wants_dispose(wants *w)
{
  for (size_t i = 0; i < w->n; i++) {
    mls_free(w->v[i].data);
  }
  mls_free(w->v);
  memset(w, 0, sizeof(*w));
}

/* How many objects of type t w holds. */
static size_t wants_of(const wants *w, odb_type t)
{
  size_t n = 0;
  for (size_t i = 0; i < w->n; i++) {
    n += w->v[i].type == t;
  }
  return n;
}

/* --- reading with odb ---------------------------------------------------- */

/* The odb of the git directory root/gitdir; MLS_OK or odb_open()'s
 * refusal. */
static int odb_open_at(odb **o, const char *gitdir, bool verify)
{
  char *p = gfx_path(gitdir);
  int gd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

  ck_assert_msg(gd >= 0, "cannot open %s", p);
  rc = odb_open(o, gd, verify);
  ck_assert_int_eq(close(gd), 0); /* borrowed only while opening */
  mls_free(p);
  return rc;
}

static odb *odb_at(const char *gitdir, bool verify)
{
  odb *o = NULL;
  ck_assert_int_eq(odb_open_at(&o, gitdir, verify), MLS_OK);
  ck_assert_ptr_nonnull(o);
  return o;
}

/* obj is w's object, as libgit2 read it. */
static void same_object(const want *w, const odb_obj *obj)
{
  char hex[REPO_OID_HEXSZ + 1];
  repo_oid_fmt(hex, &w->id);
  CHECK(obj->type == w->type, "%s: type %d, libgit2 says %d", hex,
        (int)obj->type, (int)w->type);
  CHECK(obj->size == w->size, "%s: size %zu, libgit2 says %zu", hex, obj->size,
        w->size);
  CHECK(obj->data != NULL, "%s: no data", hex);
  CHECK(memcmp(obj->data, w->data, w->size) == 0,
        "%s: bytes differ from libgit2's", hex);
  CHECK(obj->data[obj->size] == '\0', "%s: no NUL sentinel", hex);
}

/* odb_read() of w with bound max gives w. */
static void reads_right(odb *o, const want *w, size_t max)
{
  char hex[REPO_OID_HEXSZ + 1];
  odb_obj obj;
  int rc = odb_read(o, &w->id, max, &obj);

  repo_oid_fmt(hex, &w->id);
  CHECK(rc == MLS_OK, "%s (%s, %zu bytes, bound %zu): odb_read gave %d", hex,
        odb_type_name(w->type), w->size, max, rc);
  same_object(w, &obj);
  mls_free(obj.data);
}

static void reads_all_right(odb *o, const wants *w, size_t max)
{
  for (size_t i = 0; i < w->n; i++) {
    reads_right(o, &w->v[i], max);
  }
}

/* odb_read() of w gives w or declines (damaged files); true when read. */
static bool reads_right_or_not(odb *o, const want *w)
{
  char hex[REPO_OID_HEXSZ + 1];
  odb_obj obj;
  int rc = odb_read(o, &w->id, READ_MAX, &obj);

  repo_oid_fmt(hex, &w->id);
  if (rc == MLS_ERROR) {
    CHECK(obj.data == NULL, "%s: data with MLS_ERROR", hex);
    return false;
  }
  CHECK(rc == MLS_OK, "%s: odb_read gave %d on damaged files", hex, rc);
  same_object(w, &obj);
  mls_free(obj.data);
  return true;
}

/* Every object of w through a fresh odb of root/gitdir: each right or
 * declined. Adds the reads and the refusals to *got and *no. */
static void damaged_reads(const char *gitdir, const wants *w, size_t *got,
                          size_t *no)
{
  odb *o = odb_at(gitdir, true);
  for (size_t i = 0; i < w->n; i++) {
    if (reads_right_or_not(o, &w->v[i])) {
      (*got)++;
    } else {
      (*no)++;
    }
  }
  odb_free(o);
}

/* --- what a pack holds (git verify-pack -v) ------------------------------ */

typedef struct pent {
  repo_oid id;            /* first: by_id() sorts these too */
  unsigned long long off; /* the entry's offset in the pack */
  unsigned depth;         /* its delta chain; 0 when whole */
} pent;

typedef struct pents {
  pent *v; /* owned, sorted by id */
  size_t n;
  size_t deltas;      /* entries with depth > 0 */
  unsigned max_depth; /* the deepest */
} pents;

static bool hex_id(repo_oid *out, const char *hex)
{
  for (size_t i = 0; i < REPO_OID_RAWSZ; i++) {
    char two[3] = { hex[2 * i], hex[2 * i + 1], '\0' }, *end;
    unsigned long v = strtoul(two, &end, 16);
    if (*end != '\0' || two[0] == '\0' || two[0] == '+' || two[0] == '-') {
      return false;
    }
    out->id[i] = (unsigned char)v;
  }
  return true;
}

/* The entries of the one pack of root/gitdir, and (delta_type 6 or 7;
 * 0: either) that every delta in it is of that pack type. */
static void pack_list(pents *p, const char *gitdir, unsigned delta_type)
{
  char *idx = pack_path(gitdir, "idx"), *pack = pack_path(gitdir, "pack");
  char *out = sh_out(gitdir, "$G verify-pack -v '%s'", idx), *save = NULL;
  size_t plen, cap = 0;
  unsigned char *bytes = read_all(pack, &plen);

  memset(p, 0, sizeof(*p));
  for (char *line = strtok_r(out, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    char *f[8], *fs = NULL;
    size_t nf = 0;
    unsigned ptype;
    pent e;
    if (strlen(line) < REPO_OID_HEXSZ + 1 || line[REPO_OID_HEXSZ] != ' ') {
      continue; /* the summary lines */
    }
    for (char *t = strtok_r(line, " ", &fs); t && nf < 8;
         t = strtok_r(NULL, " ", &fs)) {
      f[nf++] = t;
    }
    if ((nf != 5 && nf != 7) || !hex_id(&e.id, f[0])) {
      continue;
    }
    e.off = strtoull(f[4], NULL, 10);
    e.depth = nf == 7 ? (unsigned)strtoul(f[5], NULL, 10) : 0;
    CHECK(e.off < plen, "%s: offset %llu past the pack", f[0], e.off);
    ptype = bytes[e.off] >> 4 & 7;
    if (e.depth > 0) {
      CHECK(delta_type ? ptype == delta_type : ptype == 6 || ptype == 7,
            "%s: pack type %u, not %u", f[0], ptype, delta_type);
      p->deltas++;
      p->max_depth = e.depth > p->max_depth ? e.depth : p->max_depth;
    } else {
      CHECK(ptype >= 1 && ptype <= 4, "%s: pack type %u", f[0], ptype);
    }
    if (p->n == cap) {
      cap = cap ? 2 * cap : 256;
      p->v = mls_realloc(p->v, cap * sizeof(*p->v));
      CHECK(p->v != NULL, "out of memory");
    }
    p->v[p->n++] = e;
  }
  ck_assert_uint_gt(p->n, 0);
  qsort(p->v, p->n, sizeof(p->v[0]), by_id);
  mls_free(bytes);
  mls_free(out);
  mls_free(pack);
  mls_free(idx);
}

static const pent *pents_find(const pents *p, const repo_oid *id)
{
  const pent *e = bsearch(id, p->v, p->n, sizeof(p->v[0]), by_id);
  CHECK(e != NULL, "not in the pack");
  return e;
}

/* --- the tests ----------------------------------------------------------- */

/* Loose objects, every type (the tag is annotated, one blob empty), with
 * and without hashing. */
START_TEST(repo_odb__loose_objects_read_as_libgit2)
{
  wants w;
  odb_stats st;

  make_repo("r", FILES, COMMITS);
  wants_load(&w, "r");
  ck_assert_uint_eq(pack_count("r/.git"), 0);
  ck_assert_uint_gt(wants_of(&w, ODB_COMMIT), 0);
  ck_assert_uint_gt(wants_of(&w, ODB_TREE), 0);
  ck_assert_uint_gt(wants_of(&w, ODB_BLOB), 0);
  ck_assert_uint_gt(wants_of(&w, ODB_TAG), 0);
  for (int verify = 0; verify < 2; verify++) {
    odb *o = odb_at("r/.git", verify);
    reads_all_right(o, &w, READ_MAX);
    odb_get_stats(o, &st);
    ck_assert_uint_eq(st.loose, w.n);
    ck_assert_uint_eq(st.packed, 0);
    ck_assert_uint_eq(st.base_hits, 0);
    odb_free(o);
  }
  wants_dispose(&w);
}
END_TEST

/* Loose files on both sides of the reader's stack buffer (16 KB, odb.c):
 * incompressible blobs whose compressed files are 16,383 bytes and more
 * (stored blocks: about the blob's size and 22 bytes) and one of 64 KB;
 * each is read as libgit2 reads it, the big ones through the fstat path. */
START_TEST(repo_odb__loose_files_around_the_stack_buffer)
{
  static const size_t sizes[] = { 16340, 16355, 16360, 16361, 16362,
                                  16363, 16370, 16400, 65536 };
  bool below = false, above = false;
  wants w;
  repo_oid id;
  uint32_t x = 12345;

  sh(".", "$G init -q --bare big.git");
  for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
    unsigned char *data = mls_malloc(sizes[k]);
    char *path = gfx_path("blob.bin"), *hex, *loose;
    off_t fsz;

    ck_assert_ptr_nonnull(data);
    for (size_t i = 0; i < sizes[k]; i++) {
      x = mix(x, (uint32_t)i, (uint32_t)k);
      data[i] = (unsigned char)(x >> 24);
    }
    put_file(path, data, sizes[k]);
    hex = sh_out(".", "$G --git-dir=big.git hash-object -w blob.bin");
    hex[strcspn(hex, "\n")] = '\0';
    ck_assert_uint_eq(strlen(hex), REPO_OID_HEXSZ);
    ck_assert(hex_id(&id, hex));
    loose = gfx_loose_object("big.git", &id);
    fsz = file_size(loose);
    below = below || fsz <= 16383;
    above = above || fsz > 16383;
    mls_free(loose);
    mls_free(hex);
    mls_free(path);
    mls_free(data);
  }
  /* The sizes were chosen to straddle the buffer. */
  ck_assert(below && above);
  wants_load(&w, "big.git");
  ck_assert_uint_eq(w.n, sizeof(sizes) / sizeof(sizes[0]));
  for (int verify = 0; verify < 2; verify++) {
    odb *o = odb_at("big.git", verify);
    reads_all_right(o, &w, READ_MAX);
    odb_free(o);
  }
  wants_dispose(&w);
}
END_TEST

/* One pack of offset deltas, chains up to 50: the bases come from the
 * cache once read. */
START_TEST(repo_odb__ofs_delta_pack_reads_as_libgit2)
{
  wants w;
  pents p;
  odb_stats st;

  make_repo("r", FILES, COMMITS);
  repack_ofs("r");
  ck_assert_uint_eq(pack_count("r/.git"), 1);
  pack_list(&p, "r/.git", 6);
  ck_assert_uint_gt(p.deltas, 50);
  ck_assert_uint_ge(p.max_depth, 3);
  wants_load(&w, "r");
  ck_assert_uint_eq(w.n, p.n);
  for (int verify = 1; verify >= 0; verify--) {
    odb *o = odb_at("r/.git", verify);
    reads_all_right(o, &w, READ_MAX);
    odb_get_stats(o, &st);
    ck_assert_uint_eq(st.packed, w.n);
    ck_assert_uint_eq(st.loose, 0);
    ck_assert_uint_gt(st.base_hits, 0);
    odb_free(o);
  }
  mls_free(p.v);
  wants_dispose(&w);
}
END_TEST

/* ODB_LOOSE_FIRST: a loose object is read without listing the packs, and
 * one that is only packed is still found there. */
START_TEST(repo_odb__loose_first_reads_both_kinds)
{
  wants w;
  odb_stats st;

  make_repo("r", FILES, COMMITS);
  wants_load(&w, "r");
  for (int packed = 0; packed < 2; packed++) {
    odb *o;
    if (packed) {
      repack_ofs("r");
    }
    o = odb_at("r/.git", true);
    for (size_t i = 0; i < w.n; i++) {
      odb_obj obj;
      int rc = odb_read_ex(o, &w.v[i].id, READ_MAX, ODB_LOOSE_FIRST, &obj);
      CHECK(rc == MLS_OK, "object %zu: gave %d", i, rc);
      same_object(&w.v[i], &obj);
      mls_free(obj.data);
    }
    odb_get_stats(o, &st);
    ck_assert_uint_eq(st.loose, packed ? 0 : w.n);
    ck_assert_uint_eq(st.packed, packed ? w.n : 0);
    odb_free(o);
  }
  wants_dispose(&w);
}
END_TEST

/* One pack of reference deltas, in a bare repository. */
START_TEST(repo_odb__ref_delta_pack_reads_as_libgit2)
{
  wants w;
  pents p;
  odb_stats st;
  odb *o;

  make_repo("r", FILES, COMMITS);
  clone_ref("r", "bare.git");
  pack_list(&p, "bare.git", 7);
  ck_assert_uint_gt(p.deltas, 50);
  ck_assert_uint_ge(p.max_depth, 2);
  wants_load(&w, "bare.git");
  ck_assert_uint_eq(w.n, p.n);
  o = odb_at("bare.git", true);
  reads_all_right(o, &w, READ_MAX);
  odb_get_stats(o, &st);
  ck_assert_uint_eq(st.packed, w.n);
  ck_assert_uint_eq(st.loose, 0);
  odb_free(o);
  mls_free(p.v);
  wants_dispose(&w);
}
END_TEST

/* An index whose offsets are in the 64-bit table (git index-pack
 * --index-version=2,12 puts there every offset above 12: all but the
 * first object's; all of them would be an index git refuses). */
START_TEST(repo_odb__large_offset_table_reads_as_libgit2)
{
  wants w;
  char *idx, *pack, *wide = gfx_path("wide.idx");
  const char *name;
  odb *o;

  make_repo("r", 12, 4);
  repack_ofs("r");
  idx = pack_path("r/.git", "idx");
  pack = pack_path("r/.git", "pack");
  name = strrchr(pack, '/') + 1;
  sh("r/.git/objects/pack", "$G index-pack --index-version=2,12 -o '%s' '%s'",
     wide, name);
  ck_assert_int_eq(chmod(idx, 0644), 0);
  ck_assert_int_eq(rename(wide, idx), 0);
  wants_load(&w, "r");
  ck_assert_int_eq(file_size(idx), (off_t)(8 + 256 * 4 + w.n * (20 + 4 + 4) +
                                           (w.n - 1) * 8 + 40));
  o = odb_at("r/.git", true);
  reads_all_right(o, &w, READ_MAX);
  odb_free(o);
  wants_dispose(&w);
  mls_free(idx);
  mls_free(pack);
  mls_free(wide);
}
END_TEST

/* Two packs (a full one and an incremental one) and loose objects. */
START_TEST(repo_odb__two_packs_and_loose_objects)
{
  wants w;
  odb_stats st;
  hist h;
  odb *o;

  hist_init(&h, "r", 20);
  for (int i = 0; i < 3; i++) {
    hist_commit(&h);
  }
  repack_ofs("r");
  hist_commit(&h);
  hist_commit(&h);
  sh("r", "$G repack -dq");
  hist_commit(&h);
  hist_dispose(&h);
  ck_assert_uint_eq(pack_count("r/.git"), 2);
  wants_load(&w, "r");
  o = odb_at("r/.git", true);
  reads_all_right(o, &w, READ_MAX);
  odb_get_stats(o, &st);
  ck_assert_uint_gt(st.loose, 0);
  ck_assert_uint_gt(st.packed, 0);
  ck_assert_uint_eq(st.loose + st.packed, w.n);
  odb_free(o);
  wants_dispose(&w);
}
END_TEST

/* odb_read() of w with bound max (below its size) gives ODB_TOO_BIG with
 * libgit2's type and size and no data; or, for a loose object (its file
 * at loose), declines when the file is past the bound by 64 KiB. */
static void too_big_one(odb *o, const want *w, size_t max, const char *loose)
{
  char hex[REPO_OID_HEXSZ + 1];
  odb_obj obj;
  int rc = odb_read(o, &w->id, max, &obj);

  repo_oid_fmt(hex, &w->id);
  if (rc == MLS_ERROR && loose &&
      (unsigned long long)file_size(loose) > max + ((size_t)1 << 16)) {
    /* A loose file past the bound and 64 KiB is libgit2's to read
     * (odb.c's LOOSE_SLACK). */
    CHECK(obj.data == NULL, "%s: data with MLS_ERROR", hex);
    return;
  }
  CHECK(rc == ODB_TOO_BIG, "%s (%s, %zu bytes, bound %zu): gave %d", hex,
        odb_type_name(w->type), w->size, max, rc);
  CHECK(obj.type == w->type, "%s: type %d, libgit2 says %d", hex, (int)obj.type,
        (int)w->type);
  CHECK(obj.size == w->size, "%s: size %zu, libgit2 says %zu", hex, obj.size,
        w->size);
  CHECK(obj.data == NULL, "%s: data with ODB_TOO_BIG", hex);
}

/* Each object of w at root/gitdir with max = its size (read), its size - 1
 * and 100 (too big) when over 100 bytes (else read). Returns how many were
 * over; *deltas: of them, those the pack p (NULL: loose) holds as deltas. */
static size_t too_big_all(const char *gitdir, const wants *w, const pents *p,
                          size_t *deltas)
{
  odb *o = odb_at(gitdir, true);
  size_t n = 0;

  *deltas = 0;
  for (size_t i = 0; i < w->n; i++) {
    const want *e = &w->v[i];
    char *loose = p ? NULL : gfx_loose_object(gitdir, &e->id);
    reads_right(o, e, e->size);
    if (e->size > 0) {
      too_big_one(o, e, e->size - 1, loose);
    }
    if (e->size > 100) {
      too_big_one(o, e, 100, loose);
      n++;
      *deltas += p && pents_find(p, &e->id)->depth > 0;
    } else {
      reads_right(o, e, 100);
    }
    mls_free(loose);
  }
  odb_free(o);
  return n;
}

/* The bound at each object's size: max = size reads it, max = size - 1
 * and max = 100 give ODB_TOO_BIG with libgit2's type and size and no
 * data. Loose, and packed whole and as deltas. */
START_TEST(repo_odb__too_big_keeps_type_and_size)
{
  wants w;
  pents p;
  size_t deltas, n;

  make_repo("r", FILES, COMMITS);
  wants_load(&w, "r");
  ck_assert_uint_gt(too_big_all("r/.git", &w, NULL, &deltas), 100);
  repack_ofs("r");
  pack_list(&p, "r/.git", 6);
  n = too_big_all("r/.git", &w, &p, &deltas);
  ck_assert_uint_gt(deltas, 10);
  ck_assert_uint_gt(n - deltas, 10);
  mls_free(p.v);
  wants_dispose(&w);
}
END_TEST

/* No bound at all (SIZE_MAX): every object reads, the big loose blob
 * included. */
START_TEST(repo_odb__no_bound_reads_every_object)
{
  wants w;
  odb *o;

  make_repo("r", 6, 2);
  wants_load(&w, "r");
  o = odb_at("r/.git", true);
  reads_all_right(o, &w, SIZE_MAX);
  odb_free(o);
  repack_ofs("r");
  o = odb_at("r/.git", true);
  reads_all_right(o, &w, SIZE_MAX);
  odb_free(o);
  wants_dispose(&w);
}
END_TEST

/* What odb_open() does not take: alternates, no objects directory, a
 * symbolic link for it. And odb_free(NULL). */
START_TEST(repo_odb__open_refuses_what_it_does_not_take)
{
  char *objects = gfx_path("r/.git/objects");
  char *moved = gfx_path("r/.git/objects.real");
  static char other; /* what *out holds before a refusal */
  odb *o = NULL;

  odb_free(NULL);
  make_repo("r", 2, 1);
  ck_assert_int_eq(odb_open_at(&o, "r/.git", true), MLS_OK);
  odb_free(o);
  gfx_write("r/.git/objects/info/alternates", "/nowhere/objects\n");
  o = (odb *)(void *)&other;
  ck_assert_int_eq(odb_open_at(&o, "r/.git", true), MLS_ERROR);
  ck_assert_ptr_null(o);
  gfx_write("r/.git/objects/info/alternates", "");
  ck_assert_int_eq(odb_open_at(&o, "r/.git", false), MLS_ERROR);
  ck_assert_ptr_null(o);
  gfx_remove("r/.git/objects/info/alternates");
  ck_assert_int_eq(odb_open_at(&o, "r/.git", true), MLS_OK);
  odb_free(o);
  ck_assert_int_eq(rename(objects, moved), 0);
  ck_assert_int_eq(odb_open_at(&o, "r/.git", true), MLS_ERROR);
  ck_assert_ptr_null(o);
  ck_assert_int_eq(symlink("objects.real", objects), 0);
  ck_assert_int_eq(odb_open_at(&o, "r/.git", true), MLS_ERROR);
  ck_assert_ptr_null(o);
  mls_free(objects);
  mls_free(moved);
}
END_TEST

/* An id that is nowhere, loose or packed. */
START_TEST(repo_odb__missing_object_is_not_read)
{
  repo_oid ids[3];
  odb_stats st;

  memset(ids, 0, sizeof(ids));
  ids[0].id[REPO_OID_RAWSZ - 1] = 1;
  ids[1].id[0] = 0xff; /* the last fan-out bucket */
  ids[2].id[7] = 0x42;
  make_repo("r", 4, 2);
  for (int packed = 0; packed < 2; packed++) {
    odb *o;
    if (packed) {
      repack_ofs("r");
    }
    o = odb_at("r/.git", true);
    for (size_t i = 0; i < 3; i++) {
      odb_obj obj;
      ck_assert_int_eq(odb_read(o, &ids[i], READ_MAX, &obj), MLS_ERROR);
      ck_assert_ptr_null(obj.data);
    }
    odb_get_stats(o, &st);
    ck_assert_uint_eq(st.loose + st.packed + st.base_hits, 0);
    odb_free(o);
  }
}
END_TEST

/* A loose file holding another object: refused when hashing, read as that
 * other object when not. */
START_TEST(repo_odb__loose_file_of_another_object)
{
  wants w;
  const want *a = NULL, *b = NULL;
  char *pa, *pb;
  unsigned char *bytes;
  size_t len;
  odb_obj obj;
  odb *o;

  make_repo("r", 4, 2);
  wants_load(&w, "r");
  for (size_t i = 0; i < w.n && !b; i++) { /* two blobs of some KB */
    if (w.v[i].type == ODB_BLOB && w.v[i].size > 1000) {
      *(a ? &b : &a) = &w.v[i];
    }
  }
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  pa = gfx_loose_object("r/.git", &a->id);
  pb = gfx_loose_object("r/.git", &b->id);
  bytes = read_all(pb, &len);
  put_file(pa, bytes, len);

  o = odb_at("r/.git", true);
  ck_assert_int_eq(odb_read(o, &a->id, READ_MAX, &obj), MLS_ERROR);
  ck_assert_ptr_null(obj.data);
  reads_right(o, b, READ_MAX);
  odb_free(o);

  o = odb_at("r/.git", false);
  ck_assert_int_eq(odb_read(o, &a->id, READ_MAX, &obj), MLS_OK);
  same_object(b, &obj);
  mls_free(obj.data);
  odb_free(o);

  mls_free(bytes);
  mls_free(pa);
  mls_free(pb);
  wants_dispose(&w);
}
END_TEST

/* One byte in the middle of the pack flipped: each object right or
 * declined, and the damage seen. */
START_TEST(repo_odb__flipped_pack_byte_is_never_misread)
{
  wants w;
  char *pack;
  unsigned char *bytes;
  size_t len, got = 0, no = 0;

  make_repo("r", FILES, COMMITS);
  repack_ofs("r");
  sh(".", "cp -R r copy");
  wants_load(&w, "r"); /* the undamaged original */
  pack = pack_path("copy/.git", "pack");
  bytes = read_all(pack, &len);
  bytes[len / 2] ^= 0xff;
  put_file(pack, bytes, len);
  damaged_reads("copy/.git", &w, &got, &no);
  ck_assert_uint_gt(got, 0);
  ck_assert_uint_gt(no, 0);
  mls_free(bytes);
  mls_free(pack);
  wants_dispose(&w);
}
END_TEST

/* Packs and indexes, with offset and with reference deltas, cut short:
 * each object right or declined. */
START_TEST(repo_odb__truncated_pack_or_index_is_never_misread)
{
  static const char *const dirs[] = { "r/.git", "bare.git" };
  wants w;

  make_repo("r", 8, 4);
  repack_ofs("r");
  clone_ref("r", "bare.git");
  wants_load(&w, "r");
  for (size_t d = 0; d < 2; d++) {
    for (int is_idx = 0; is_idx < 2; is_idx++) {
      char *path = pack_path(dirs[d], is_idx ? "idx" : "pack");
      size_t len, got = 0, no = 0;
      unsigned char *bytes = read_all(path, &len);
      size_t cuts[] = { 0,       8,        12,       32,       1072,   len / 3,
                        len / 2, len - 41, len - 21, len - 20, len - 1 };
      for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
        put_file(path, bytes, cuts[c] < len ? cuts[c] : len - 1);
        damaged_reads(dirs[d], &w, &got, &no);
      }
      put_file(path, bytes, len);
      ck_assert_uint_gt(no, 0);
      mls_free(bytes);
      mls_free(path);
    }
  }
  wants_dispose(&w);
}
END_TEST

static uint32_t rnd(uint64_t *s)
{
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(*s >> 33);
}

/* 200 copies of a small repository's packs and indexes (offset and
 * reference deltas), each with 1 to 3 random bytes changed: each object
 * right or declined. */
START_TEST(repo_odb__random_damage_is_never_misread)
{
  static const char *const dirs[] = { "r/.git", "bare.git" };
  struct {
    char *path;
    unsigned char *bytes;
    size_t len;
  } f[4];
  unsigned char *copy;
  uint64_t seed = 20240611;
  size_t got = 0, no = 0, most = 0;
  wants w;

  make_repo("r", 8, 4);
  repack_ofs("r");
  clone_ref("r", "bare.git");
  wants_load(&w, "r");
  for (size_t i = 0; i < 4; i++) {
    f[i].path = pack_path(dirs[i / 2], i % 2 ? "idx" : "pack");
    f[i].bytes = read_all(f[i].path, &f[i].len);
    most = f[i].len > most ? f[i].len : most;
  }
  copy = mls_malloc(most);
  ck_assert_ptr_nonnull(copy);
  for (unsigned it = 0; it < 200; it++) {
    size_t k = it % 4;
    unsigned flips = 1 + rnd(&seed) % 3;
    memcpy(copy, f[k].bytes, f[k].len);
    for (unsigned j = 0; j < flips; j++) {
      copy[rnd(&seed) % f[k].len] ^= (unsigned char)(1 + rnd(&seed) % 255);
    }
    put_file(f[k].path, copy, f[k].len);
    damaged_reads(dirs[k / 2], &w, &got, &no);
    put_file(f[k].path, f[k].bytes, f[k].len);
  }
  ck_assert_uint_gt(got, 0);
  ck_assert_uint_gt(no, 0);
  for (size_t i = 0; i < 4; i++) {
    mls_free(f[i].path);
    mls_free(f[i].bytes);
  }
  mls_free(copy);
  wants_dispose(&w);
}
END_TEST

/* Each loose file flipped, truncated or emptied in turn: its object right
 * or declined. */
START_TEST(repo_odb__damaged_loose_file_is_never_misread)
{
  uint64_t seed = 7;
  size_t no = 0;
  wants w;

  make_repo("r", 8, 2);
  wants_load(&w, "r");
  for (size_t i = 0; i < w.n; i++) {
    char *path = gfx_loose_object("r/.git", &w.v[i].id);
    size_t len;
    unsigned char *bytes = read_all(path, &len);
    odb *o;
    switch (i % 3) {
    case 0:
      bytes[rnd(&seed) % len] ^= (unsigned char)(1 + rnd(&seed) % 255);
      put_file(path, bytes, len);
      break;
    case 1:
      put_file(path, bytes, len / 2);
      break;
    default:
      put_file(path, bytes, 0);
      break;
    }
    o = odb_at("r/.git", true);
    no += !reads_right_or_not(o, &w.v[i]);
    odb_free(o);
    mls_free(bytes);
    mls_free(path);
  }
  ck_assert_uint_gt(no, 2 * w.n / 3);
  wants_dispose(&w);
}
END_TEST

/* --- packs and loose files written here ---------------------------------- */

/* A version-2 pack written entry by entry, and its index: shapes git never
 * writes. Its deflate streams are stored blocks. */
typedef struct hand_ent {
  repo_oid id;   /* first: by_id() sorts these */
  uint64_t off;  /* where the index says the object is */
  uint32_t word; /* the index's offset word; 0: off */
} hand_ent;

typedef struct hand_span {
  uint64_t off, end; /* an entry written, for its CRC in the index */
} hand_span;

typedef struct hand {
  mls_buf pack;     /* written so far */
  hand_ent *v;      /* owned: what the index lists */
  size_t n;         /* entries of v */
  hand_span *spans; /* owned: the entries written */
  size_t nspans;    /* entries of spans */
  uint32_t extra;   /* added to the object count of the pack's header */
} hand;

static void put_bytes(mls_buf *b, const void *p, size_t n)
{
  if (n > 0) {
    ok(mls_buf_put(b, p, n));
  }
}

static void put_byte(mls_buf *b, uint64_t v)
{
  unsigned char c = (unsigned char)(v & 0xff);
  put_bytes(b, &c, 1);
}

static void put_be32(mls_buf *b, uint32_t v)
{
  put_byte(b, v >> 24);
  put_byte(b, v >> 16);
  put_byte(b, v >> 8);
  put_byte(b, v);
}

/* The zlib stream of n bytes at data, in stored blocks. */
static void zstored(mls_buf *b, const void *data, size_t n)
{
  const unsigned char *p = data;
  uint32_t a = 1, s = 0;

  put_byte(b, 0x78);
  put_byte(b, 0x01);
  do {
    size_t k = n > 65535 ? 65535 : n;
    put_byte(b, k == n); /* the final block */
    put_byte(b, k);
    put_byte(b, k >> 8);
    put_byte(b, ~k);
    put_byte(b, ~k >> 8);
    put_bytes(b, p, k);
    for (size_t i = 0; i < k; i++) {
      a = (a + p[i]) % 65521;
      s = (s + a) % 65521;
    }
    p += k;
    n -= k;
  } while (n > 0);
  put_be32(b, s << 16 | a);
}

/* Git's id of the object of this type and content. */
static repo_oid obj_id(const char *type, const void *p, size_t n)
{
  char hdr[64];
  int k = snprintf(hdr, sizeof(hdr), "%s %zu", type, n);
  repo_oid id;
  mls_sha1 s;

  mls_sha1_init(&s);
  mls_sha1_update(&s, hdr, (size_t)k + 1);
  mls_sha1_update(&s, p, n);
  mls_sha1_final(&s, id.id);
  return id;
}

static repo_oid fake_id(unsigned char byte)
{
  repo_oid id;
  memset(id.id, byte, sizeof(id.id));
  return id;
}

static void hand_init(hand *h)
{
  memset(h, 0, sizeof(*h));
  mls_buf_init(&h->pack, (size_t)1 << 26);
  put_bytes(&h->pack, "PACK\0\0\0\2\0\0\0\0", 12);
}

static void hand_dispose(hand *h)
{
  mls_buf_dispose(&h->pack);
  mls_free(h->v);
  mls_free(h->spans);
  memset(h, 0, sizeof(*h));
}

static void hand_span_add(hand *h, uint64_t off)
{
  hand_span *v = mls_realloc(h->spans, (h->nspans + 1) * sizeof(*v));
  CHECK(v != NULL, "out of memory");
  h->spans = v;
  v[h->nspans++] = (hand_span){ off, h->pack.len };
}

/* Append an entry: its header (pack type t, size announced), a delta's
 * base (t 6: the entry at ofs_base; t 7: ref_base), then len bytes at
 * data deflated. Returns its offset. */
static uint64_t hand_entry(hand *h, unsigned t, uint64_t size,
                           uint64_t ofs_base, const repo_oid *ref_base,
                           const void *data, size_t len)
{
  mls_buf *b = &h->pack;
  uint64_t off = b->len;
  unsigned char c = (unsigned char)(t << 4 | (size & 15));

  for (size >>= 4; size; size >>= 7) {
    put_byte(b, c | 0x80u);
    c = (unsigned char)(size & 0x7f);
  }
  put_byte(b, c);
  if (t == 6) {
    unsigned char x[16];
    uint64_t rel = off - ofs_base;
    size_t at = sizeof(x) - 1;
    x[at] = (unsigned char)(rel & 127);
    while (rel >>= 7) {
      x[--at] = (unsigned char)(128 | (--rel & 127));
    }
    put_bytes(b, x + at, sizeof(x) - at);
  } else if (t == 7) {
    put_bytes(b, ref_base->id, REPO_OID_RAWSZ);
  }
  zstored(b, data, len);
  hand_span_add(h, off);
  return off;
}

/* Append n raw bytes as an entry; its offset. */
static uint64_t hand_raw(hand *h, const void *p, size_t n)
{
  uint64_t off = h->pack.len;
  put_bytes(&h->pack, p, n);
  return off;
}

/* List id in the index, at off (word: the offset word instead). */
static void hand_index(hand *h, const repo_oid *id, uint64_t off, uint32_t word)
{
  hand_ent *v = mls_realloc(h->v, (h->n + 1) * sizeof(*v));
  CHECK(v != NULL, "out of memory");
  h->v = v;
  v[h->n++] = (hand_ent){ *id, off, word };
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) {
      c = c >> 1 ^ (0xedb88320u & (0u - (c & 1)));
    }
  }
  return ~c;
}

/* Write the pack and its index below root/gitdir/objects/pack. */
static void hand_finish(hand *h, const char *gitdir)
{
  mls_buf *b = &h->pack, idx = MLS_BUF_INIT((size_t)1 << 26);
  unsigned char *bytes = (unsigned char *)b->ptr;
  uint32_t count = (uint32_t)h->n + h->extra;
  char hex[REPO_OID_HEXSZ + 1], rel[256], *path;
  repo_oid sum, isum;
  mls_sha1 s;

  bytes[8] = (unsigned char)(count >> 24);
  bytes[9] = (unsigned char)(count >> 16);
  bytes[10] = (unsigned char)(count >> 8);
  bytes[11] = (unsigned char)count;
  mls_sha1_init(&s);
  mls_sha1_update(&s, b->ptr, b->len);
  mls_sha1_final(&s, sum.id);
  put_bytes(b, sum.id, REPO_OID_RAWSZ);
  bytes = (unsigned char *)b->ptr;
  repo_oid_fmt(hex, &sum);

  qsort(h->v, h->n, sizeof(h->v[0]), by_id);
  put_bytes(&idx, "\377tOc\0\0\0\2", 8);
  for (unsigned k = 0; k < 256; k++) {
    uint32_t n = 0;
    for (size_t i = 0; i < h->n; i++) {
      n += h->v[i].id.id[0] <= k;
    }
    put_be32(&idx, n);
  }
  for (size_t i = 0; i < h->n; i++) {
    put_bytes(&idx, h->v[i].id.id, REPO_OID_RAWSZ);
  }
  for (size_t i = 0; i < h->n; i++) {
    uint32_t crc = 0;
    for (size_t j = 0; j < h->nspans; j++) {
      if (h->spans[j].off == h->v[i].off) {
        crc = crc32_of(bytes + h->spans[j].off,
                       (size_t)(h->spans[j].end - h->spans[j].off));
      }
    }
    put_be32(&idx, crc);
  }
  for (size_t i = 0; i < h->n; i++) {
    CHECK(h->v[i].word || h->v[i].off < 0x80000000u, "offset too big");
    put_be32(&idx, h->v[i].word ? h->v[i].word : (uint32_t)h->v[i].off);
  }
  put_bytes(&idx, sum.id, REPO_OID_RAWSZ);
  mls_sha1_init(&s);
  mls_sha1_update(&s, idx.ptr, idx.len);
  mls_sha1_final(&s, isum.id);
  put_bytes(&idx, isum.id, REPO_OID_RAWSZ);
  snprintf(rel, sizeof(rel), "%s/objects/pack", gitdir);
  mls_free(gfx_mkdir(rel));
  snprintf(rel, sizeof(rel), "%s/objects/pack/pack-%s.pack", gitdir, hex);
  path = gfx_path(rel);
  put_file(path, b->ptr, b->len);
  mls_free(path);
  snprintf(rel, sizeof(rel), "%s/objects/pack/pack-%s.idx", gitdir, hex);
  path = gfx_path(rel);
  put_file(path, idx.ptr, idx.len);
  mls_free(path);
  mls_buf_dispose(&idx);
}

/* A delta's size varint, copy and insert instructions. */
static void dvarint(mls_buf *b, uint64_t v)
{
  for (; v >= 0x80; v >>= 7) {
    put_byte(b, (v & 0x7f) | 0x80);
  }
  put_byte(b, v);
}

static void dcopy(mls_buf *b, uint32_t off, uint32_t n)
{
  unsigned char x[8], cmd = 0x80;
  size_t k = 0;

  for (unsigned i = 0; i < 4; i++) {
    if (off >> 8 * i & 0xff) {
      cmd = (unsigned char)(cmd | 1u << i);
      x[k++] = (unsigned char)(off >> 8 * i);
    }
  }
  for (unsigned i = 0; i < 3; i++) {
    if (n >> 8 * i & 0xff) {
      cmd = (unsigned char)(cmd | 0x10u << i);
      x[k++] = (unsigned char)(n >> 8 * i);
    }
  }
  put_byte(b, cmd);
  put_bytes(b, x, k);
}

static void dinsert(mls_buf *b, const void *data, size_t n)
{
  const unsigned char *p = data;
  while (n > 0) {
    size_t k = n > 127 ? 127 : n;
    put_byte(b, k);
    put_bytes(b, p, k);
    p += k;
    n -= k;
  }
}

static const want *wants_find(const wants *w, const repo_oid *id)
{
  const want *e = bsearch(id, w->v, w->n, sizeof(w->v[0]), by_id);
  CHECK(e != NULL, "not an object libgit2 listed");
  return e;
}

/* A blob and DEEP deltas on it, each version a line longer than the one
 * before, offset and reference deltas in turn, in a pack written here.
 * git packs chains of 50 (250 with gc --aggressive); this one is DEEP
 * long, past odb.c's bound too. libgit2 and git verify-pack read it.
 * From a fresh odb (nothing cached) objects 250 deep or less read, the
 * deepest reads right or not at all; in one odb every object reads right
 * or, past 250, not at all. */
START_TEST(repo_odb__deep_mixed_delta_chain)
{
  static const unsigned probes[] = { 1, 2, 3, 50, 249, 250 };
  mls_buf text = MLS_BUF_INIT(1 << 20), d = MLS_BUF_INIT(1 << 20);
  repo_oid ids[DEEP + 1];
  uint64_t off[DEEP + 1];
  odb_stats st;
  wants w;
  pents p;
  hand h;
  odb *o;

  sh(".", "$G init -q --bare deep.git");
  hand_init(&h);
  ok(mls_buf_puts(&text, "# a long history\n"));
  ids[0] = obj_id("blob", text.ptr, text.len);
  off[0] = hand_entry(&h, ODB_BLOB, text.len, 0, NULL, text.ptr, text.len);
  hand_index(&h, &ids[0], off[0], 0);
  for (unsigned k = 1; k <= DEEP; k++) {
    size_t src = text.len;
    ok(mls_buf_printf(&text, "  line_%04u = \"%08x\"\n", k,
                      (unsigned)mix(k, 0, 3)));
    mls_buf_clear(&d);
    dvarint(&d, src);
    dvarint(&d, text.len);
    dcopy(&d, 0, (uint32_t)src);
    dinsert(&d, text.ptr + src, text.len - src);
    ids[k] = obj_id("blob", text.ptr, text.len);
    off[k] = hand_entry(&h, k % 2 ? 7 : 6, d.len, off[k - 1], &ids[k - 1],
                        d.ptr, d.len);
    hand_index(&h, &ids[k], off[k], 0);
  }
  hand_finish(&h, "deep.git");
  pack_list(&p, "deep.git", 0);
  ck_assert_uint_eq(p.n, DEEP + 1);
  ck_assert_uint_eq(p.max_depth, DEEP);
  wants_load(&w, "deep.git");
  ck_assert_uint_eq(w.n, DEEP + 1);
  for (size_t j = 0; j < sizeof(probes) / sizeof(probes[0]); j++) {
    o = odb_at("deep.git", true);
    reads_right(o, wants_find(&w, &ids[probes[j]]), READ_MAX);
    odb_free(o);
  }
  o = odb_at("deep.git", true);
  (void)reads_right_or_not(o, wants_find(&w, &ids[DEEP]));
  odb_free(o);
  o = odb_at("deep.git", true);
  for (size_t i = 0; i < w.n; i++) {
    if (!reads_right_or_not(o, &w.v[i])) {
      CHECK(pents_find(&p, &w.v[i].id)->depth > 250,
            "object %zu declined at depth %u", i,
            pents_find(&p, &w.v[i].id)->depth);
    }
  }
  odb_get_stats(o, &st);
  ck_assert_uint_gt(st.base_hits, 0);
  odb_free(o);
  hand_dispose(&h);
  mls_buf_dispose(&text);
  mls_buf_dispose(&d);
  mls_free(p.v);
  wants_dispose(&w);
}
END_TEST

#define HOSTILE      27
#define HOSTILE_BASE "hello, world\n" /* 13 bytes */

/* Hostile case c, written into h after the good blob HOSTILE_BASE; *target:
 * the id to read. Returns what it is. */
static const char *hostile(hand *h, int c, repo_oid *target)
{
  static const unsigned char ff[11] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0xff, 0xff, 0xff };
  /* What each case is, and, for the deltas on the good blob (cases 0 to 8
   * and 24 to 25), the sizes they announce. */
  static const struct {
    const char *what;
    uint64_t src, dst;
  } cases[HOSTILE] = {
    { "a cycle of two reference deltas", 13, 13 },
    { "an offset delta whose base is before the pack", 13, 13 },
    { "an offset delta on itself", 13, 13 },
    { "a copy past the base's end", 13, 10 },
    { "an insert past the announced size", 13, 3 },
    { "a source size that is not the base's", 12, 13 },
    { "a result short of its announced size", 13, 20 },
    { "the reserved delta opcode 0", 13, 13 },
    { "a copy of 0x10000 bytes (size 0) from a 13-byte base", 13, 0x10000 },
    { "delta sizes past 64 bits", 0, 0 },
    { "a reference delta on an object not in the pack (thin)", 13, 13 },
    { "a chain through a result past the bound on inner objects", 0, 0 },
    { "a whole object longer than its header says", 0, 0 },
    { "a whole object shorter than its header says", 0, 0 },
    { "pack type 0", 0, 0 },
    { "pack type 5", 0, 0 },
    { "an object size past 64 bits", 0, 0 },
    { "an offset delta's distance past 64 bits", 0, 0 },
    { "an index offset past the pack's end", 0, 0 },
    { "an index offset inside the pack's header", 0, 0 },
    { "a 64-bit offset the index has no table for", 0, 0 },
    { "a pack whose object count is not the index's", 0, 0 },
    { "a deflate stream cut short by the pack's end", 0, 0 },
    { "a deflate stream whose Adler-32 is wrong", 0, 0 },
    { "a copy whose offset is cut short", 13, 13 },
    { "a copy whose size is cut short", 13, 13 },
    { "a delta on a base past the bound on inner objects", 0, 0 },
  };
  mls_buf d = MLS_BUF_INIT(1 << 20), z = MLS_BUF_INIT(1 << 20);
  repo_oid bid = obj_id("blob", HOSTILE_BASE, 13), x = fake_id(0x11),
           y = fake_id(0x22), none = fake_id(0x33);
  uint64_t boff = hand_entry(h, ODB_BLOB, 13, 0, NULL, HOSTILE_BASE, 13);
  uint64_t off = 0;

  hand_index(h, &bid, boff, 0);
  *target = x;
  if (cases[c].src) {
    dvarint(&d, cases[c].src);
    dvarint(&d, cases[c].dst);
  }
  switch (c) {
  case 0:
    dcopy(&d, 0, 13);
    hand_index(h, &x, hand_entry(h, 7, d.len, 0, &y, d.ptr, d.len), 0);
    hand_index(h, &y, hand_entry(h, 7, d.len, 0, &x, d.ptr, d.len), 0);
    break;
  case 1:
    dcopy(&d, 0, 13);
    off = hand_entry(h, 6, d.len, 0, NULL, d.ptr, d.len);
    break;
  case 2:
    dcopy(&d, 0, 13);
    off = hand_entry(h, 6, d.len, h->pack.len, NULL, d.ptr, d.len);
    break;
  case 3:
    dcopy(&d, 8, 10);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 4:
    dinsert(&d, "abcde", 5);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 7:
    put_byte(&d, 0);
    dcopy(&d, 0, 13);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 8:
    put_byte(&d, 0x80); /* no offset, no size: 0x10000 */
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 5:
  case 6:
    dcopy(&d, 0, 13);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 9:
    put_bytes(&d, ff, sizeof(ff));
    put_byte(&d, 1);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 10:
    dcopy(&d, 0, 13);
    off = hand_entry(h, 7, d.len, 0, &none, d.ptr, d.len);
    break;
  case 11:
    dvarint(&d, 13);
    dvarint(&d, (uint64_t)100 << 20);
    dcopy(&d, 0, 13);
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    hand_index(h, &y, off, 0);
    mls_buf_clear(&d);
    dvarint(&d, (uint64_t)100 << 20);
    dvarint(&d, 5);
    dcopy(&d, 0, 5);
    off = hand_entry(h, 6, d.len, off, NULL, d.ptr, d.len);
    break;
  case 12:
    off = hand_entry(h, ODB_BLOB, 5, 0, NULL, HOSTILE_BASE, 13);
    break;
  case 13:
    off = hand_entry(h, ODB_BLOB, 20, 0, NULL, HOSTILE_BASE, 13);
    break;
  case 14:
    off = hand_entry(h, 0, 13, 0, NULL, HOSTILE_BASE, 13);
    break;
  case 15:
    off = hand_entry(h, 5, 13, 0, NULL, HOSTILE_BASE, 13);
    break;
  case 16:
    put_byte(&z, 0xbf); /* a blob, size continued */
    put_bytes(&z, ff, sizeof(ff));
    put_byte(&z, 1);
    zstored(&z, HOSTILE_BASE, 13);
    off = hand_raw(h, z.ptr, z.len);
    break;
  case 17:
    put_byte(&z, 0x6d); /* an offset delta of 13 bytes */
    put_bytes(&z, ff, sizeof(ff));
    put_byte(&z, 1);
    dvarint(&d, 13);
    dvarint(&d, 13);
    dcopy(&d, 0, 13);
    zstored(&z, d.ptr, d.len);
    off = hand_raw(h, z.ptr, z.len);
    break;
  case 18:
    off = 1 << 20;
    break;
  case 19:
    off = 4;
    break;
  case 20:
    hand_index(h, &x, 0, 0x80000000u);
    break;
  case 21:
    h->extra = 1;
    *target = bid;
    break;
  case 22:
    put_byte(&z, 0x3d); /* a blob of 13 bytes */
    put_bytes(&z,
              "\x78\x01\x01\x0d\x00\xf2\xff"
              "hello",
              12);
    off = hand_raw(h, z.ptr, z.len);
    break;
  case 23:
    off = hand_entry(h, ODB_BLOB, 13, 0, NULL, HOSTILE_BASE, 13);
    h->pack.ptr[h->pack.len - 1] ^= 1;
    break;
  case 24:
    put_byte(&d, 0x91); /* offset byte 0 and size byte 0 to follow */
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  case 25:
    put_byte(&d, 0x90); /* size byte 0 to follow */
    off = hand_entry(h, 6, d.len, boff, NULL, d.ptr, d.len);
    break;
  default:
    off =
        hand_entry(h, ODB_BLOB, (uint64_t)100 << 20, 0, NULL, HOSTILE_BASE, 13);
    hand_index(h, &y, off, 0);
    dvarint(&d, (uint64_t)100 << 20);
    dvarint(&d, 5);
    dcopy(&d, 0, 5);
    off = hand_entry(h, 6, d.len, off, NULL, d.ptr, d.len);
    break;
  }
  if (c != 0 && c != 20 && c != 21) {
    hand_index(h, &x, off, 0);
  }
  mls_buf_dispose(&d);
  mls_buf_dispose(&z);
  return cases[c].what;
}

/* Pack entries and indexes git never writes, each in a pack of its own
 * after a good blob: every one declined (MLS_ERROR, no data), hashing or
 * not, while the good blob beside it reads (unless the pack is refused
 * whole). Under ASan: nothing read out of bounds. */
START_TEST(repo_odb__hostile_pack_entries_are_declined)
{
  repo_oid bid = obj_id("blob", HOSTILE_BASE, 13);

  for (int c = 0; c < HOSTILE; c++) {
    char dir[16];
    repo_oid target;
    const char *what;
    hand h;

    snprintf(dir, sizeof(dir), "h%d", c);
    hand_init(&h);
    what = hostile(&h, c, &target);
    hand_finish(&h, dir);
    for (int verify = 0; verify < 2; verify++) {
      odb *o = odb_at(dir, verify);
      odb_obj obj;
      int rc = odb_read(o, &target, READ_MAX, &obj);
      CHECK(rc == MLS_ERROR && obj.data == NULL, "%s (verify %d): gave %d",
            what, verify, rc);
      rc = odb_read(o, &bid, READ_MAX, &obj);
      if (c == 21) {
        CHECK(rc == MLS_ERROR, "%s: the pack was read", what);
      } else {
        CHECK(rc == MLS_OK && obj.size == 13 &&
                  memcmp(obj.data, HOSTILE_BASE, 13) == 0,
              "%s: the good blob beside it gave %d", what, rc);
      }
      mls_free(obj.data);
      odb_free(o);
    }
    hand_dispose(&h);
  }
}
END_TEST

/* A good blob listed under another id: declined when hashing, read as
 * what it is when not. */
START_TEST(repo_odb__packed_object_under_another_id)
{
  repo_oid x = fake_id(0x11);
  odb_obj obj;
  hand h;
  odb *o;

  hand_init(&h);
  hand_index(&h, &x, hand_entry(&h, ODB_BLOB, 13, 0, NULL, HOSTILE_BASE, 13),
             0);
  hand_finish(&h, "hid");
  o = odb_at("hid", true);
  ck_assert_int_eq(odb_read(o, &x, READ_MAX, &obj), MLS_ERROR);
  ck_assert_ptr_null(obj.data);
  odb_free(o);
  o = odb_at("hid", false);
  ck_assert_int_eq(odb_read(o, &x, READ_MAX, &obj), MLS_OK);
  ck_assert_int_eq(obj.type, ODB_BLOB);
  ck_assert_uint_eq(obj.size, 13);
  ck_assert_mem_eq(obj.data, HOSTILE_BASE, 14);
  mls_free(obj.data);
  odb_free(o);
  hand_dispose(&h);
}
END_TEST

/* Append a chain to h: a blob of about size bytes, then n offset deltas,
 * each adding a line. */
static void big_chain(hand *h, unsigned seed, size_t size, unsigned n)
{
  mls_buf text = MLS_BUF_INIT((size_t)1 << 26), d = MLS_BUF_INIT(1 << 20);
  repo_oid id;
  uint64_t off;

  for (unsigned j = 0; text.len < size; j++) {
    ok(mls_buf_printf(&text, "  h%06u = \"%08x%08x%08x%08x\"\n", j,
                      (unsigned)mix(seed, j, 1), (unsigned)mix(seed, j, 2),
                      (unsigned)mix(seed, j, 3), (unsigned)mix(seed, j, 4)));
  }
  id = obj_id("blob", text.ptr, text.len);
  off = hand_entry(h, ODB_BLOB, text.len, 0, NULL, text.ptr, text.len);
  hand_index(h, &id, off, 0);
  for (unsigned k = 1; k <= n; k++) {
    size_t src = text.len;
    ok(mls_buf_printf(&text, "  tail_%u = %u\n", k, seed));
    mls_buf_clear(&d);
    dvarint(&d, src);
    dvarint(&d, text.len);
    dcopy(&d, 0, (uint32_t)src);
    dinsert(&d, text.ptr + src, text.len - src);
    id = obj_id("blob", text.ptr, text.len);
    off = hand_entry(h, 6, d.len, off, NULL, d.ptr, d.len);
    hand_index(h, &id, off, 0);
  }
  mls_buf_dispose(&text);
  mls_buf_dispose(&d);
}

/* Bases of some MB: ten in one chain fill the base cache past its budget,
 * and one of 3 MB is more than it keeps. Every object reads right, the
 * deepest first from a fresh odb, then all, twice. */
START_TEST(repo_odb__big_bases_overflow_the_cache)
{
  const want *deepest = NULL;
  wants w;
  hand h;
  odb *o;

  sh(".", "$G init -q --bare big.git");
  hand_init(&h);
  big_chain(&h, 1, (size_t)1900 << 10, 10);
  big_chain(&h, 2, (size_t)3 << 20, 2);
  hand_finish(&h, "big.git");
  hand_dispose(&h);
  wants_load(&w, "big.git");
  ck_assert_uint_eq(w.n, 14);
  for (size_t i = 0; i < w.n; i++) { /* the end of the ten-delta chain */
    if (w.v[i].size < (size_t)3 << 20 &&
        (!deepest || w.v[i].size > deepest->size)) {
      deepest = &w.v[i];
    }
  }
  o = odb_at("big.git", true);
  reads_right(o, deepest, READ_MAX);
  reads_all_right(o, &w, READ_MAX);
  reads_all_right(o, &w, READ_MAX);
  odb_free(o);
  wants_dispose(&w);
}
END_TEST

/* An index without its pack, and packs, indexes or objects/pack that are
 * symbolic links: not read (what they hold is libgit2's to find). */
START_TEST(repo_odb__missing_or_linked_pack_files_are_not_read)
{
  static const char *const exts[] = { "pack", "idx" };
  repo_oid bid = obj_id("blob", HOSTILE_BASE, 13);
  char *dir = gfx_path("pl/objects/pack"), *moved = gfx_path("pl/pack.real");
  odb_obj obj;
  hand h;
  odb *o;

  hand_init(&h);
  hand_index(&h, &bid, hand_entry(&h, ODB_BLOB, 13, 0, NULL, HOSTILE_BASE, 13),
             0);
  hand_finish(&h, "pl");
  hand_dispose(&h);
  for (size_t i = 0; i < 2; i++) {
    char *path = pack_path("pl", exts[i]), *real;
    mls_buf b = MLS_BUF_INIT(8192);
    ok(mls_buf_printf(&b, "%s.real", path));
    real = b.ptr;
    ck_assert_int_eq(rename(path, real), 0);
    o = odb_at("pl", true);
    ck_assert_int_eq(odb_read(o, &bid, READ_MAX, &obj), MLS_ERROR);
    odb_free(o);
    ck_assert_int_eq(symlink(real, path), 0);
    o = odb_at("pl", true);
    ck_assert_int_eq(odb_read(o, &bid, READ_MAX, &obj), MLS_ERROR);
    odb_free(o);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rename(real, path), 0);
    o = odb_at("pl", true);
    ck_assert_int_eq(odb_read(o, &bid, READ_MAX, &obj), MLS_OK);
    mls_free(obj.data);
    odb_free(o);
    mls_free(real);
    mls_free(path);
  }
  ck_assert_int_eq(rename(dir, moved), 0);
  ck_assert_int_eq(symlink(moved, dir), 0);
  o = odb_at("pl", true);
  ck_assert_int_eq(odb_read(o, &bid, READ_MAX, &obj), MLS_ERROR);
  odb_free(o);
  mls_free(dir);
  mls_free(moved);
}
END_TEST

/* Write the loose object of id: the zlib stream (stored) of n bytes. */
static void put_loose(const char *gitdir, const repo_oid *id, const void *p,
                      size_t n)
{
  mls_buf z = MLS_BUF_INIT(1 << 20);
  char hex[REPO_OID_HEXSZ + 1], rel[256], *path;

  repo_oid_fmt(hex, id);
  snprintf(rel, sizeof(rel), "%s/objects/%.2s", gitdir, hex);
  mls_free(gfx_mkdir(rel));
  zstored(&z, p, n);
  path = gfx_loose_object(gitdir, id);
  put_file(path, z.ptr, z.len);
  mls_free(path);
  mls_buf_dispose(&z);
}

/* Loose files whose header or length is wrong: declined, hashing or not.
 * A well-formed one written the same way reads. */
START_TEST(repo_odb__hostile_loose_files_are_declined)
{
  static const struct {
    const char *bytes;
    size_t len;
  } bad[] = {
#define BAD(s) { s, sizeof(s) - 1 }
    BAD("blob 13"),                         /* no NUL, no content */
    BAD("blob 13 hello, world\n"),          /* no NUL */
    BAD("blob 013\0hello, world\n"),        /* a leading zero */
    BAD("blob +13\0hello, world\n"),        /* a sign */
    BAD("blob -1\0hello, world\n"),         /* a negative size */
    BAD("blob\0hello, world\n"),            /* no size */
    BAD("blob \0hello, world\n"),           /* an empty size */
    BAD("blub 13\0hello, world\n"),         /* no such type */
    BAD("ofs-delta 13\0hello, world\n"),    /* a pack type */
    BAD("Blob 13\0hello, world\n"),         /* case */
    BAD(" blob 13\0hello, world\n"),        /* a space first */
    BAD("blob  13\0hello, world\n"),        /* two spaces */
    BAD("blob 14\0hello, world\n"),         /* short */
    BAD("blob 12\0hello, world\n"),         /* long */
    BAD("blob 99999999999999999999999\0x"), /* past 64 bits */
    BAD(""),                                /* nothing at all */
#undef BAD
  };
  static const char good[] = "blob 13\0" HOSTILE_BASE;
  repo_oid x = fake_id(0x5a), gid = obj_id("blob", HOSTILE_BASE, 13);
  odb_obj obj;
  odb *o;

  mls_free(gfx_mkdir("hl/objects"));
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    put_loose("hl", &x, bad[i].bytes, bad[i].len);
    for (int verify = 0; verify < 2; verify++) {
      int rc;
      o = odb_at("hl", verify);
      rc = odb_read(o, &x, READ_MAX, &obj);
      CHECK(rc == MLS_ERROR && obj.data == NULL,
            "loose file %zu (verify %d): gave %d", i, verify, rc);
      odb_free(o);
    }
  }
  put_loose("hl", &gid, good, sizeof(good) - 1);
  for (int verify = 0; verify < 2; verify++) {
    o = odb_at("hl", verify);
    ck_assert_int_eq(odb_read(o, &gid, READ_MAX, &obj), MLS_OK);
    ck_assert_int_eq(obj.type, ODB_BLOB);
    ck_assert_uint_eq(obj.size, 13);
    ck_assert_mem_eq(obj.data, HOSTILE_BASE, 14);
    mls_free(obj.data);
    odb_free(o);
  }
}
END_TEST

/* Sizes announced far past the bound, by a whole entry, a delta and a
 * loose header: ODB_TOO_BIG with the type and size announced (what
 * libgit2's git_odb_read_header() says of them too), and nothing
 * allocated for them. */
START_TEST(repo_odb__huge_announced_size_is_too_big)
{
  static const char loose[] = "blob 1099511627776\0" HOSTILE_BASE;
  repo_oid bid = obj_id("blob", HOSTILE_BASE, 13), x = fake_id(0x11),
           y = fake_id(0x22), z = fake_id(0x44);
  const uint64_t huge = (uint64_t)1 << 40;
  mls_buf d = MLS_BUF_INIT(1 << 20);
  uint64_t boff;
  hand h;
  odb *o;

  hand_init(&h);
  boff = hand_entry(&h, ODB_BLOB, 13, 0, NULL, HOSTILE_BASE, 13);
  hand_index(&h, &bid, boff, 0);
  hand_index(&h, &x, hand_entry(&h, ODB_BLOB, huge, 0, NULL, HOSTILE_BASE, 13),
             0);
  dvarint(&d, 13);
  dvarint(&d, huge);
  dcopy(&d, 0, 13);
  hand_index(&h, &y, hand_entry(&h, 6, d.len, boff, NULL, d.ptr, d.len), 0);
  hand_finish(&h, "hb");
  put_loose("hb", &z, loose, sizeof(loose) - 1);
  o = odb_at("hb", true);
  for (int i = 0; i < 3; i++) {
    repo_oid id = i == 0 ? x : i == 1 ? y : z;
    odb_obj obj;
    int rc = odb_read(o, &id, READ_MAX, &obj);
    CHECK(rc == ODB_TOO_BIG, "case %d: gave %d", i, rc);
    CHECK(obj.type == ODB_BLOB && obj.size == huge && obj.data == NULL,
          "case %d: type %d size %zu", i, (int)obj.type, obj.size);
  }
  /* With no bound the same sizes are lies the bytes cannot back (more
   * than 13 bytes of stream inflate to, or a 3-instruction delta writes):
   * declined before anything is allocated for them (under ASan a 1 TB
   * allocation would abort the run). */
  for (int i = 0; i < 3; i++) {
    repo_oid id = i == 0 ? x : i == 1 ? y : z;
    odb_obj obj;
    int rc = odb_read(o, &id, SIZE_MAX, &obj);
    CHECK(rc == MLS_ERROR && obj.data == NULL, "case %d, no bound: gave %d", i,
          rc);
  }
  odb_free(o);
  mls_buf_dispose(&d);
  hand_dispose(&h);
}
END_TEST

/* Open root/gitdir and read each of the n objects of v twice, with the
 * k-th allocation from the open on failed (and every later one): each
 * call gives MLS_ENOMEM or MLS_ERROR with nothing allocated, or the right
 * object. Returns the reads that gave the object. */
static size_t enomem_run(const char *gitdir, const want *v, size_t n, long k,
                         unsigned long *allocs)
{
  char *p = gfx_path(gitdir);
  int gd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;
  size_t got = 0;
  odb *o = NULL;

  ck_assert_int_ge(gd, 0);
  mls_alloc_fail_after(k);
  rc = odb_open(&o, gd, true);
  if (rc != MLS_OK) {
    mls_alloc_fail_after(-1);
    CHECK(rc == MLS_ENOMEM && o == NULL, "odb_open gave %d", rc);
  }
  for (size_t i = 0; o && i < 2 * n; i++) {
    odb_obj obj;
    rc = odb_read(o, &v[i % n].id, READ_MAX, &obj);
    if (rc == MLS_OK) {
      same_object(&v[i % n], &obj);
      mls_free(obj.data);
      got++;
    } else {
      CHECK((rc == MLS_ENOMEM || rc == MLS_ERROR) && obj.data == NULL,
            "failing allocation %ld: object %zu gave %d", k, i % n, rc);
    }
  }
  odb_free(o);
  *allocs = mls_alloc_count();
  mls_alloc_fail_after(-1);
  close(gd);
  mls_free(p);
  return got;
}

/* Allocation failures at every allocation of an open and reads of a blob,
 * an offset delta on it, a reference delta on that, and a loose blob:
 * never a wrong object, and nothing leaked (ASan). */
START_TEST(repo_odb__allocation_failures_are_never_misread)
{
  mls_buf text = MLS_BUF_INIT(1 << 20), d = MLS_BUF_INIT(1 << 20),
          loose = MLS_BUF_INIT(1 << 20);
  want v[4];
  uint64_t off[3];
  unsigned long total, allocs;
  hand h;

  memset(v, 0, sizeof(v));
  hand_init(&h);
  for (unsigned k = 0; k < 3; k++) {
    size_t src = text.len;
    for (unsigned j = 0; j < (k ? 1u : 80u); j++) {
      ok(mls_buf_printf(&text, "  k%u_%u = \"%08x\"\n", k, j,
                        (unsigned)mix(k, j, 5)));
    }
    v[k].id = obj_id("blob", text.ptr, text.len);
    v[k].type = ODB_BLOB;
    v[k].size = text.len;
    v[k].data = (unsigned char *)mls_strndup(text.ptr, text.len);
    ck_assert_ptr_nonnull(v[k].data);
    if (k == 0) {
      off[k] = hand_entry(&h, ODB_BLOB, text.len, 0, NULL, text.ptr, text.len);
    } else {
      mls_buf_clear(&d);
      dvarint(&d, src);
      dvarint(&d, text.len);
      dcopy(&d, 0, (uint32_t)src);
      dinsert(&d, text.ptr + src, text.len - src);
      off[k] = hand_entry(&h, k == 1 ? 6 : 7, d.len, off[k - 1], &v[k - 1].id,
                          d.ptr, d.len);
    }
    hand_index(&h, &v[k].id, off[k], 0);
  }
  hand_finish(&h, "en");
  v[3].id = obj_id("blob", "a loose one\n", 12);
  v[3].type = ODB_BLOB;
  v[3].size = 12;
  v[3].data = (unsigned char *)mls_strndup("a loose one\n", 12);
  ck_assert_ptr_nonnull(v[3].data);
  ok(mls_buf_put(&loose, "blob 12\0a loose one\n", 20));
  put_loose("en", &v[3].id, loose.ptr, loose.len);

  ck_assert_uint_eq(enomem_run("en", v, 4, -1, &total), 8);
  ck_assert_uint_gt(total, 4);
  for (long k = 0; k < (long)total; k++) {
    (void)enomem_run("en", v, 4, k, &allocs);
  }
  ck_assert_uint_eq(enomem_run("en", v, 4, (long)total, &allocs), 8);

  for (size_t i = 0; i < 4; i++) {
    mls_free(v[i].data);
  }
  hand_dispose(&h);
  mls_buf_dispose(&text);
  mls_buf_dispose(&d);
  mls_buf_dispose(&loose);
}
END_TEST

Suite *repo_odb_suite(void)
{
  Suite *s = suite_create("repo_odb");
  TCase *tc = tcase_create("odb");

  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, repo_odb__loose_objects_read_as_libgit2);
  tcase_add_test(tc, repo_odb__loose_files_around_the_stack_buffer);
  tcase_add_test(tc, repo_odb__ofs_delta_pack_reads_as_libgit2);
  tcase_add_test(tc, repo_odb__loose_first_reads_both_kinds);
  tcase_add_test(tc, repo_odb__ref_delta_pack_reads_as_libgit2);
  tcase_add_test(tc, repo_odb__large_offset_table_reads_as_libgit2);
  tcase_add_test(tc, repo_odb__two_packs_and_loose_objects);
  tcase_add_test(tc, repo_odb__too_big_keeps_type_and_size);
  tcase_add_test(tc, repo_odb__no_bound_reads_every_object);
  tcase_add_test(tc, repo_odb__open_refuses_what_it_does_not_take);
  tcase_add_test(tc, repo_odb__missing_object_is_not_read);
  tcase_add_test(tc, repo_odb__loose_file_of_another_object);
  tcase_add_test(tc, repo_odb__flipped_pack_byte_is_never_misread);
  tcase_add_test(tc, repo_odb__truncated_pack_or_index_is_never_misread);
  tcase_add_test(tc, repo_odb__random_damage_is_never_misread);
  tcase_add_test(tc, repo_odb__damaged_loose_file_is_never_misread);
  tcase_add_test(tc, repo_odb__deep_mixed_delta_chain);
  tcase_add_test(tc, repo_odb__hostile_pack_entries_are_declined);
  tcase_add_test(tc, repo_odb__hostile_loose_files_are_declined);
  tcase_add_test(tc, repo_odb__packed_object_under_another_id);
  tcase_add_test(tc, repo_odb__missing_or_linked_pack_files_are_not_read);
  tcase_add_test(tc, repo_odb__big_bases_overflow_the_cache);
  tcase_add_test(tc, repo_odb__allocation_failures_are_never_misread);
  tcase_add_test(tc, repo_odb__huge_announced_size_is_too_big);
  suite_add_tcase(s, tc);
  return s;
}
