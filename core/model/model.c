/* SPDX-License-Identifier: Apache-2.0
 *
 * core/model/model.c -- values, resources and edges, and their JSON form.
 *
 * Stage: shared by evaluation (writer) and rules and inspect (readers).
 * Values are immutable once built; helpers that walk them take a depth and
 * stop at MLS_MAX_NESTING * 4 (evaluated values nest a little deeper than
 * the syntax that produced them: a jsondecode()d policy inside a for
 * expression, say), so a hostile value cannot overflow the stack.
 */
#include "core/model/model.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/jsonw.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_VALUE_DEPTH (MLS_MAX_NESTING * 4)

/* ---- values ------------------------------------------------------------ */

static mls_value *new_value(mls_arena *a, mls_vkind kind)
{
  mls_value *v = mls_arena_zalloc(a, sizeof(*v));
  if (v) {
    v->kind = kind;
    v->file = MLS_NO_FILE;
  }
  return v;
}

mls_value *mls_value_null(mls_arena *a)
{
  return new_value(a, MLS_V_NULL);
}

mls_value *mls_value_bool(mls_arena *a, bool b)
{
  mls_value *v = new_value(a, MLS_V_BOOL);
  if (v) {
    v->u.b = b;
  }
  return v;
}

mls_value *mls_value_number(mls_arena *a, double d, mls_span text)
{
  mls_value *v = new_value(a, MLS_V_NUMBER);
  char *t;
  if (!v || !(t = mls_arena_strndup(a, text.ptr ? text.ptr : "", text.len))) {
    return NULL;
  }
  v->u.num.d = d;
  v->u.num.text = mls_span_of(t, text.len);
  return v;
}

mls_value *mls_value_number_d(mls_arena *a, double d)
{
  char buf[64];
  int n;
  /* %.17g round-trips a double; integers print without a fraction. */
  if (d == (double)(long long)d && d > -9.0e15 && d < 9.0e15) {
    n = snprintf(buf, sizeof(buf), "%lld", (long long)d);
  } else {
    n = snprintf(buf, sizeof(buf), "%.17g", d);
  }
  return mls_value_number(a, d, mls_span_of(buf, (size_t)(n > 0 ? n : 0)));
}

mls_value *mls_value_string(mls_arena *a, mls_span s)
{
  char *t = mls_arena_strndup(a, s.ptr ? s.ptr : "", s.len);
  return t ? mls_value_string_borrowed(a, mls_span_of(t, s.len)) : NULL;
}

mls_value *mls_value_string_borrowed(mls_arena *a, mls_span s)
{
  mls_value *v = new_value(a, MLS_V_STRING);
  if (v) {
    v->u.str = s.ptr ? s : mls_span_of("", 0);
  }
  return v;
}

mls_value *mls_value_list(mls_arena *a, mls_value **items, uint32_t n)
{
  mls_value *v = new_value(a, MLS_V_LIST);
  if (v) {
    v->u.list.items = items;
    v->u.list.n = n;
  }
  return v;
}

mls_value *mls_value_map(mls_arena *a, mls_map_entry *entries, uint32_t n)
{
  mls_value *v = new_value(a, MLS_V_MAP);
  if (v) {
    v->u.map.entries = entries;
    v->u.map.n = n;
  }
  return v;
}

mls_value *mls_value_unknown(mls_arena *a, mls_span expr, const char *why)
{
  mls_value *v = new_value(a, MLS_V_UNKNOWN);
  if (v) {
    v->u.unknown.expr = expr.ptr ? expr : mls_span_of("", 0);
    v->u.unknown.why = why ? why : "";
  }
  return v;
}

int mls_value_refine_prefix(mls_arena *a, mls_value *u, mls_span prefix)
{
  const char *nul;
  char *copy;
  if (!u || u->kind != MLS_V_UNKNOWN || prefix.len == 0) {
    return MLS_OK;
  }
  if ((nul = memchr(prefix.ptr, '\0', prefix.len)) != NULL) {
    prefix.len = (size_t)(nul - prefix.ptr);
    if (prefix.len == 0) {
      return MLS_OK;
    }
  }
  if (!(copy = mls_arena_strndup(a, prefix.ptr, prefix.len))) {
    return MLS_ENOMEM;
  }
  u->u.unknown.prefix = copy;
  return MLS_OK;
}

