/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/repo.c -- the per-repository SARIF file (--sarif-dir) and the org
 * SARIF file (--sarif), and the spool that orders repositories by name.
 *
 * Stage: writers, called as each repository finishes. The per-repository
 * document is built in memory (bounded by max_results), measured gzipped,
 * and cut again while it is over max_gzip_bytes. Org runs are spooled to
 * an unnamed temporary file and copied out in name order at the end, so
 * memory does not grow with the number of repositories beyond one
 * (name, offset, length) entry each.
 */
#define _POSIX_C_SOURCE 200809L /* fdopen, getpid */

#include "sarif/sarif_int.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sarif__fput(FILE *f, const void *p, size_t n)
{
  if (n && fwrite(p, 1, n, f) != n) {
    return MLS_EIO;
  }
  return MLS_OK;
}

/* One document with the selection as it stands. */
static int build_doc(mls_buf *doc, const mls_repo_report *r,
                     const sarif_rules *rules, const sarif_opts *o,
                     const sarif__sel *s)
{
  int rc;
  mls_buf_clear(doc);
  SARIF_TRY(mls_buf_puts(doc, SARIF_HEAD));
  SARIF_TRY(sarif__write_run(doc, r, rules, o, s, NULL));
  rc = mls_buf_puts(doc, SARIF_TAIL);
done:
  return rc;
}

int sarif_write_repo(mls_buf *out, const mls_repo_report *r,
                     const sarif_rules *rules, const sarif_opts *o,
                     sarif_repo_info *info)
{
  sarif_opts dflt = SARIF_OPTS_INIT;
  size_t max_gz, gz, k;
  sarif__sel s;
  mls_buf doc = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  sarif_repo_info tmp = { 0 };
  int rc;

  MLS_ASSERT_ARG(out && r && rules);
  o = o ? o : &dflt;
  max_gz = o->max_gzip_bytes ? o->max_gzip_bytes : SARIF_DEFAULT_MAX_GZIP_BYTES;
  if ((rc = sarif__select(&s, r, rules, o, false)) < 0) {
    return rc;
  }
  k = s.limit;
  for (;;) {
    SARIF_TRY(build_doc(&doc, r, rules, o, &s));
    /* Deflate never grows its input by more than 5 bytes per 16 KB block
     * plus an 18-byte gzip frame: a document that small needs no
     * compressing to know it fits. */
    if (doc.len / 1024 + doc.len + 64 < max_gz) {
      gz = doc.len / 1024 + doc.len + 64;
    } else if ((gz = sarif__gzip_size(doc.ptr, doc.len)) == 0) {
      rc = MLS_ENOMEM;
      goto done;
    }
    if (gz < max_gz || k == 0) {
      break; /* with no result left the rest is bounded diagnostics */
    }
    /* Scale the result count by the overshoot, with a margin so this
     * converges in a step or two, and always drop at least one. */
    size_t next = (size_t)((double)k * ((double)max_gz / (double)gz) * 0.9);
    k = next < k ? next : k - 1;
    sarif__cut_to(&s, r, k);
  }
  if (out->len == 0 && out->ptr == NULL && doc.len <= out->max) {
    doc.max = out->max;
    *out = doc;
    mls_buf_init(&doc, 0);
  } else {
    SARIF_TRY(mls_buf_put(out, doc.ptr, doc.len));
  }
  tmp.gzip_bytes = gz;
  sarif__count(&s, r, &tmp);
  if (info) {
    *info = tmp;
  }
done:
  mls_buf_dispose(&doc);
  sarif__sel_dispose(&s);
  return rc;
}

/* Temporary names of this process: pid and a counter make them unique
 * among writers; O_EXCL settles the rest. */
static atomic_ulong tmp_seq;

/* Whether the regular file at path holds exactly the n bytes at p. A
 * nightly sweep of an unchanged org writes the same documents again:
 * reading one back is cheaper than writing it, and replacing a file by
 * rename makes ext4 start writing the new one out at once (auto_da_alloc),
 * 40% of such a sweep. Anything unreadable, a link or another size is "no":
 * the file is written as before. */
