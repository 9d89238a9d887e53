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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

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

/* s as a C string literal. */
static void emit_cstr(FILE *out, const char *s)
{
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fprintf(out, "\\%c", c);
    } else if (c < 0x20 || c >= 0x7f) {
      fprintf(out, "\\%03o", c);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
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
  if (!(nms = mls_calloc((size_t)argc, sizeof(*nms)))) {
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
            "%s },\n",
            rel, i - 3, i - 3, i - 3, i - 3, i - 3, nms[i].n,
            nms[i].all ? "true" : "false");
  }
  fprintf(out, "  { NULL, NULL, 0, NULL, 0, NULL, 0, false }\n};\n");
  fprintf(out, "const size_t rule__nbuiltins = %d;\n", argc - 3);
  for (int i = 0; i < argc; i++) {
    for (size_t k = 0; k < nms[i].n; k++) {
      mls_free(nms[i].v[k]);
    }
    mls_free(nms[i].v);
  }
  mls_free(nms);
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