int mls_value_refine_suffix(mls_arena *a, mls_value *u, mls_span suffix)
{
  const char *nul;
  char *copy;
  if (!u || u->kind != MLS_V_UNKNOWN || suffix.len == 0) {
    return MLS_OK;
  }
  /* Bytes after a NUL could never be matched as text: keep those. */
  while ((nul = memchr(suffix.ptr, '\0', suffix.len)) != NULL) {
    suffix.len -= (size_t)(nul + 1 - suffix.ptr);
    suffix.ptr = nul + 1;
  }
  if (suffix.len == 0) {
    return MLS_OK;
  }
  if (!(copy = mls_arena_strndup(a, suffix.ptr, suffix.len))) {
    return MLS_ENOMEM;
  }
  u->u.unknown.suffix = copy;
  return MLS_OK;
}

int mls_value_refine_suffix_after(mls_arena *a, mls_value *u,
                                  const mls_value *part, mls_span tail)
{
  const char *head =
      part && part->kind == MLS_V_UNKNOWN ? part->u.unknown.suffix : NULL;
  size_t hl = head ? strlen(head) : 0;
  char *joined;
  if (hl == 0) {
    return mls_value_refine_suffix(a, u, tail);
  }
  if (!u || u->kind != MLS_V_UNKNOWN) {
    return MLS_OK;
  }
  if (!(joined = mls_arena_alloc(a, hl + tail.len + 1))) {
    return MLS_ENOMEM;
  }
  memcpy(joined, head, hl);
  if (tail.len) {
    memcpy(joined + hl, tail.ptr, tail.len);
  }
  joined[hl + tail.len] = '\0';
  return mls_value_refine_suffix(a, u, mls_span_of(joined, hl + tail.len));
}

const char *const mls_partitions[] = {
  "aws",       "aws-cn",    "aws-us-gov", "aws-iso",
  "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc",
};
const size_t mls_npartitions =
    sizeof(mls_partitions) / sizeof(mls_partitions[0]);

static const char *const partition_vars[] = {
  MLS_PARTITION_VAR,
  MLS_ACCOUNT_VAR,
  MLS_REGION_VAR,
  MLS_URLSUFFIX_VAR,
};

const char *mls_partition_var_at(mls_span t, size_t i, size_t *n)
{
  if (i >= t.len || t.ptr[i] != '$') {
    return NULL;
  }
  for (size_t k = 0; k < sizeof(partition_vars) / sizeof(partition_vars[0]);
       k++) {
    size_t m = strlen(partition_vars[k]);
    if (t.len - i >= m && memcmp(t.ptr + i, partition_vars[k], m) == 0) {
      *n = m;
      return partition_vars[k];
    }
  }
  return NULL;
}

const char *mls_partition_url_suffix(const char *part)
{
  static const struct {
    const char *part, *suffix;
  } s[] = {
    { "aws-cn", "amazonaws.com.cn" },  { "aws-iso", "c2s.ic.gov" },
    { "aws-iso-b", "sc2s.sgov.gov" },  { "aws-iso-e", "cloud.adc-e.uk" },
    { "aws-iso-f", "csp.hci.ic.gov" }, { "aws-eusc", "amazonaws.eu" },
  };
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
    if (strcmp(part, s[i].part) == 0) {
      return s[i].suffix;
    }
  }
  return "amazonaws.com"; /* aws, aws-us-gov */
}