static bool same_file(const char *path, const char *p, size_t n)
{
  char buf[1 << 16];
  struct stat st;
  size_t off = 0;
  bool same = false;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

  if (fd < 0) {
    return false;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
      (uint64_t)st.st_size != (uint64_t)n) {
    goto done;
  }
  for (;;) {
    ssize_t got = read(fd, buf, sizeof(buf));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      goto done;
    }
    if (got == 0) {
      same = off == n;
      goto done;
    }
    if ((size_t)got > n - off || memcmp(buf, p + off, (size_t)got) != 0) {
      goto done;
    }
    off += (size_t)got;
  }
done:
  close(fd);
  return same;
}

int sarif_write_repo_file(const char *dir, const mls_repo_report *r,
                          const sarif_rules *rules, const sarif_opts *o,
                          sarif_repo_info *info, mls_diag *diag)
{
  char safe[SARIF_SAFE_NAME_SIZE];
  mls_buf doc = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  mls_buf path = MLS_BUF_INIT(8192), tmp = MLS_BUF_INIT(8192);
  FILE *f = NULL;
  int fd = -1, rc;

  MLS_ASSERT_ARG(dir && r);
  sarif_safe_name(safe, r->name);
  SARIF_TRY(mls_buf_printf(&path, "%s/%s.sarif", dir, safe));
  SARIF_TRY(sarif_write_repo(&doc, r, rules, o, info));
  if (same_file(path.ptr, doc.ptr, doc.len)) {
    rc = MLS_OK; /* already there, byte for byte: left untouched */
    goto done;
  }
  /* Not mkstemp(): its 0600 would make the output unreadable to the
   * upload step running as another user. 0644 less the umask, as any
   * output file. */
  for (int tries = 0; fd < 0 && tries < 100; tries++) {
    mls_buf_clear(&tmp);
    SARIF_TRY(mls_buf_printf(&tmp, "%s/.%s.sarif.%ld.%lu", dir, safe,
                             (long)getpid(), atomic_fetch_add(&tmp_seq, 1)));
    fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno != EEXIST) {
      break;
    }
  }
  if (fd < 0 || !(f = fdopen(fd, "wb"))) {
    rc = mls_diag_add(diag, MLS_EIO, NULL, "cannot create %s: errno %d",
                      tmp.ptr, errno);
    goto done;
  }
  fd = -1; /* f owns it now */
  rc = sarif__fput(f, doc.ptr, doc.len);
  if (fclose(f) != 0 && rc == 0) {
    rc = MLS_EIO;
  }
  f = NULL;
  if (rc < 0 || rename(tmp.ptr, path.ptr) != 0) {
    rc = mls_diag_add(diag, MLS_EIO, NULL, "cannot write %s: errno %d",
                      path.ptr, errno);
    unlink(tmp.ptr);
    goto done;
  }
  rc = MLS_OK;
done:
  if (f) {
    fclose(f);
    unlink(tmp.ptr);
  }
  if (fd >= 0) {
    close(fd);
    unlink(tmp.ptr);
  }
  mls_buf_dispose(&doc);
  mls_buf_dispose(&path);
  mls_buf_dispose(&tmp);
  return rc;
}

/* ---- spool -------------------------------------------------------------- */

void sarif__spool_init(sarif__spool *sp)
{
  memset(sp, 0, sizeof(*sp));
  sp->mem_cap = SARIF_SPOOL_MEM_BYTES;
}

void sarif__spool_dispose(sarif__spool *sp)
{
  if (sp->f) {
    fclose(sp->f);
  }
  for (size_t i = 0; i < sp->n; i++) {
    mls_free(sp->v[i].key);
    mls_free(sp->v[i].mem);
  }
  mls_free(sp->v);
  memset(sp, 0, sizeof(*sp));
}

/* A new piece's slot, with its key, length 0 and sequence number; it
 * counts once sp->n is raised. */
static int piece_new(sarif__spool *sp, const char *key, uint64_t aux,
                     sarif__piece **out)
{
  sarif__piece *pc;

  if (sp->n == sp->cap) {
    size_t ncap = sp->cap ? sp->cap * 2 : 16, bytes;
    sarif__piece *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv))) {
      return MLS_ELIMIT;
    }
    if (!(nv = mls_realloc(sp->v, bytes))) {
      return MLS_ENOMEM;
    }
    sp->v = nv;
    sp->cap = ncap;
  }
  pc = &sp->v[sp->n];
  memset(pc, 0, sizeof(*pc));
  if (!(pc->key = mls_strndup(key ? key : "", key ? strlen(key) : 0))) {
    return MLS_ENOMEM;
  }
  pc->aux = aux;
  pc->seq = sp->n;
  *out = pc;
  return MLS_OK;
}

