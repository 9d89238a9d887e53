/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/diag.c -- per-job diagnostics (see diag.h).
 */
#include "core/base/diag.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

static bool grow(mls_diag *d)
{
  size_t ncap, bytes;
  mls_diag_entry *nv;
  if (d->n < d->cap) {
    return true;
  }
  ncap = d->cap ? d->cap * 2 : 8;
  if (d->n < MLS_MAX_DIAGS_PER_JOB && ncap > MLS_MAX_DIAGS_PER_JOB) {
    ncap = MLS_MAX_DIAGS_PER_JOB; /* most jobs stop there */
  } else if (ncap > MLS_MAX_DIAGS_KEPT) {
    ncap = MLS_MAX_DIAGS_KEPT;
  }
  if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
      !(nv = mls_realloc(d->v, bytes))) {
    return false;
  }
  d->v = nv;
  d->cap = ncap;
  return true;
}

/* Whether d keeps one more entry of this path and severity: any while it
 * holds fewer than MLS_MAX_DIAGS_PER_JOB, then only the first of its path
 * and severity (MLS_MAX_DIAGS_KEPT). A path's entries are added one file
 * at a time, and a repository's are moved in sorted order, so the entries
 * of one path are the last ones kept: the look back stops at another
 * path. Interleaved paths keep a few more, never past the bound. */
static bool keeps(const mls_diag *d, const char *path, mls_severity sev)
{
  if (d->n < MLS_MAX_DIAGS_PER_JOB) {
    return true;
  }
  if (!path || d->n >= MLS_MAX_DIAGS_KEPT) {
    return false;
  }
  for (size_t i = d->n; i-- > 0;) {
    const mls_diag_entry *e = &d->v[i];
    if (!e->path || strcmp(e->path, path) != 0) {
      break;
    }
    if (e->sev == sev) {
      return false;
    }
  }
  return true;
}

/* Add an entry whose message is the first len bytes of msg (at most
 * MLS_MAX_DIAG_MESSAGE - 1, as vsnprintf into that buffer leaves). */
static int put(mls_diag *d, int rc, mls_severity sev, const mls_range *at,
               const char *msg, size_t len)
{
  mls_diag_entry *e;

  if (sev == MLS_SEV_ERROR) {
    d->nerrors++;
  }
  if (!keeps(d, d->path, sev) || !grow(d)) {
    d->dropped++;
    return rc;
  }
  e = &d->v[d->n];
  memset(e, 0, sizeof(*e));
  e->rc = rc;
  e->sev = sev;
  if (at) {
    e->has_range = true;
    e->range = *at;
  }
  e->message = mls_strndup(msg, len);
  if (d->path) {
    e->path = mls_strndup(d->path, strlen(d->path));
  }
  if (!e->message || (d->path && !e->path)) {
    mls_free(e->message);
    mls_free(e->path);
    d->dropped++;
    return rc;
  }
  d->n++;
  return rc;
}

int mls_diag_addv(mls_diag *d, int rc, mls_severity sev, const mls_range *at,
                  const char *fmt, va_list ap)
{
  char msg[MLS_MAX_DIAG_MESSAGE];

  if (!keeps(d, d->path, sev)) {
    return put(d, rc, sev, at, "", 0); /* counted, not formatted */
  }
  vsnprintf(msg, sizeof(msg), fmt, ap);
  return put(d, rc, sev, at, msg, strlen(msg));
}

int mls_diag_note_text(mls_diag *d, int rc, mls_severity sev,
                       const mls_range *at, const char *msg)
{
  size_t len = strlen(msg);
  return put(d, rc, sev, at, msg,
             len < MLS_MAX_DIAG_MESSAGE ? len : MLS_MAX_DIAG_MESSAGE - 1);
}

int mls_diag_add(mls_diag *d, int rc, const mls_range *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  mls_diag_addv(d, rc, MLS_SEV_ERROR, at, fmt, ap);
  va_end(ap);
  return rc;
}

int mls_diag_note(mls_diag *d, int rc, mls_severity sev, const mls_range *at,
                  const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  mls_diag_addv(d, rc, sev, at, fmt, ap);
  va_end(ap);
  return rc;
}

int mls_diag_move(mls_diag *dst, mls_diag *src)
{
  for (size_t i = 0; i < src->n; i++) {
    if (!keeps(dst, src->v[i].path, src->v[i].sev) || !grow(dst)) {
      dst->dropped++;
      mls_free(src->v[i].message);
      mls_free(src->v[i].path);
      continue;
    }
    dst->v[dst->n++] = src->v[i];
  }
  dst->dropped += src->dropped;
  dst->nerrors += src->nerrors;
  mls_free(src->v);
  src->v = NULL;
  src->n = src->cap = src->dropped = src->nerrors = 0;
  return MLS_OK;
}

void mls_diag_clear(mls_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    mls_free(d->v[i].message);
    mls_free(d->v[i].path);
  }
  mls_free(d->v);
  d->v = NULL;
  d->n = d->cap = d->dropped = d->nerrors = 0;
}

void mls_diag_dispose(mls_diag *d)
{
  mls_diag_clear(d);
  d->path = NULL;
}
