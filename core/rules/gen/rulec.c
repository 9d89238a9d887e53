/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/gen/rulec.c -- the build-time generator of the built-in rule
 * library's C file: for every rule file, its exact bytes (the rule-pack
 * digest and `rules show` need them) and its YAML tree as
 * rule__ytree_encode() bytes, so a sweep builds the library's rules from
 * the trees instead of running libyaml over every file at start.
 *
 * Stage: build time only; not linked into mlsweep. Reads the files with
 * the same reader a sweep uses for user rules (core/rules/ytree.c), so a
 * built-in file that does not read fails the build with its diagnostic.
 *
 * It also writes the library's digest (rule__builtin_digest): XXH3-128
 * over every file's name and bytes, so a sweep keys its cache on the
 * library without hashing its ~200 files at every start.
 *
 * And each file loaded: rule__load_native() run here on its tree, as a
 * sweep would at start, and the rule_def it makes written as static data
 * (rule_snap), so a sweep starts without loading the library at all. This
 * is why the generator links the rule engine (without the library: the
 * table symbols are defined here, empty). A file that does not load fails
 * the build with the loader's diagnostic.
 *
 * usage: mls_rulec OUT.c ROOT FILE...  (FILEs below ROOT; names in the
 * table are relative to ROOT, in the order given: CMake sorts them)
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The rule engine linked here refers to the library it is generating:
 * an empty one. */
const rule_builtin rule__builtins[] = { { NULL, NULL, 0, NULL, 0, NULL, 0,
                                          false, NULL } };
const size_t rule__nbuiltins = 0;
const char rule__builtin_digest[] = "";