/* Append p[0..n) to the file, after whatever went there last. */
static int file_put(sarif__spool *sp, const void *p, size_t n)
{
  if (!sp->f && !(sp->f = tmpfile())) {
    return MLS_EIO;
  }
  /* Appends follow each other: seeking each time would flush stdio's
   * buffer (a write, a seek and a read per piece). */
  if ((!sp->at_end && fseeko(sp->f, (off_t)sp->end, SEEK_SET) != 0) ||
      sarif__fput(sp->f, p, n) < 0) {
    sp->at_end = false;
    return MLS_EIO;
  }
  sp->at_end = true;
  sp->end += n;
  return MLS_OK;
}

int sarif__spool_add(sarif__spool *sp, const char *key, const void *p, size_t n,
                     uint64_t aux)
{
  sarif__piece *pc;
  int rc;

  if (sp->open) {
    return MLS_ERROR; /* a piece in parts is not done */
  }
  if ((rc = piece_new(sp, key, aux, &pc)) < 0) {
    return rc;
  }
  pc->len = n;
  if (n <= sp->mem_cap - sp->mem && (pc->mem = mls_malloc(n ? n : 1))) {
    if (n) {
      memcpy(pc->mem, p, n);
    }
    sp->mem += n;
    sp->n++;
    return MLS_OK;
  }
  pc->off = sp->end;
  if ((rc = file_put(sp, p, n)) < 0) {
    mls_free(pc->key);
    return rc;
  }
  sp->n++;
  return MLS_OK;
}

int sarif__spool_part(sarif__spool *sp, const char *key, mls_buf *b, bool last,
                      uint64_t aux)
{
  sarif__piece *pc;
  int rc;

  if (!sp->open) {
    if (last) {
      rc = sarif__spool_add(sp, key, b->ptr ? b->ptr : "", b->len, aux);
      mls_buf_clear(b);
      return rc;
    }
    if (b->len < SARIF_SPOOL_PART_BYTES) {
      return MLS_OK;
    }
    /* The first part: the piece lives in the file from here on. */
    if ((rc = piece_new(sp, key, aux, &pc)) < 0) {
      return rc;
    }
    pc->off = sp->end;
    sp->n++;
    sp->open = true;
  } else if (!last && b->len < SARIF_SPOOL_PART_BYTES) {
    return MLS_OK;
  }
  pc = &sp->v[sp->n - 1];
  if ((rc = file_put(sp, b->ptr ? b->ptr : "", b->len)) < 0) {
    sarif__spool_drop_open(sp);
    return rc;
  }
  pc->len += b->len;
  mls_buf_clear(b);
  sp->open = !last;
  return MLS_OK;
}

void sarif__spool_drop_open(sarif__spool *sp)
{
  if (sp->open) {
    sp->n--;
    mls_free(sp->v[sp->n].key);
    sp->open = false;
  }
}

static int piece_cmp(const void *a, const void *b)
{
  const sarif__piece *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) {
    return c;
  }
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void sarif__spool_sort(sarif__spool *sp)
{
  if (sp->n > 1) {
    qsort(sp->v, sp->n, sizeof(*sp->v), piece_cmp);
  }
}

int sarif__spool_copy_range(sarif__spool *sp, size_t i, uint64_t from,
                            uint64_t n, FILE *dst)
{
  char chunk[65536];
  uint64_t left = n;

  if (from > sp->v[i].len || n > sp->v[i].len - from) {
    return MLS_ERROR;
  }
  if (sp->v[i].mem) {
    return sarif__fput(dst, sp->v[i].mem + from, (size_t)n);
  }
  sp->at_end = false;
  if (fseeko(sp->f, (off_t)(sp->v[i].off + from), SEEK_SET) != 0) {
    return MLS_EIO;
  }
  while (left > 0) {
    size_t want = left < sizeof(chunk) ? (size_t)left : sizeof(chunk);
    if (fread(chunk, 1, want, sp->f) != want) {
      return MLS_EIO;
    }
    if (fwrite(chunk, 1, want, dst) != want) {
      return MLS_EIO;
    }
    left -= want;
  }
  return MLS_OK;
}