int mls_value_refine_partition(mls_arena *a, mls_value *u, mls_span tpl)
{
  size_t first = SIZE_MAX, last = 0, n;
  char *copy;
  if (!u || u->kind != MLS_V_UNKNOWN || !tpl.ptr ||
      memchr(tpl.ptr, '\0', tpl.len)) {
    return MLS_OK;
  }
  for (size_t i = 0; i < tpl.len; i++) {
    if (mls_partition_var_at(tpl, i, &n)) {
      first = first == SIZE_MAX ? i : first;
      last = i + n;
      i += n - 1;
    }
  }
  if (first == SIZE_MAX) {
    return MLS_OK;
  }
  if (!(copy = mls_arena_strndup(a, tpl.ptr, tpl.len))) {
    return MLS_ENOMEM;
  }
  u->u.unknown.expr = mls_span_of(copy, tpl.len);
  u->flags |= MLS_VF_PARTITION;
  if (mls_value_refine_prefix(a, u, mls_span_of(tpl.ptr, first)) < 0) {
    return MLS_ENOMEM;
  }
  return mls_value_refine_suffix(a, u,
                                 mls_span_of(tpl.ptr + last, tpl.len - last));
}

size_t mls_partition_count(mls_span t)
{
  size_t k = 0, n;
  for (size_t i = 0; i < t.len; i++) {
    if (mls_partition_var_at(t, i, &n)) {
      k++;
      i += n - 1;
    }
  }
  return k;
}

bool mls_partition_free(const mls_value *u)
{
  return mls_partition_text_free(u->u.unknown.expr);
}

bool mls_partition_text_free(mls_span t)
{
  size_t n;
  for (size_t i = 0; i < t.len; i++) {
    const char *v = mls_partition_var_at(t, i, &n);
    if (v &&
        (strcmp(v, MLS_ACCOUNT_VAR) == 0 || strcmp(v, MLS_REGION_VAR) == 0)) {
      return true;
    }
    i += v ? n - 1 : 0;
  }
  return false;
}

bool mls_partition_expand(const mls_value *u, const char *part, char *out,
                          size_t cap, size_t *len)
{
  mls_span t = u->u.unknown.expr;
  size_t o = 0;
  for (size_t i = 0; i < t.len;) {
    size_t n = 1, k;
    const char *v = mls_partition_var_at(t, i, &n);
    const char *p = t.ptr + i;
    if (v && strcmp(v, MLS_PARTITION_VAR) == 0) {
      p = part;
    } else if (v && strcmp(v, MLS_URLSUFFIX_VAR) == 0) {
      p = mls_partition_url_suffix(part);
    } else if (v) {
      return false; /* an account or a region */
    }
    k = v ? strlen(p) : 1;
    if (o + k + 1 > cap) {
      return false;
    }
    memcpy(out + o, p, k);
    o += k;
    i += n;
  }
  out[o] = '\0';
  *len = o;
  return true;
}

const mls_value *mls_value_get(const mls_value *m, const char *key)
{
  size_t klen;
  if (!m || m->kind != MLS_V_MAP) {
    return NULL;
  }
  klen = strlen(key);
  for (uint32_t i = 0; i < m->u.map.n; i++) {
    const mls_map_entry *e = &m->u.map.entries[i];
    if (e->key.len == klen && memcmp(e->key.ptr, key, klen) == 0) {
      return e->value;
    }
  }
  return NULL;
}

const mls_value *mls_value_path(const mls_value *m, const char *path)
{
  const mls_value *v = m;
  const char *p = path;

  while (v && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    bool numeric = n > 0;
    uint32_t idx = 0;
    for (size_t i = 0; i < n; i++) {
      if (p[i] < '0' || p[i] > '9' || idx > 100000000u) {
        numeric = false;
        break;
      }
      idx = idx * 10 + (uint32_t)(p[i] - '0');
    }
    if (v->kind == MLS_V_LIST && numeric) {
      v = idx < v->u.list.n ? v->u.list.items[idx] : NULL;
    } else if (v->kind == MLS_V_MAP) {
      const mls_value *next = NULL;
      for (uint32_t i = 0; i < v->u.map.n; i++) {
        const mls_map_entry *e = &v->u.map.entries[i];
        if (e->key.len == n && memcmp(e->key.ptr, p, n) == 0) {
          next = e->value;
          break;
        }
      }
      v = next;
    } else {
      return NULL;
    }
    p += n;
    if (*p == '.') {
      p++;
    }
  }
  return v;
}