/* The whole of `path`, NUL-terminated (owned), or NULL. */
static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  if (!f) {
    return NULL;
  }
  do {
    if (cap - n < 65536) {
      char *nb = mls_realloc(buf, cap + 65536 + 1);
      if (!nb) {
        mls_free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
      cap += 65536;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Feed `len` and the bytes to the digest, so two fields cannot run
 * together. */
static void digest_put(XXH3_state_t *st, const void *p, size_t len)
{
  unsigned char n[8];
  for (int i = 0; i < 8; i++) {
    n[i] = (unsigned char)((uint64_t)len >> (8 * i));
  }
  XXH3_128bits_update(st, n, sizeof(n));
  XXH3_128bits_update(st, p, len);
}

/* The name of FILE in the table: relative to ROOT. */
static const char *rel_name(const char *file, const char *root, size_t rootlen)
{
  if (strncmp(file, root, rootlen) == 0 && file[rootlen] == '/') {
    return file + rootlen + 1;
  }
  return file;
}

/* `name` as a C array of bytes. */
static void emit_bytes(FILE *out, const char *name, size_t index,
                       const unsigned char *p, size_t n)
{
  fprintf(out, "static const unsigned char %s_%zu[] = {", name, index);
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "%s0x%02x,", i % 16 == 0 ? "\n  " : "", p[i]);
  }
  fprintf(out, "\n  0x00\n};\n");
}

/* The names a file's condition gives (rule__ytree_tf_named): strdup'd,
 * unsorted until named_finish. */
typedef struct named {
  char **v;
  size_t n, cap;
  bool all;
} named;

static int named_add(void *p, const char *s)
{
  named *nm = p;
  size_t len = strlen(s);
  char *c;
  if (nm->n == nm->cap) {
    size_t ncap = nm->cap ? nm->cap * 2 : 8;
    char **nv = mls_realloc(nm->v, ncap * sizeof(*nv));
    if (!nv) {
      return MLS_ENOMEM;
    }
    nm->v = nv;
    nm->cap = ncap;
  }
  if (!(c = mls_malloc(len + 1))) {
    return MLS_ENOMEM;
  }
  memcpy(c, s, len + 1);
  nm->v[nm->n++] = c;
  return MLS_OK;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop repeats. */
static void named_finish(named *nm)
{
  size_t u = 0;
  if (nm->n > 1) {
    qsort(nm->v, nm->n, sizeof(*nm->v), cmp_str);
  }
  for (size_t i = 0; i < nm->n; i++) {
    if (u > 0 && strcmp(nm->v[u - 1], nm->v[i]) == 0) {
      mls_free(nm->v[i]);
    } else {
      nm->v[u++] = nm->v[i];
    }
  }
  nm->n = u;
}

/* s as a C string literal ('?' escaped too: no trigraph can form). */
static void emit_cstr(FILE *out, const char *s)
{
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fprintf(out, "\\%c", c);
    } else if (c < 0x20 || c >= 0x7f || c == '?') {
      fprintf(out, "\\%03o", c);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}

/* s as a C string literal, or NULL. */
static void emit_cstr_or_null(FILE *out, const char *s)
{
  if (s) {
    emit_cstr(out, s);
  } else {
    fputs("NULL", out);
  }
}

/* C99 and C11 promise string literals of 4095 characters only
 * (-Woverlength-strings): a longer field is a char array of its own,
 * emitted before the snapshot and named in *ref. */
#define SNAP_LITERAL_MAX 4000

static void long_str(FILE *out, const char *s, size_t index, const char *slot,
                     char *ref, size_t refsize)
{
  ref[0] = '\0';
  if (!s || strlen(s) <= SNAP_LITERAL_MAX) {
    return;
  }
  snprintf(ref, refsize, "snap_%s_%zu", slot, index);
  fprintf(out, "static const char %s[] = {", ref);
  for (size_t i = 0; s[i]; i++) {
    fprintf(out, "%s0x%02x,", i % 16 == 0 ? "\n  " : "", (unsigned char)s[i]);
  }
  fputs("\n  0x00\n};\n", out);
}

/* The field: the array long_str() named, or the literal. */
static void emit_field_str(FILE *out, const char *s, const char *ref)
{
  if (ref[0]) {
    fputs(ref, out);
  } else {
    emit_cstr_or_null(out, s);
  }
}

/* A static array NAME of the n strings v (nothing when n is 0). */
static void emit_strs(FILE *out, const char *name, const char *const *v,
                      size_t n)
{
  if (n == 0) {
    return;
  }
  fprintf(out, "static const char *const %s[] = {", name);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n  " : "\n  ", out);
    emit_cstr(out, v[i]);
  }
  fputs("\n};\n", out);
}

/* Fields `.F = PREFIX_INDEX, .nF = n` of the snapshot (the array emitted
 * before by emit_strs), or NULL and 0. */
static void emit_list_field(FILE *out, const char *field, const char *prefix,
                            size_t index, size_t n)
{
  if (n) {
    fprintf(out, "    .%s = %s_%zu,\n    .n%s = %zu,\n", field, prefix, index,
            field, n);
  } else {
    fprintf(out, "    .%s = NULL,\n    .n%s = 0,\n", field, field);
  }
}

/* The rule_def that rule__load_native() makes of `root` (as a sweep
 * loads a built-in file, conditions left for later), written as
 * rule_snap_INDEX; 1 when it was not written (a Checkov-format file is
 * loaded from its tree at start), -1 when the file does not load. */
static int emit_snap(FILE *out, size_t index, const char *rel,
                     const ynode *root, const char *path)
{
  static const rule_builtin lazy = { NULL, NULL, 0,     NULL, 0,
                                     NULL, 0,    false, NULL };
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  const rule_def *def;
  const rule_meta *m;
  char name[MLS_MAX_PATH_BYTES + 16], arr[64];
  char r_title[64], r_desc[64], r_rtf[64], r_rcfn[64], r_msg[64];
  int rc;

  if (rule__is_checkov(root)) {
    return 1;
  }
  if (rule_set_new(&rs) < 0) {
    fprintf(stderr, "mls_rulec: out of memory\n");
    return -1;
  }
  snprintf(name, sizeof(name), "builtin:%s", rel);
  rs->loading_builtin = &lazy;
  rs->lazy_regex = true;
  rc = rule__load_native(rs, name, root, &d);
  if (rc < 0 || rs->nall != 1) {
    fprintf(stderr, "mls_rulec: %s:%u: %s\n", path,
            d.n ? d.v[0].range.start.line : 0,
            d.n ? d.v[0].message : "does not load");
    mls_diag_dispose(&d);
    rule_set_free(rs);
    return -1;
  }
  def = rs->all[0];
  m = &def->meta;
  snprintf(arr, sizeof(arr), "snap_tags_%zu", index);
  emit_strs(out, arr, m->tags, m->ntags);
  snprintf(arr, sizeof(arr), "snap_fw_%zu", index);
  emit_strs(out, arr, m->frameworks, m->nframeworks);
  snprintf(arr, sizeof(arr), "snap_envs_%zu", index);
  emit_strs(out, arr, m->envs, m->nenvs);
  snprintf(arr, sizeof(arr), "snap_tf_%zu", index);
  emit_strs(out, arr, m->tf_types, m->ntf_types);
  snprintf(arr, sizeof(arr), "snap_cfn_%zu", index);
  emit_strs(out, arr, m->cfn_types, m->ncfn_types);
  for (size_t k = 0; k < m->npeers; k++) {
    snprintf(arr, sizeof(arr), "snap_peer_%zu_%zu", index, k);
    emit_strs(out, arr, m->peers[k].ids, m->peers[k].nids);
  }
  if (m->npeers > 0) {
    fprintf(out, "static const rule_peer snap_peers_%zu[] = {", index);
    for (size_t k = 0; k < m->npeers; k++) {
      fputs(k ? ",\n  { " : "\n  { ", out);
      emit_cstr(out, m->peers[k].tool);
      if (m->peers[k].nids > 0) {
        fprintf(out, ", snap_peer_%zu_%zu, %zu }", index, k, m->peers[k].nids);
      } else {
        fputs(", NULL, 0 }", out);
      }
    }
    fputs("\n};\n", out);
  }
  if (def->nsev_by_env > 0) {
    fprintf(out, "static const rule_env_sev snap_sbe_%zu[] = {", index);
    for (size_t k = 0; k < def->nsev_by_env; k++) {
      fputs(k ? ",\n  { " : "\n  { ", out);
      emit_cstr_or_null(out, def->sev_by_env[k].env);
      fprintf(out, ", (mls_rsev)%d }", (int)def->sev_by_env[k].severity);
    }
    fputs("\n};\n", out);
  }
  long_str(out, m->title, index, "title", r_title, sizeof(r_title));
  long_str(out, m->description, index, "desc", r_desc, sizeof(r_desc));
  long_str(out, m->remediation_tf, index, "rtf", r_rtf, sizeof(r_rtf));
  long_str(out, m->remediation_cfn, index, "rcfn", r_rcfn, sizeof(r_rcfn));
  long_str(out, def->message, index, "msg", r_msg, sizeof(r_msg));
  fprintf(out, "static const rule_snap rule_snap_%zu = {\n  .meta = {\n",
          index);
  fputs("    .id = ", out);
  emit_cstr_or_null(out, m->id);
  fputs(",\n    .title = ", out);
  emit_field_str(out, m->title, r_title);
  fprintf(out, ",\n    .severity = (mls_rsev)%d,\n    .description = ",
          (int)m->severity);
  emit_field_str(out, m->description, r_desc);
  fputs(",\n    .remediation_tf = ", out);
  emit_field_str(out, m->remediation_tf, r_rtf);
  fputs(",\n    .remediation_cfn = ", out);
  emit_field_str(out, m->remediation_cfn, r_rcfn);
  fputs(",\n    .help_uri = ", out);
  emit_cstr_or_null(out, m->help_uri);
  fputs(",\n", out);
  emit_list_field(out, "tags", "snap_tags", index, m->ntags);
  emit_list_field(out, "frameworks", "snap_fw", index, m->nframeworks);
  emit_list_field(out, "peers", "snap_peers", index, m->npeers);
  emit_list_field(out, "envs", "snap_envs", index, m->nenvs);
  emit_list_field(out, "tf_types", "snap_tf", index, m->ntf_types);
  emit_list_field(out, "cfn_types", "snap_cfn", index, m->ncfn_types);
  fputs("    .source = ", out);
  emit_cstr_or_null(out, m->source);
  fprintf(out, ",\n    .checkov_format = %s,\n  },\n  .message = ",
          m->checkov_format ? "true" : "false");
  emit_field_str(out, def->message, r_msg);
  fputs(",\n", out);
  snprintf(arr, sizeof(arr), "snap_sbe_%zu", index);
  fprintf(out, "  .sev_by_env = %s,\n  .nsev_by_env = %zu,\n",
          def->nsev_by_env ? arr : "NULL", def->nsev_by_env);
  fprintf(out, "  .has_tf = %s,\n  .has_cfn = %s,\n};\n",
          def->has_tf ? "true" : "false", def->has_cfn ? "true" : "false");
  mls_diag_dispose(&d);
  rule_set_free(rs);
  return 0;
}

static void emit_named(FILE *out, size_t index, const named *nm)
{
  fprintf(out, "static const char *const rule_named_%zu[] = {", index);
  for (size_t i = 0; i < nm->n; i++) {
    fputs(i ? ", " : " ", out);
    emit_cstr(out, nm->v[i]);
  }
  fprintf(out, "%sNULL };\n", nm->n ? ", " : " ");
}

int main(int argc, char **argv)
{
  FILE *out;
  size_t rootlen;
  int status = 0;
  XXH3_state_t *st = XXH3_createState();
  XXH128_hash_t h;
  named *nms = NULL;
  bool *snapped = NULL;

  if (argc < 3) {
    fprintf(stderr, "usage: mls_rulec OUT.c ROOT FILE...\n");
    return 2;
  }
  rootlen = strlen(argv[2]);
  if (!st || XXH3_128bits_reset(st) != XXH_OK) {
    fprintf(stderr, "mls_rulec: out of memory\n");
    return 2;
  }
  if (!(out = fopen(argv[1], "w"))) {
    fprintf(stderr, "mls_rulec: cannot write %s\n", argv[1]);
    XXH3_freeState(st);
    return 2;
  }
  fprintf(out, "/* Generated by core/rules/gen/rulec.c: do not edit. */\n"
               "#include \"core/rules/rules_int.h\"\n\n"
               "#include <stddef.h>\n\n");
  if (!(nms = mls_calloc((size_t)argc, sizeof(*nms))) ||
      !(snapped = mls_calloc((size_t)argc, sizeof(*snapped)))) {
    mls_free(nms);
    fprintf(stderr, "mls_rulec: out of memory\n");
    fclose(out);
    XXH3_freeState(st);
    return 2;
  }
  for (int i = 3; i < argc && status == 0; i++) {
    size_t len = 0;
    char *data = slurp(argv[i], &len);
    mls_arena *a = mls_arena_new(MLS_MAX_RULE_BYTES * 64);
    mls_diag d = MLS_DIAG_INIT;
    mls_buf tree = MLS_BUF_INIT(MLS_MAX_RULE_BYTES * 4);
    ynode *root = NULL;
    if (!data || !a) {
      fprintf(stderr, "mls_rulec: cannot read %s\n", argv[i]);
      status = 1;
    } else if (rule__yaml_read(&root, a, data, len, &d) < 0 ||
               rule__ytree_encode(&tree, root) < 0 ||
               rule__ytree_tf_named(root, named_add, &nms[i], &nms[i].all) <
                   0) {
      fprintf(stderr, "mls_rulec: %s:%u: %s\n", argv[i],
              d.n ? d.v[0].range.start.line : 0,
              d.n ? d.v[0].message : "cannot encode its tree");
      status = 1;
    } else {
      const char *rel = rel_name(argv[i], argv[2], rootlen);
      digest_put(st, rel, strlen(rel));
      digest_put(st, data, len);
      emit_bytes(out, "rule_file", (size_t)(i - 3), (const unsigned char *)data,
                 len);
      emit_bytes(out, "rule_tree", (size_t)(i - 3),
                 (const unsigned char *)tree.ptr, tree.len);
      named_finish(&nms[i]);
      emit_named(out, (size_t)(i - 3), &nms[i]);
      switch (emit_snap(out, (size_t)(i - 3), rel, root, argv[i])) {
      case 0:
        snapped[i] = true;
        break;
      case 1:
        break;
      default:
        status = 1;
      }
    }
    mls_buf_dispose(&tree);
    mls_diag_dispose(&d);
    mls_arena_free(a);
    mls_free(data);
  }
  fprintf(out, "\nconst rule_builtin rule__builtins[] = {\n");
  for (int i = 3; i < argc && status == 0; i++) {
    const char *rel = rel_name(argv[i], argv[2], rootlen);
    if (strpbrk(rel, "\"\\\n")) {
      fprintf(stderr, "mls_rulec: %s: unsupported file name\n", argv[i]);
      status = 1;
      break;
    }
    fprintf(out,
            "  { \"%s\", rule_file_%d, sizeof(rule_file_%d) - 1, "
            "rule_tree_%d, sizeof(rule_tree_%d) - 1, rule_named_%d, %zu, "
            "%s, ",
            rel, i - 3, i - 3, i - 3, i - 3, i - 3, nms[i].n,
            nms[i].all ? "true" : "false");
    if (snapped[i]) {
      fprintf(out, "&rule_snap_%d },\n", i - 3);
    } else {
      fputs("NULL },\n", out);
    }
  }
  fprintf(out, "  { NULL, NULL, 0, NULL, 0, NULL, 0, false, NULL }\n};\n");
  fprintf(out, "const size_t rule__nbuiltins = %d;\n", argc - 3);
  for (int i = 0; i < argc; i++) {
    for (size_t k = 0; k < nms[i].n; k++) {
      mls_free(nms[i].v[k]);
    }
    mls_free(nms[i].v);
  }
  mls_free(nms);
  mls_free(snapped);
  h = XXH3_128bits_digest(st);
  fprintf(out, "const char rule__builtin_digest[] = \"%016llx%016llx\";\n",
          (unsigned long long)h.high64, (unsigned long long)h.low64);
  XXH3_freeState(st);
  if (fclose(out) != 0) {
    status = 1;
  }
  if (status != 0) {
    remove(argv[1]);
  }
  return status;
}
