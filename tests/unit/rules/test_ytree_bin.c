/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_ytree_bin.c -- core/rules/ytree_bin.c and the
 * build's table of built-in trees: every embedded tree is the tree the
 * YAML reader makes of the embedded bytes (so the generator and the
 * reader agree, node for node); a tree survives encoding; every
 * truncation of an encoded tree is refused and no flipped byte crashes
 * the decoder.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/rules/rules_int.h"

#include <string.h>

/* Whether two trees are the same, node for node. */
static bool same_tree(const ynode *a, const ynode *b)
{
  if (a->kind != b->kind || a->plain != b->plain || a->line != b->line ||
      a->col != b->col) {
    return false;
  }
  if (a->kind == Y_SCALAR) {
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0 &&
           b->s[b->len] == '\0';
  }
  if (a->n != b->n) {
    return false;
  }
  for (uint32_t i = 0; i < a->n; i++) {
    if (!same_tree(a->kids[i], b->kids[i])) {
      return false;
    }
  }
  return true;
}

START_TEST(test_builtin_trees_match_the_reader)
{
  ck_assert_uint_gt(rule__nbuiltins, 100);
  for (size_t i = 0; i < rule__nbuiltins; i++) {
    const rule_builtin *b = &rule__builtins[i];
    mls_arena *a = mls_arena_new(64u << 20);
    mls_diag d = MLS_DIAG_INIT;
    ynode *read = NULL, *dec = NULL;
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(
        rule__yaml_read(&read, a, (const char *)b->data, b->len, &d), MLS_OK);
    ck_assert_int_eq(rule__ytree_decode(&dec, a, b->tree, b->tree_len), MLS_OK);
    ck_assert_msg(same_tree(read, dec), "%s: trees differ", b->name);
    mls_diag_dispose(&d);
    mls_arena_free(a);
  }
}
END_TEST

static const char sample[] = "id: MLS-X-001\n"
                             "tags: [a, 'b c']\n"
                             "terraform:\n"
                             "  resource_types: [aws_s3_bucket]\n"
                             "  condition:\n"
                             "    all:\n"
                             "      - attribute: x\n"
                             "        equals: true\n"
                             "      - {attribute: y, regex: \"^a.*$\"}\n"
                             "empty: ''\n"
                             "nothing:\n";

START_TEST(test_roundtrip_truncate_flip)
{
  mls_arena *a = mls_arena_new(64u << 20);
  mls_diag d = MLS_DIAG_INIT;
  mls_buf b = MLS_BUF_INIT(1 << 20);
  ynode *root = NULL, *dec = NULL;
  unsigned char *copy;

  ck_assert_ptr_nonnull(a);
  ck_assert_int_eq(rule__yaml_read(&root, a, sample, sizeof(sample) - 1, &d),
                   MLS_OK);
  ck_assert_int_eq(rule__ytree_encode(&b, root), MLS_OK);
  ck_assert_int_eq(
      rule__ytree_decode(&dec, a, (const unsigned char *)b.ptr, b.len), MLS_OK);
  ck_assert(same_tree(root, dec));
  /* Metadata only: the binding's condition comes back an empty mapping,
   * everything else as it was. */
  {
    ynode *meta = NULL;
    const ynode *tf, *c;
    ck_assert_int_eq(
        rule__ytree_decode_meta(&meta, a, (const unsigned char *)b.ptr, b.len),
        MLS_OK);
    ck_assert_ptr_nonnull(tf = rule__ymap_get(meta, "terraform"));
    ck_assert_ptr_nonnull(c = rule__ymap_get(tf, "condition"));
    ck_assert_int_eq(c->kind, Y_MAP);
    ck_assert_uint_eq(c->n, 0);
    ck_assert(same_tree(
        rule__ymap_get(tf, "resource_types"),
        rule__ymap_get(rule__ymap_get(root, "terraform"), "resource_types")));
    ck_assert(
        same_tree(rule__ymap_get(meta, "tags"), rule__ymap_get(root, "tags")));
  }
  /* Bindings only: terraform: whole, tags: (a sequence) empty, scalars as
   * they were. */
  {
    ynode *bind = NULL;
    const ynode *t;
    ck_assert_int_eq(rule__ytree_decode_bindings(
                         &bind, a, (const unsigned char *)b.ptr, b.len),
                     MLS_OK);
    ck_assert(same_tree(rule__ymap_get(bind, "terraform"),
                        rule__ymap_get(root, "terraform")));
    ck_assert_ptr_nonnull(t = rule__ymap_get(bind, "tags"));
    ck_assert_int_eq(t->kind, Y_SEQ);
    ck_assert_uint_eq(t->n, 0);
    ck_assert(
        same_tree(rule__ymap_get(bind, "id"), rule__ymap_get(root, "id")));
  }
  {
    /* A length that does not match its children is refused. */
    memcpy(b.ptr + 10 + 4, "\x01\x00\x00\x00", 4);
    ck_assert_int_eq(
        rule__ytree_decode(&dec, a, (const unsigned char *)b.ptr, b.len),
        MLS_EINPUT);
    b.len = 0;
    ck_assert_int_eq(rule__ytree_encode(&b, root), MLS_OK);
  }
  for (size_t n = 0; n < b.len; n++) {
    ck_assert_int_eq(
        rule__ytree_decode(&dec, a, (const unsigned char *)b.ptr, n),
        MLS_EINPUT);
    ck_assert_ptr_null(dec);
  }
  copy = mls_malloc(b.len);
  ck_assert_ptr_nonnull(copy);
  for (size_t i = 0; i < b.len; i++) {
    memcpy(copy, b.ptr, b.len);
    copy[i] ^= 0x5a;
    /* Decodes (a flip inside a scalar or a position) or is refused:
     * either way, no crash, and a decoded tree is whole. */
    if (rule__ytree_decode(&dec, a, copy, b.len) == MLS_OK) {
      ck_assert_ptr_nonnull(dec);
    }
  }
  mls_free(copy);
  mls_buf_dispose(&b);
  mls_diag_dispose(&d);
  mls_arena_free(a);
}
END_TEST

Suite *rules_ytree_suite(void)
{
  Suite *s = suite_create("rules_ytree");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_builtin_trees_match_the_reader);
  tcase_add_test(tc, test_roundtrip_truncate_flip);
  suite_add_tcase(s, tc);
  return s;
}