static uint32_t count_unknown(const mls_value *v, int depth)
{
  uint32_t n = 0;
  if (!v || depth > MAX_VALUE_DEPTH) {
    return 0;
  }
  switch (v->kind) {
  case MLS_V_UNKNOWN:
    return 1;
  case MLS_V_LIST:
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      n += count_unknown(v->u.list.items[i], depth + 1);
    }
    return n;
  case MLS_V_MAP:
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      n += count_unknown(v->u.map.entries[i].value, depth + 1);
    }
    return n;
  default:
    return 0;
  }
}

uint32_t mls_value_count_unknown(const mls_value *v)
{
  return count_unknown(v, 0);
}

bool mls_value_has_unknown(const mls_value *v)
{
  return count_unknown(v, 0) > 0;
}

static bool equal(const mls_value *a, const mls_value *b, int depth)
{
  if (!a || !b || depth > MAX_VALUE_DEPTH || a->kind != b->kind) {
    return false;
  }
  switch (a->kind) {
  case MLS_V_NULL:
    return true;
  case MLS_V_BOOL:
    return a->u.b == b->u.b;
  case MLS_V_NUMBER:
    /* Exact texts are canonical, so equal numbers have equal texts. */
    return a->u.num.text.len == b->u.num.text.len &&
           memcmp(a->u.num.text.ptr, b->u.num.text.ptr, a->u.num.text.len) == 0;
  case MLS_V_STRING:
    return a->u.str.len == b->u.str.len &&
           (a->u.str.len == 0 ||
            memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0);
  case MLS_V_LIST:
    if (a->u.list.n != b->u.list.n) {
      return false;
    }
    for (uint32_t i = 0; i < a->u.list.n; i++) {
      if (!equal(a->u.list.items[i], b->u.list.items[i], depth + 1)) {
        return false;
      }
    }
    return true;
  case MLS_V_MAP:
    if (a->u.map.n != b->u.map.n) {
      return false;
    }
    for (uint32_t i = 0; i < a->u.map.n; i++) {
      const mls_map_entry *ea = &a->u.map.entries[i];
      const mls_value *vb = NULL;
      for (uint32_t j = 0; j < b->u.map.n; j++) {
        const mls_map_entry *eb = &b->u.map.entries[j];
        if (eb->key.len == ea->key.len &&
            memcmp(eb->key.ptr, ea->key.ptr, ea->key.len) == 0) {
          vb = eb->value;
          break;
        }
      }
      if (!equal(ea->value, vb, depth + 1)) {
        return false;
      }
    }
    return true;
  default:
    return false; /* unknown equals nothing, not even itself */
  }
}

bool mls_value_equal(const mls_value *a, const mls_value *b)
{
  return equal(a, b, 0);
}

/* ---- models ------------------------------------------------------------ */

mls_model *mls_model_new(void)
{
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  mls_model *m;
  if (!a) {
    return NULL;
  }
  if (!(m = mls_arena_zalloc(a, sizeof(*m)))) {
    mls_arena_free(a);
    return NULL;
  }
  m->arena = a;
  return m;
}

void mls_model_free(mls_model *m)
{
  if (m) {
    mls_arena_free(m->arena); /* m lives in its own arena */
  }
}

/* Grow an arena array of `size`-byte items holding `n` to n+1 entries.
 * Capacity is the next power of two >= n, starting at 8, so the array is
 * reallocated (copied inside the arena) only at powers of two. */
static void *grow_array(mls_arena *a, void *arr, uint32_t n, size_t size)
{
  void *na;
  size_t cap, bytes;
  if (n != 0 && (n < 8 || (n & (n - 1)) != 0)) {
    return arr;
  }
  cap = n < 8 ? 8 : (size_t)n * 2;
  if (!mls_mul_sz(&bytes, cap, size) || !(na = mls_arena_alloc(a, bytes))) {
    return NULL;
  }
  if (n) {
    memcpy(na, arr, (size_t)n * size);
  }
  return na;
}