int sarif__spool_copy(sarif__spool *sp, size_t i, FILE *dst)
{
  return sarif__spool_copy_range(sp, i, 0, sp->v[i].len, dst);
}

/* ---- org SARIF ------------------------------------------------------------
 */

struct sarif_org {
  FILE *dst;                /* borrowed: the caller's stream */
  const sarif_rules *rules; /* borrowed: for the writer's life */
  sarif_opts opts;          /* copy; its strings are borrowed */
  sarif__spool spool;       /* one run per repository; a piece's aux is
                             * where its notifications start, times 2,
                             * plus 1 when it has any */
  const mls_diag *sweep;    /* borrowed: the sweep's own diagnostics */
  bool finished;            /* sarif_org_finish() ran */
};

int sarif_org_new(sarif_org **out, FILE *dst, const sarif_rules *rules,
                  const sarif_opts *o)
{
  sarif_opts dflt = SARIF_OPTS_INIT;
  sarif_org *w;

  MLS_ASSERT_ARG(out && dst && rules);
  if (!(w = mls_calloc(1, sizeof(*w)))) {
    return MLS_ENOMEM;
  }
  w->dst = dst;
  w->rules = rules;
  w->opts = o ? *o : dflt;
  sarif__spool_init(&w->spool);
  *out = w;
  return MLS_OK;
}

int sarif_org_add(sarif_org *w, const mls_repo_report *r)
{
  sarif__sel s;
  mls_buf run = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  size_t at = 0;
  int rc;

  MLS_ASSERT_ARG(w && r && !w->finished);
  if ((rc = sarif__select(&s, r, w->rules, &w->opts, true)) < 0) {
    return rc;
  }
  SARIF_TRY(sarif__write_run(&run, r, w->rules, &w->opts, &s, &at));
  rc = sarif__spool_add(&w->spool, r->name, run.ptr, run.len,
                        (uint64_t)at * 2 + (run.ptr[at] != ']'));
done:
  sarif__sel_dispose(&s);
  mls_buf_dispose(&run);
  return rc;
}

void sarif_org_sweep_diag(sarif_org *w, const mls_diag *d)
{
  if (w && !w->finished) {
    w->sweep = d;
  }
}

/* The first run with the sweep's diagnostics first in its notifications:
 * the runs share the invocation that found them, and the first run is the
 * one place a reader of any run count finds them (a single repository's
 * file stays one run). */
static int first_run_with(sarif_org *w)
{
  const sarif__piece *p = &w->spool.v[0];
  uint64_t at = p->aux / 2;
  mls_buf notes = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  bool first = true;
  int rc;

  SARIF_TRY(sarif__sweep_notes(&notes, w->sweep, &first));
  if (p->aux & 1) {
    SARIF_TRY(mls_buf_putc(&notes, ','));
  }
  SARIF_TRY(sarif__spool_copy_range(&w->spool, 0, 0, at, w->dst));
  SARIF_TRY(sarif__fput(w->dst, notes.ptr, notes.len));
  rc = sarif__spool_copy_range(&w->spool, 0, at, p->len - at, w->dst);
done:
  mls_buf_dispose(&notes);
  return rc;
}

int sarif_org_finish(sarif_org *w)
{
  int rc;

  MLS_ASSERT_ARG(w && !w->finished);
  w->finished = true;
  sarif__spool_sort(&w->spool);
  SARIF_TRY(sarif__fput(w->dst, SARIF_HEAD, strlen(SARIF_HEAD)));
  for (size_t i = 0; i < w->spool.n; i++) {
    if (i > 0) {
      SARIF_TRY(sarif__fput(w->dst, ",\n", 2));
    }
    if (i == 0 && w->sweep && (w->sweep->n || w->sweep->dropped)) {
      SARIF_TRY(first_run_with(w));
    } else {
      SARIF_TRY(sarif__spool_copy(&w->spool, i, w->dst));
    }
  }
  SARIF_TRY(sarif__fput(w->dst, SARIF_TAIL, strlen(SARIF_TAIL)));
  rc = fflush(w->dst) == 0 ? MLS_OK : MLS_EIO;
done:
  return rc;
}

void sarif_org_free(sarif_org *w)
{
  if (!w) {
    return;
  }
  sarif__spool_dispose(&w->spool);
  mls_free(w);
}
