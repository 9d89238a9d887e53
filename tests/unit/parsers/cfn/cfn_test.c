/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/cfn_test.c -- helpers shared by the parsers/cfn
 * suites (see cfn_test.h).
 *
 * Test code only: inputs are the tests' own literals and a failed step
 * fails the running test.
 */
#include "tests/unit/parsers/cfn/cfn_test.h"

#include "parsers/cfn/dump.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

cfn_template *cfn_test_tmpl;
mls_diag cfn_test_diag;

void cfn_test_setup(void)
{
  mls_diag d = MLS_DIAG_INIT;
  cfn_test_diag = d;
  cfn_test_tmpl = NULL;
}

void cfn_test_teardown(void)
{
  mls_alloc_fail_after(-1);
  cfn_template_free(cfn_test_tmpl);
  cfn_test_tmpl = NULL;
  mls_diag_dispose(&cfn_test_diag);
}

const cfn_node *cfn_test_load(cfn_test_reader reader, const char *src,
                              size_t len, int want_rc)
{
  int rc;

  if (len == SIZE_MAX) {
    len = strlen(src);
  }
  cfn_template_free(cfn_test_tmpl);
  cfn_test_tmpl = NULL;
  mls_diag_clear(&cfn_test_diag);
  switch (reader) {
  case CFN_TEST_YAML:
    rc = cfn_load_yaml(&cfn_test_tmpl, src, len, &cfn_test_diag);
    break;
  case CFN_TEST_JSON:
    rc = cfn_load_json(&cfn_test_tmpl, src, len, &cfn_test_diag);
    break;
  default:
    rc = cfn_load(&cfn_test_tmpl, src, len, &cfn_test_diag);
    break;
  }
  ck_assert_msg(rc == want_rc, "rc %s, want %s; first diagnostic: %s",
                mls_rc_name(rc), mls_rc_name(want_rc),
                cfn_test_diag.n ? cfn_test_diag.v[0].message : "(none)");
  ck_assert_ptr_nonnull(cfn_test_tmpl);
  ck_assert(cfn_test_tmpl->ok == (want_rc == MLS_OK));
  return cfn_test_tmpl->root;
}

const cfn_node *cfn_test_at(const cfn_node *n, const char *path)
{
  const char *p = path;

  while (*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    ck_assert_msg(n != NULL, "no node before '%s' of '%s'", p, path);
    if (n->kind == CFN_SEQ) {
      char idx[16];
      ck_assert(len > 0 && len < sizeof(idx));
      memcpy(idx, p, len);
      idx[len] = '\0';
      unsigned long i = strtoul(idx, NULL, 10);
      ck_assert_msg(i < n->n, "index %lu past %u items in '%s'", i,
                    (unsigned)n->n, path);
      n = n->u.items[i];
    } else {
      const cfn_node *next = cfn_map_getn(n, p, len);
      ck_assert_msg(next != NULL, "no key '%.*s' in '%s'", (int)len, p, path);
      n = next;
    }
    p += len;
    if (*p == '/') {
      p++;
    }
  }
  return n;
}

void cfn_test_json(const cfn_node *n, const char *json)
{
  mls_buf b = MLS_BUF_INIT(1u << 24);
  ck_assert_ptr_nonnull(n);
  ck_assert_int_eq(cfn_dump_value(&b, n), MLS_OK);
  ck_assert_msg(b.len == strlen(json) && memcmp(b.ptr, json, b.len) == 0,
                "got %s, want %s", b.ptr ? b.ptr : "", json);
  mls_buf_dispose(&b);
}

void cfn_test_has_diag(mls_severity sev, const char *needle)
{
  for (size_t i = 0; i < cfn_test_diag.n; i++) {
    const mls_diag_entry *e = &cfn_test_diag.v[i];
    if (e->sev == sev && e->message && strstr(e->message, needle)) {
      return;
    }
  }
  ck_abort_msg("no diagnostic of severity %d containing '%s' (%zu entries; "
               "first: %s)",
               (int)sev, needle, cfn_test_diag.n,
               cfn_test_diag.n ? cfn_test_diag.v[0].message : "(none)");
}

void cfn_test_start(const cfn_node *n, unsigned line, unsigned col,
                    unsigned byte)
{
  ck_assert_ptr_nonnull(n);
  ck_assert_msg(n->range.start.line == line && n->range.start.col == col &&
                    n->range.start.byte == byte,
                "starts at %u:%u (byte %u), want %u:%u (byte %u)",
                (unsigned)n->range.start.line, (unsigned)n->range.start.col,
                (unsigned)n->range.start.byte, line, col, byte);
}