int mls_model_add_file(mls_model *m, const char *path)
{
  const char **nf;
  char *copy;
  if (m->nfiles >= MLS_NO_FILE) {
    return -1;
  }
  if (!(nf = grow_array(m->arena, (void *)m->files, m->nfiles,
                        sizeof(*m->files))) ||
      !(copy = mls_arena_strndup(m->arena, path, strlen(path)))) {
    return -1;
  }
  m->files = nf;
  m->files[m->nfiles] = copy;
  return (int)m->nfiles++;
}

int mls_model_add_resource(mls_model *m, const mls_resource *r)
{
  mls_resource *nr =
      grow_array(m->arena, m->resources, m->nresources, sizeof(*m->resources));
  if (!nr || m->nresources >= INT32_MAX) {
    return -1;
  }
  m->resources = nr;
  m->resources[m->nresources] = *r;
  m->nunknown += mls_value_count_unknown(r->body);
  return (int)m->nresources++;
}

int mls_model_add_edge(mls_model *m, const mls_edge *e)
{
  mls_edge *ne = grow_array(m->arena, m->edges, m->nedges, sizeof(*m->edges));
  if (!ne || m->nedges >= INT32_MAX) {
    return -1;
  }
  m->edges = ne;
  m->edges[m->nedges] = *e;
  return (int)m->nedges++;
}

uint32_t mls_model_add_call(mls_model *m, const mls_modcall *c)
{
  mls_modcall *nc =
      grow_array(m->arena, m->calls, m->ncalls, sizeof(*m->calls));
  if (!nc || m->ncalls >= INT32_MAX) {
    return 0;
  }
  m->calls = nc;
  m->calls[m->ncalls] = *c;
  return ++m->ncalls;
}

/* ---- JSON -------------------------------------------------------------- */

static int put_span(mls_buf *out, mls_span s)
{
  return mls_json_string(out, s.ptr, s.len);
}

static int write_value(mls_buf *out, const mls_value *v, int depth)
{
  int rc;
  if (depth > MAX_VALUE_DEPTH) {
    return MLS_ELIMIT;
  }
  if (!v) {
    return mls_buf_puts(out, "null");
  }
  if (v->flags & MLS_VF_SENSITIVE) {
    return mls_buf_puts(out, "\"(sensitive)\"");
  }
  switch (v->kind) {
  case MLS_V_NULL:
    return mls_buf_puts(out, "null");
  case MLS_V_BOOL:
    return mls_buf_puts(out, v->u.b ? "true" : "false");
  case MLS_V_NUMBER:
    return mls_buf_put(out, v->u.num.text.ptr, v->u.num.text.len);
  case MLS_V_STRING:
    return put_span(out, v->u.str);
  case MLS_V_LIST:
    if ((rc = mls_buf_putc(out, '[')) < 0) {
      return rc;
    }
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if ((i && (rc = mls_buf_putc(out, ',')) < 0) ||
          (rc = write_value(out, v->u.list.items[i], depth + 1)) < 0) {
        return rc;
      }
    }
    return mls_buf_putc(out, ']');
  case MLS_V_MAP:
    if ((rc = mls_buf_putc(out, '{')) < 0) {
      return rc;
    }
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      const mls_map_entry *e = &v->u.map.entries[i];
      if ((i && (rc = mls_buf_putc(out, ',')) < 0) ||
          (rc = put_span(out, e->key)) < 0 ||
          (rc = mls_buf_putc(out, ':')) < 0 ||
          (rc = write_value(out, e->value, depth + 1)) < 0) {
        return rc;
      }
    }
    return mls_buf_putc(out, '}');
  case MLS_V_UNKNOWN:
    if ((rc = mls_buf_puts(out, "{\"unknown\":")) < 0 ||
        (rc = put_span(out, v->u.unknown.expr)) < 0 ||
        (rc = mls_buf_puts(out, ",\"why\":")) < 0 ||
        (rc = mls_json_string(out, v->u.unknown.why,
                              strlen(v->u.unknown.why))) < 0) {
      return rc;
    }
    if (v->u.unknown.prefix &&
        ((rc = mls_buf_puts(out, ",\"prefix\":")) < 0 ||
         (rc = mls_json_string(out, v->u.unknown.prefix,
                               strlen(v->u.unknown.prefix))) < 0)) {
      return rc;
    }
    if (v->u.unknown.suffix &&
        ((rc = mls_buf_puts(out, ",\"suffix\":")) < 0 ||
         (rc = mls_json_string(out, v->u.unknown.suffix,
                               strlen(v->u.unknown.suffix))) < 0)) {
      return rc;
    }
    return mls_buf_putc(out, '}');
  default:
    return MLS_ERROR;
  }
}

int mls_value_write_json(mls_buf *out, const mls_value *v)
{
  return write_value(out, v, 0);
}

static const char *file_name(const mls_model *m, uint16_t file)
{
  return file < m->nfiles ? m->files[file] : "";
}

int mls_model_write_json(mls_buf *out, const mls_model *m)
{
  int rc;
  if ((rc = mls_buf_puts(out, "{\"files\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < m->nfiles; i++) {
    if ((i && (rc = mls_buf_putc(out, ',')) < 0) ||
        (rc = mls_json_string(out, m->files[i], strlen(m->files[i]))) < 0) {
      return rc;
    }
  }
  if ((rc = mls_buf_puts(out, "],\"resources\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < m->nresources; i++) {
    const mls_resource *r = &m->resources[i];
    const char *fname = file_name(m, r->file);
    if ((i && (rc = mls_buf_putc(out, ',')) < 0) ||
        (rc = mls_buf_printf(
             out, "{\"framework\":\"%s\",\"mode\":\"%s\",\"type\":",
             r->framework == MLS_FW_TERRAFORM ? "terraform" : "cloudformation",
             r->mode == MLS_RM_DATA ? "data" : "managed")) < 0 ||
        (rc = put_span(out, r->type)) < 0 ||
        (rc = mls_buf_puts(out, ",\"address\":")) < 0 ||
        (rc = put_span(out, r->address)) < 0 ||
        (rc = mls_buf_puts(out, ",\"module\":")) < 0 ||
        (rc = put_span(out, r->module_path)) < 0 ||
        (rc = mls_buf_puts(out, ",\"file\":")) < 0 ||
        (rc = mls_json_string(out, fname, strlen(fname))) < 0 ||
        (r->construct.len && ((rc = mls_buf_puts(out, ",\"construct\":")) < 0 ||
                              (rc = put_span(out, r->construct)) < 0)) ||
        (rc = mls_buf_printf(out,
                             ",\"start_line\":%u,\"end_line\":%u,"
                             "\"deployed\":%s,\"attributes\":",
                             r->range.start.line, r->range.end.line,
                             r->deployed ? "true" : "false")) < 0 ||
        (rc = write_value(out, r->body, 0)) < 0 ||
        (rc = mls_buf_putc(out, '}')) < 0) {
      return rc;
    }
  }
  if ((rc = mls_buf_puts(out, "],\"edges\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < m->nedges; i++) {
    const mls_edge *e = &m->edges[i];
    if (e->from >= m->nresources || e->to >= m->nresources) {
      return MLS_ERROR;
    }
    if ((i && (rc = mls_buf_putc(out, ',')) < 0) ||
        (rc = mls_buf_puts(out, "{\"from\":")) < 0 ||
        (rc = put_span(out, m->resources[e->from].address)) < 0 ||
        (rc = mls_buf_puts(out, ",\"to\":")) < 0 ||
        (rc = put_span(out, m->resources[e->to].address)) < 0 ||
        (rc = mls_buf_puts(out, ",\"path\":")) < 0 ||
        (rc = put_span(out, e->path)) < 0 ||
        (rc = mls_buf_puts(out, ",\"attr\":")) < 0 ||
        (rc = put_span(out, e->attr)) < 0 ||
        (rc = mls_buf_putc(out, '}')) < 0) {
      return rc;
    }
  }
  return mls_buf_printf(out, "],\"unknown_values\":%u}", m->nunknown);
}

bool mls_value_same_name(const mls_value *a, const mls_value *b)
{
  mls_span x, y;
  size_t i = 0, j = 0;

  if (a->kind == MLS_V_STRING && b->kind == MLS_V_STRING) {
    return a->u.str.len > 0 && a->u.str.len == b->u.str.len &&
           memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0;
  }
  if (a->kind != MLS_V_UNKNOWN || b->kind != MLS_V_UNKNOWN) {
    return false;
  }
  x = a->u.unknown.expr;
  y = b->u.unknown.expr;
  if (!x.len || !y.len) {
    return false;
  }
  for (;;) {
    while (i < x.len && mls_isspace((unsigned char)x.ptr[i])) {
      i++;
    }
    while (j < y.len && mls_isspace((unsigned char)y.ptr[j])) {
      j++;
    }
    if (i == x.len || j == y.len) {
      return i == x.len && j == y.len;
    }
    if (x.ptr[i++] != y.ptr[j++]) {
      return false;
    }
  }
}

static bool link_from(const mls_name_link *nl, mls_span type)
{
  size_t n = strlen(nl->from);
  return nl->from[n - 1] == '_'
             ? type.len > n && memcmp(type.ptr, nl->from, n) == 0
             : mls_span_eq(type, nl->from);
}

/* Whether edge path p is attr, or below it. */
static bool path_at(mls_span p, const char *attr)
{
  size_t n = strlen(attr);
  return p.len >= n && memcmp(p.ptr, attr, n) == 0 &&
         (p.len == n || p.ptr[n] == '.');
}

int mls_model_name_edges(mls_model *m, const mls_name_link *links, size_t n,
                         bool name_attr)
{
  for (size_t t = 0; t < n; t++) {
    const mls_name_link *nl = &links[t];
    uint32_t nt = 0;
    for (uint32_t i = 0; i < m->nresources; i++) {
      nt += m->resources[i].mode == MLS_RM_MANAGED &&
            mls_span_eq(m->resources[i].type, nl->to);
    }
    for (uint32_t i = 0; nt && i < m->nresources; i++) {
      const mls_resource *r = &m->resources[i];
      const mls_value *name;
      uint32_t to = UINT32_MAX, hits = 0;
      bool linked = false;
      mls_edge e;
      if (r->mode != MLS_RM_MANAGED || !link_from(nl, r->type) ||
          !(name = mls_value_get(r->body, nl->attr)) ||
          (name->kind != MLS_V_STRING && name->kind != MLS_V_UNKNOWN)) {
        continue;
      }
      for (uint32_t k = 0; k < m->nedges && !linked; k++) {
        linked = m->edges[k].from == i && path_at(m->edges[k].path, nl->attr);
      }
      for (uint32_t j = 0; !linked && j < m->nresources; j++) {
        const mls_resource *b = &m->resources[j];
        const mls_value *bn;
        if (b->mode == MLS_RM_MANAGED && mls_span_eq(b->type, nl->to) &&
            (bn = mls_value_get(b->body, nl->name)) &&
            mls_value_same_name(bn, name)) {
          to = j;
          hits++;
        }
      }
      if (linked || hits != 1) {
        continue;
      }
      e.from = i;
      e.to = to;
      e.path = mls_span_of(nl->attr, strlen(nl->attr));
      e.attr = name_attr ? mls_span_of(nl->name, strlen(nl->name))
                         : mls_span_of("", 0);
      if (mls_model_add_edge(m, &e) < 0) {
        return -1;
      }
    }
  }
  return MLS_OK;
}
