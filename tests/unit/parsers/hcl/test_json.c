/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/hcl/test_json.c -- hcl_parse_json() and
 * hcl_parse_json_ex(): Terraform JSON syntax into the hcl_body tree.
 *
 * Covers the block/label mapping of Terraform's JSON syntax, the choice
 * between nested blocks and object attributes, "//" comments, the three
 * string modes (template, literal, expression), .tfvars.json, exact
 * byte/line/column positions (BOM, CRLF, tabs), malformed and hostile input
 * and allocation failure. Expected positions were counted by hand from the
 * inputs, which are kept small for that reason.
 */
#include "tests/unit/test_util.h"

#include "parsers/hcl/json.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <string.h>

static mls_diag diag;
static hcl_file *file;

static void setup(void)
{
  mls_diag d = MLS_DIAG_INIT;
  diag = d;
  file = NULL;
}

static void teardown(void)
{
  hcl_file_free(file);
  file = NULL;
  mls_diag_dispose(&diag);
  mls_alloc_fail_after(-1);
}

/* Parses `js` (of `len` bytes) and checks the return code. */
static const hcl_body *parse_n(const char *js, size_t len, bool tfvars,
                               int want)
{
  hcl_file_free(file);
  file = NULL;
  mls_diag_clear(&diag);
  int rc = hcl_parse_json_ex(&file, js, len, tfvars, &diag);
  ck_assert_msg(rc == want, "rc %s, want %s; first diag: %s", mls_rc_name(rc),
                mls_rc_name(want), diag.n ? diag.v[0].message : "(none)");
  ck_assert_ptr_nonnull(file);
  ck_assert_ptr_nonnull(file->body);
  ck_assert_int_eq(file->syntax, HCL_SYNTAX_JSON);
  if (want == MLS_OK) {
    ck_assert_uint_eq(file->nerrors, 0);
  } else {
    ck_assert_uint_gt(file->nerrors, 0);
  }
  return file->body;
}

static const hcl_body *parse(const char *js, int want)
{
  return parse_n(js, strlen(js), false, want);
}

static const hcl_body *parse_vars(const char *js, int want)
{
  return parse_n(js, strlen(js), true, want);
}

static bool is(mls_span s, const char *lit)
{
  return mls_span_eq(s, lit);
}

static const hcl_attr *attr(const hcl_body *b, const char *name)
{
  for (uint32_t i = 0; i < b->nattrs; i++) {
    if (is(b->attrs[i].name, name)) {
      return &b->attrs[i];
    }
  }
  ck_abort_msg("no attribute %s", name);
  return NULL;
}

static bool has_attr(const hcl_body *b, const char *name)
{
  for (uint32_t i = 0; i < b->nattrs; i++) {
    if (is(b->attrs[i].name, name)) {
      return true;
    }
  }
  return false;
}

/* The nth (0-based) block of `type` in b. */
static const hcl_block *block(const hcl_body *b, const char *type, uint32_t nth)
{
  for (uint32_t i = 0; i < b->nblocks; i++) {
    if (is(b->blocks[i].type, type) && nth-- == 0) {
      return &b->blocks[i];
    }
  }
  ck_abort_msg("no block %s #%u", type, (unsigned)nth);
  return NULL;
}

static uint32_t count_blocks(const hcl_body *b, const char *type)
{
  uint32_t n = 0;
  for (uint32_t i = 0; i < b->nblocks; i++) {
    n += is(b->blocks[i].type, type);
  }
  return n;
}

static void check_labels(const hcl_block *blk, const char *l0, const char *l1)
{
  ck_assert_uint_eq(blk->nlabels, l1 ? 2 : l0 ? 1 : 0);
  if (l0) {
    ck_assert_msg(is(blk->labels[0].value, l0), "label 0 is %.*s",
                  (int)blk->labels[0].value.len, blk->labels[0].value.ptr);
    ck_assert(blk->labels[0].quoted);
  }
  if (l1) {
    ck_assert_msg(is(blk->labels[1].value, l1), "label 1 is %.*s",
                  (int)blk->labels[1].value.len, blk->labels[1].value.ptr);
  }
}

#define CHECK_POS(p, l, c, b)                                                  \
  do {                                                                         \
    mls_pos p_ = (p);                                                          \
    ck_assert_msg(p_.line == (l) && p_.col == (c) && p_.byte == (b),           \
                  "pos %u:%u@%u, want %u:%u@%u", (unsigned)p_.line,            \
                  (unsigned)p_.col, (unsigned)p_.byte, (unsigned)(l),          \
                  (unsigned)(c), (unsigned)(b));                               \
  } while (0)

/* A quoted string without interpolation: TEMPLATE with one literal part. */
static void check_plain_template(const hcl_expr *e, const char *text)
{
  ck_assert_int_eq(e->kind, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  const hcl_expr *lit = e->u.tmpl.parts[0];
  ck_assert_int_eq(lit->kind, HCL_EXPR_LITERAL);
  ck_assert_int_eq(lit->u.lit.type, HCL_LIT_STRING);
  ck_assert_msg(is(lit->u.lit.str, text), "literal is %.*s",
                (int)lit->u.lit.str.len, lit->u.lit.str.ptr);
}

static void check_literal_string(const hcl_expr *e, const char *text)
{
  ck_assert_int_eq(e->kind, HCL_EXPR_LITERAL);
  ck_assert_int_eq(e->u.lit.type, HCL_LIT_STRING);
  ck_assert_msg(is(e->u.lit.str, text), "literal is %.*s",
                (int)e->u.lit.str.len, e->u.lit.str.ptr);
}

/* A traversal root.step1 (step1 may be NULL). */
static void check_traversal(const hcl_expr *e, const char *root,
                            const char *step1)
{
  ck_assert_int_eq(e->kind, HCL_EXPR_SCOPE_TRAVERSAL);
  ck_assert_msg(is(e->u.scope.root, root), "root is %.*s",
                (int)e->u.scope.root.len, e->u.scope.root.ptr);
  if (!step1) {
    ck_assert_uint_eq(e->u.scope.nsteps, 0);
    return;
  }
  ck_assert_uint_ge(e->u.scope.nsteps, 1);
  ck_assert_int_eq(e->u.scope.steps[0].kind, HCL_STEP_ATTR);
  ck_assert(is(e->u.scope.steps[0].name, step1));
}

/* The first diagnostic's start position. */
static void check_diag_at(uint32_t line, uint32_t col, uint32_t byte)
{
  ck_assert_uint_ge(diag.n, 1);
  ck_assert(diag.v[0].has_range);
  CHECK_POS(diag.v[0].range.start, line, col, byte);
}

/* ---- structure ---------------------------------------------------------- */

START_TEST(hcl_json__resource_two_labels)
{
  const hcl_body *b = parse("{\"resource\": {\"aws_s3_bucket\": {\"b\": "
                            "{\"bucket\": \"data\"}}}}",
                            MLS_OK);
  ck_assert_uint_eq(b->nblocks, 1);
  ck_assert_uint_eq(b->nattrs, 0);
  const hcl_block *r = block(b, "resource", 0);
  check_labels(r, "aws_s3_bucket", "b");
  check_plain_template(attr(r->body, "bucket")->expr, "data");
}
END_TEST

START_TEST(hcl_json__one_label_and_no_label_blocks)
{
  const hcl_body *b = parse("{\"variable\": {\"region\": {}},"
                            " \"output\": {\"id\": {\"value\": \"x\"}},"
                            " \"module\": {\"net\": {\"source\": \"./n\"}},"
                            " \"provider\": {\"aws\": {\"region\": \"r\"}},"
                            " \"locals\": {\"a\": 1},"
                            " \"terraform\": {\"required_version\": \">=1\"},"
                            " \"data\": {\"aws_iam_role\": {\"r\": {}}}}",
                            MLS_OK);
  ck_assert_uint_eq(b->nblocks, 7);
  check_labels(block(b, "variable", 0), "region", NULL);
  check_labels(block(b, "output", 0), "id", NULL);
  check_labels(block(b, "module", 0), "net", NULL);
  check_labels(block(b, "provider", 0), "aws", NULL);
  check_labels(block(b, "locals", 0), NULL, NULL);
  check_labels(block(b, "terraform", 0), NULL, NULL);
  check_labels(block(b, "data", 0), "aws_iam_role", "r");
  /* Source order is kept. */
  ck_assert(is(b->blocks[0].type, "variable"));
  ck_assert(is(b->blocks[6].type, "data"));
}
END_TEST

START_TEST(hcl_json__label_levels_may_be_arrays)
{
  /* Arrays at the type level, the name level and the body level. */
  const hcl_body *b = parse(
      "{\"resource\": [{\"aws_s3_bucket\": [{\"a\": {\"n\": 1}},"
      "                                    {\"b\": [{\"n\": 2}, {\"n\": 3}]}]},"
      "               {\"aws_kms_key\": {\"k\": {}}}]}",
      MLS_OK);
  ck_assert_uint_eq(b->nblocks, 4);
  check_labels(&b->blocks[0], "aws_s3_bucket", "a");
  check_labels(&b->blocks[1], "aws_s3_bucket", "b");
  check_labels(&b->blocks[2], "aws_s3_bucket", "b");
  check_labels(&b->blocks[3], "aws_kms_key", "k");
  ck_assert(is(attr(b->blocks[1].body, "n")->expr->u.lit.str, "2"));
  ck_assert(is(attr(b->blocks[2].body, "n")->expr->u.lit.str, "3"));
}
END_TEST

START_TEST(hcl_json__duplicate_block_keys_are_kept)
{
  /* The spec's example: a repeated property at a label level defines more
   * blocks; nothing is an error. */
  const hcl_body *b = parse("{\"resource\": {\"t\": {\"a\": {}}, "
                            "\"t\": {\"b\": {}}}, \"resource\": {\"t\": "
                            "{\"c\": {}}}}",
                            MLS_OK);
  ck_assert_uint_eq(b->nblocks, 3);
  check_labels(&b->blocks[0], "t", "a");
  check_labels(&b->blocks[1], "t", "b");
  check_labels(&b->blocks[2], "t", "c");
}
END_TEST

START_TEST(hcl_json__nested_blocks_and_map_attributes)
{
  const hcl_body *b =
      parse("{\"resource\": {\"aws_s3_bucket\": {\"b\": {"
            "  \"versioning\": {\"enabled\": true},"
            "  \"tags\": {\"team\": \"ml\", \"env\": \"prod\"},"
            "  \"server_side_encryption_configuration\": {\"rule\": "
            "    {\"apply_server_side_encryption_by_default\": "
            "      {\"sse_algorithm\": \"aws:kms\"}}},"
            "  \"cors_rule\": [{\"allowed_methods\": [\"GET\"]}, "
            "                 {\"allowed_methods\": [\"PUT\"]}],"
            "  \"grant\": [],"
            "  \"list\": [1, {\"a\": 1}],"
            "  \"timeouts\": {}"
            "}}}}",
            MLS_OK);
  const hcl_body *body = block(b, "resource", 0)->body;

  const hcl_block *v = block(body, "versioning", 0);
  ck_assert_uint_eq(v->nlabels, 0);
  ck_assert_int_eq(attr(v->body, "enabled")->expr->u.lit.type, HCL_LIT_BOOL);

  const hcl_expr *tags = attr(body, "tags")->expr;
  ck_assert_int_eq(tags->kind, HCL_EXPR_OBJECT);
  ck_assert_uint_eq(tags->u.object.n, 2);
  check_literal_string(tags->u.object.items[0].key, "team");
  check_plain_template(tags->u.object.items[0].value, "ml");
  ck_assert(!tags->u.object.items[0].force_non_literal);

  const hcl_block *sse = block(body, "server_side_encryption_configuration", 0);
  const hcl_block *rule = block(sse->body, "rule", 0);
  const hcl_block *def =
      block(rule->body, "apply_server_side_encryption_by_default", 0);
  check_plain_template(attr(def->body, "sse_algorithm")->expr, "aws:kms");

  ck_assert_uint_eq(count_blocks(body, "cors_rule"), 2);
  const hcl_expr *m =
      attr(block(body, "cors_rule", 1)->body, "allowed_methods")->expr;
  ck_assert_int_eq(m->kind, HCL_EXPR_TUPLE);
  check_plain_template(m->u.tuple.items[0], "PUT");

  /* An empty array stays an attribute; a mixed array is a tuple. */
  const hcl_expr *g = attr(body, "grant")->expr;
  ck_assert_int_eq(g->kind, HCL_EXPR_TUPLE);
  ck_assert_uint_eq(g->u.tuple.n, 0);
  const hcl_expr *l = attr(body, "list")->expr;
  ck_assert_int_eq(l->kind, HCL_EXPR_TUPLE);
  ck_assert_int_eq(l->u.tuple.items[1]->kind, HCL_EXPR_OBJECT);

  ck_assert_uint_eq(block(body, "timeouts", 0)->body->nattrs, 0);
  ck_assert_uint_eq(body->nattrs, 3); /* tags, grant, list */
}
END_TEST

START_TEST(hcl_json__map_attribute_overrides_by_resource_type)
{
  const hcl_body *b = parse(
      "{\"resource\": {"
      " \"aws_lambda_function\": {\"f\": {\"environment\": "
      "   {\"variables\": {\"MODEL\": \"s3://m\"}}}},"
      " \"aws_sagemaker_model\": {\"m\": {\"primary_container\": "
      "   {\"environment\": {\"SAGEMAKER_PROGRAM\": \"x.py\"}}}},"
      " \"kubernetes_deployment\": {\"d\": {\"metadata\": {\"name\": \"n\","
      "   \"labels\": {\"app\": \"a\"}}}},"
      " \"google_compute_instance\": {\"i\": {\"metadata\": "
      "   {\"enable-oslogin\": \"TRUE\"}}}}}",
      MLS_OK);
  /* aws_lambda_function: environment is a block holding a map. */
  const hcl_body *f = b->blocks[0].body;
  const hcl_block *env = block(f, "environment", 0);
  ck_assert_int_eq(attr(env->body, "variables")->expr->kind, HCL_EXPR_OBJECT);
  /* aws_sagemaker_model: primary_container block, environment map. */
  const hcl_block *pc = block(b->blocks[1].body, "primary_container", 0);
  ck_assert_int_eq(attr(pc->body, "environment")->expr->kind, HCL_EXPR_OBJECT);
  ck_assert_uint_eq(pc->body->nblocks, 0);
  /* kubernetes_*: metadata is a block; labels inside it a map. */
  const hcl_block *md = block(b->blocks[2].body, "metadata", 0);
  ck_assert_int_eq(attr(md->body, "labels")->expr->kind, HCL_EXPR_OBJECT);
  /* google_compute_instance: metadata is a map. */
  ck_assert_int_eq(attr(b->blocks[3].body, "metadata")->expr->kind,
                   HCL_EXPR_OBJECT);
}
END_TEST

START_TEST(hcl_json__meta_blocks)
{
  const hcl_body *b =
      parse("{\"resource\": {\"aws_instance\": {\"web\": {"
            "  \"count\": 2,"
            "  \"provider\": \"aws.west\","
            "  \"depends_on\": [\"aws_s3_bucket.b\", \"module.net\"],"
            "  \"lifecycle\": {\"ignore_changes\": [\"tags\", \"ami\"],"
            "                \"create_before_destroy\": true,"
            "                \"precondition\": [{\"condition\": \"${var.ok}\","
            "                                   \"error_message\": \"no\"}]},"
            "  \"provisioner\": [{\"local-exec\": {\"command\": \"echo\"}},"
            "                  {\"file\": {\"source\": \"a\", \"when\": "
            "\"destroy\"}}],"
            "  \"connection\": {\"type\": \"ssh\", \"host\": \"${self.ip}\"},"
            "  \"dynamic\": {\"ebs_block_device\": {\"for_each\": "
            "\"${var.disks}\", \"iterator\": \"disk\", \"content\": "
            "{\"device_name\": \"${disk.value}\", \"tags\": {\"a\": \"b\"}}}}"
            "}}}}",
            MLS_OK);
  const hcl_body *body = b->blocks[0].body;

  ck_assert_int_eq(attr(body, "count")->expr->u.lit.type, HCL_LIT_NUMBER);
  check_traversal(attr(body, "provider")->expr, "aws", "west");
  const hcl_expr *dep = attr(body, "depends_on")->expr;
  ck_assert_int_eq(dep->kind, HCL_EXPR_TUPLE);
  ck_assert_uint_eq(dep->u.tuple.n, 2);
  check_traversal(dep->u.tuple.items[0], "aws_s3_bucket", "b");
  check_traversal(dep->u.tuple.items[1], "module", "net");

  const hcl_block *lc = block(body, "lifecycle", 0);
  const hcl_expr *ic = attr(lc->body, "ignore_changes")->expr;
  check_traversal(ic->u.tuple.items[0], "tags", NULL);
  ck_assert_int_eq(attr(lc->body, "create_before_destroy")->expr->u.lit.type,
                   HCL_LIT_BOOL);
  const hcl_block *pre = block(lc->body, "precondition", 0);
  ck_assert_int_eq(attr(pre->body, "condition")->expr->kind,
                   HCL_EXPR_TEMPLATE_WRAP);

  ck_assert_uint_eq(count_blocks(body, "provisioner"), 2);
  check_labels(block(body, "provisioner", 0), "local-exec", NULL);
  const hcl_block *pf = block(body, "provisioner", 1);
  check_labels(pf, "file", NULL);
  check_traversal(attr(pf->body, "when")->expr, "destroy", NULL);

  const hcl_block *conn = block(body, "connection", 0);
  check_literal_string(attr(conn->body, "type")->expr, "ssh");
  ck_assert_int_eq(attr(conn->body, "host")->expr->kind,
                   HCL_EXPR_TEMPLATE_WRAP);

  const hcl_block *dyn = block(body, "dynamic", 0);
  check_labels(dyn, "ebs_block_device", NULL);
  check_traversal(attr(dyn->body, "iterator")->expr, "disk", NULL);
  ck_assert_int_eq(attr(dyn->body, "for_each")->expr->kind,
                   HCL_EXPR_TEMPLATE_WRAP);
  const hcl_block *content = block(dyn->body, "content", 0);
  ck_assert(has_attr(content->body, "device_name"));
  ck_assert_int_eq(attr(content->body, "tags")->expr->kind, HCL_EXPR_OBJECT);
}
END_TEST

START_TEST(hcl_json__ignore_changes_all)
{
  const hcl_body *b = parse("{\"resource\": {\"t\": {\"n\": {\"lifecycle\": "
                            "{\"ignore_changes\": \"all\"}}}}}",
                            MLS_OK);
  const hcl_block *lc = block(b->blocks[0].body, "lifecycle", 0);
  check_traversal(attr(lc->body, "ignore_changes")->expr, "all", NULL);
}
END_TEST

START_TEST(hcl_json__comments_are_ignored_in_bodies_only)
{
  const hcl_body *b =
      parse("{\"//\": \"generated, do not edit\","
            " \"resource\": {\"//\": \"label level\", \"t\": {\"n\": {"
            "   \"//\": {\"metadata\": {\"path\": \"stack/n\"}},"
            "   \"tags\": {\"//\": \"kept\", \"a\": \"b\"}}}},"
            " \"locals\": {\"//\": \"x\", \"y\": 1}}",
            MLS_OK);
  ck_assert_uint_eq(b->nattrs, 0);
  ck_assert_uint_eq(b->nblocks, 2);
  const hcl_body *r = block(b, "resource", 0)->body;
  ck_assert_uint_eq(r->nattrs, 1);
  ck_assert_uint_eq(r->nblocks, 0);
  const hcl_expr *tags = attr(r, "tags")->expr;
  ck_assert_uint_eq(tags->u.object.n, 2);
  check_literal_string(tags->u.object.items[0].key, "//");
  const hcl_body *l = block(b, "locals", 0)->body;
  ck_assert_uint_eq(l->nattrs, 1);
  ck_assert(has_attr(l, "y"));
}
END_TEST

/* ---- strings: templates, literals, expressions --------------------------- */

START_TEST(hcl_json__templates)
{
  /*            0         1         2         3         4         5
   *            0123456789012345678901234567890123456789012345678901234 */
  const char *js = "{\"locals\": {\"w\": \"${var.x}\", \"m\": \"a-${var.y}\","
                   " \"p\": \"plain\", \"e\": \"\", \"d\": \"$${x}\"}}";
  const hcl_body *b = parse(js, MLS_OK);
  const hcl_body *l = b->blocks[0].body;

  /* "${var.x}" alone is the wrapped expression; its range keeps the quotes
   * as a native quoted template's does, the inner one is exact. */
  const hcl_expr *w = attr(l, "w")->expr;
  ck_assert_int_eq(w->kind, HCL_EXPR_TEMPLATE_WRAP);
  CHECK_POS(w->range.start, 1, 18, 17);
  CHECK_POS(w->range.end, 1, 28, 27);
  const hcl_expr *wi = w->u.wrap.inner;
  check_traversal(wi, "var", "x");
  CHECK_POS(wi->range.start, 1, 21, 20);
  CHECK_POS(wi->range.end, 1, 26, 25);

  const hcl_expr *m = attr(l, "m")->expr;
  ck_assert_int_eq(m->kind, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(m->u.tmpl.nparts, 2);
  check_literal_string(m->u.tmpl.parts[0], "a-");
  check_traversal(m->u.tmpl.parts[1], "var", "y");

  /* No interpolation: one literal part spanning the inside of the quotes. */
  const hcl_expr *p = attr(l, "p")->expr;
  check_plain_template(p, "plain");
  const char *at = strstr(js, "\"plain\"");
  uint32_t q = (uint32_t)(at - js);
  CHECK_POS(p->range.start, 1, q + 1, q);
  CHECK_POS(p->u.tmpl.parts[0]->range.start, 1, q + 2, q + 1);
  CHECK_POS(p->u.tmpl.parts[0]->range.end, 1, q + 7, q + 6);

  const hcl_expr *e = attr(l, "e")->expr;
  ck_assert_int_eq(e->kind, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 0);

  /* "$${" is an escaped interpolation: literal text "${x}". */
  const hcl_expr *d = attr(l, "d")->expr;
  ck_assert_int_eq(d->kind, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(d->u.tmpl.nparts, 1);
  check_literal_string(d->u.tmpl.parts[0], "${x}");
}
END_TEST

START_TEST(hcl_json__template_object_keys)
{
  const hcl_body *b = parse("{\"locals\": {\"o\": {\"${var.k}\": 1, "
                            "\"plain\": 2}}}",
                            MLS_OK);
  const hcl_expr *o = attr(b->blocks[0].body, "o")->expr;
  ck_assert_int_eq(o->u.object.items[0].key->kind, HCL_EXPR_TEMPLATE_WRAP);
  check_literal_string(o->u.object.items[1].key, "plain");
}
END_TEST

START_TEST(hcl_json__variable_output_module_terraform)
{
  const hcl_body *b = parse(
      "{\"variable\": {\"v\": {\"type\": \"list(string)\","
      "   \"default\": [\"${not.a.template}\", {\"k\": \"v\"}],"
      "   \"description\": \"Uses ${x}\", \"sensitive\": true,"
      "   \"validation\": {\"condition\": \"${length(var.v) > 0}\","
      "                  \"error_message\": \"empty\"}}},"
      " \"output\": {\"o\": {\"value\": \"${aws_s3_bucket.b.arn}\","
      "   \"description\": \"ARN ${x}\", \"depends_on\": [\"aws_kms_key.k\"]}},"
      " \"module\": {\"m\": {\"source\": \"./mod${x}\", \"version\": \"1.0\","
      "   \"providers\": {\"aws\": \"aws.usw1\"},"
      "   \"settings\": {\"a\": {\"b\": \"${var.c}\"}}, \"count\": 1}},"
      " \"terraform\": {\"required_providers\": {\"aws\": {\"source\": "
      "   \"hashicorp/aws\", \"version\": \"~> 5.0\"}},"
      "   \"backend\": {\"s3\": {\"bucket\": \"state-${x}\"}},"
      "   \"cloud\": {\"organization\": \"o\", \"workspaces\": {\"name\": "
      "\"w\"}}}}",
      MLS_OK);

  const hcl_block *v = block(b, "variable", 0);
  ck_assert_int_eq(attr(v->body, "type")->expr->kind, HCL_EXPR_FUNCTION_CALL);
  const hcl_expr *def = attr(v->body, "default")->expr;
  ck_assert_int_eq(def->kind, HCL_EXPR_TUPLE);
  check_literal_string(def->u.tuple.items[0], "${not.a.template}");
  check_literal_string(def->u.tuple.items[1]->u.object.items[0].value, "v");
  check_literal_string(attr(v->body, "description")->expr, "Uses ${x}");
  const hcl_block *val = block(v->body, "validation", 0);
  ck_assert_int_eq(attr(val->body, "condition")->expr->kind,
                   HCL_EXPR_TEMPLATE_WRAP);

  const hcl_block *o = block(b, "output", 0);
  ck_assert_int_eq(attr(o->body, "value")->expr->kind, HCL_EXPR_TEMPLATE_WRAP);
  check_literal_string(attr(o->body, "description")->expr, "ARN ${x}");
  check_traversal(attr(o->body, "depends_on")->expr->u.tuple.items[0],
                  "aws_kms_key", "k");

  /* Module arguments are attributes, even object-valued ones. */
  const hcl_block *m = block(b, "module", 0);
  ck_assert_uint_eq(m->body->nblocks, 0);
  check_literal_string(attr(m->body, "source")->expr, "./mod${x}");
  check_literal_string(attr(m->body, "version")->expr, "1.0");
  const hcl_expr *prov = attr(m->body, "providers")->expr;
  ck_assert_int_eq(prov->kind, HCL_EXPR_OBJECT);
  check_literal_string(prov->u.object.items[0].key, "aws");
  check_traversal(prov->u.object.items[0].value, "aws", "usw1");
  const hcl_expr *st = attr(m->body, "settings")->expr;
  ck_assert_int_eq(st->kind, HCL_EXPR_OBJECT);
  ck_assert_int_eq(st->u.object.items[0].value->u.object.items[0].value->kind,
                   HCL_EXPR_TEMPLATE_WRAP);

  /* terraform: everything literal. */
  const hcl_block *t = block(b, "terraform", 0);
  const hcl_block *rp = block(t->body, "required_providers", 0);
  const hcl_expr *aws = attr(rp->body, "aws")->expr;
  ck_assert_int_eq(aws->kind, HCL_EXPR_OBJECT);
  check_literal_string(aws->u.object.items[1].value, "~> 5.0");
  const hcl_block *be = block(t->body, "backend", 0);
  check_labels(be, "s3", NULL);
  check_literal_string(attr(be->body, "bucket")->expr, "state-${x}");
  const hcl_block *cl = block(t->body, "cloud", 0);
  ck_assert(has_attr(block(cl->body, "workspaces", 0)->body, "name"));
}
END_TEST

START_TEST(hcl_json__moved_import_removed_check)
{
  const hcl_body *b = parse(
      "{\"moved\": [{\"from\": \"aws_s3_bucket.a\", \"to\": "
      "\"aws_s3_bucket.b\"}],"
      " \"import\": {\"to\": \"aws_s3_bucket.b\", \"id\": \"bucket-${x}\"},"
      " \"removed\": {\"from\": \"aws_s3_bucket.c\", \"lifecycle\": "
      "{\"destroy\": false}},"
      " \"check\": {\"health\": {\"data\": {\"http\": {\"site\": {\"url\": "
      "\"https://x\"}}}, \"assert\": {\"condition\": \"${true}\"}}}}",
      MLS_OK);
  const hcl_block *mv = block(b, "moved", 0);
  check_traversal(attr(mv->body, "from")->expr, "aws_s3_bucket", "a");
  const hcl_block *im = block(b, "import", 0);
  check_traversal(attr(im->body, "to")->expr, "aws_s3_bucket", "b");
  ck_assert_int_eq(attr(im->body, "id")->expr->kind, HCL_EXPR_TEMPLATE);
  const hcl_block *rm = block(b, "removed", 0);
  ck_assert_uint_eq(count_blocks(rm->body, "lifecycle"), 1);
  const hcl_block *ck = block(b, "check", 0);
  check_labels(ck, "health", NULL);
  check_labels(block(ck->body, "data", 0), "http", "site");
  ck_assert(has_attr(block(ck->body, "assert", 0)->body, "condition"));
}
END_TEST

START_TEST(hcl_json__scalars)
{
  const hcl_body *b = parse_vars("{\"n\": -1.50e+3, \"z\": 0, \"t\": true, "
                                 "\"f\": false, \"u\": null}",
                                 MLS_OK);
  const hcl_expr *n = attr(b, "n")->expr;
  ck_assert_int_eq(n->kind, HCL_EXPR_LITERAL);
  ck_assert_int_eq(n->u.lit.type, HCL_LIT_NUMBER);
  ck_assert(is(n->u.lit.str, "-1.50e+3")); /* the source text, exactly */
  ck_assert(is(attr(b, "z")->expr->u.lit.str, "0"));
  ck_assert(attr(b, "t")->expr->u.lit.b);
  ck_assert(!attr(b, "f")->expr->u.lit.b);
  ck_assert_int_eq(attr(b, "f")->expr->u.lit.type, HCL_LIT_BOOL);
  ck_assert_int_eq(attr(b, "u")->expr->u.lit.type, HCL_LIT_NULL);
}
END_TEST

START_TEST(hcl_json__escapes)
{
  const hcl_body *b =
      parse_vars("{\"a\": \"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\","
                 " \"u\": \"caf\\u00e9\", \"p\": \"\\ud83d\\ude00\","
                 " \"k\\u0065y\": 1, \"z\": \"\\u0000\"}",
                 MLS_OK);
  check_literal_string(attr(b, "a")->expr, "q\"b\\s/n\nt\tr\rb\bf\f");
  check_literal_string(attr(b, "u")->expr, "caf\xC3\xA9");
  check_literal_string(attr(b, "p")->expr, "\xF0\x9F\x98\x80");
  ck_assert(has_attr(b, "key")); /* keys are decoded too */
  const hcl_expr *z = attr(b, "z")->expr;
  ck_assert_uint_eq(z->u.lit.str.len, 1);
  ck_assert_int_eq(z->u.lit.str.ptr[0], 0);
}
END_TEST

START_TEST(hcl_json__lone_surrogate_is_a_warning)
{
  const hcl_body *b = parse_vars("{\"a\": \"x\\ud800y\"}", MLS_OK);
  check_literal_string(attr(b, "a")->expr, "x\xEF\xBF\xBDy");
  ck_assert_uint_eq(diag.n, 1);
  ck_assert_int_eq(diag.v[0].sev, MLS_SEV_WARNING);
  CHECK_POS(diag.v[0].range.start, 1, 9, 8);
}
END_TEST

START_TEST(hcl_json__strings_are_nfc_normalized)
{
  /* e + COMBINING ACUTE ACCENT becomes U+00E9, as cty does. */
  const hcl_body *b = parse_vars("{\"a\": \"e\\u0301\"}", MLS_OK);
  check_literal_string(attr(b, "a")->expr, "\xC3\xA9");
}
END_TEST

/* ---- .tfvars.json ------------------------------------------------------- */

START_TEST(hcl_json__tfvars_values_are_literal)
{
  const hcl_body *b =
      parse_vars("{\"//\": \"comment\", \"region\": \"us-east-1\","
                 " \"name\": \"${var.x}\", \"tags\": {\"a\": \"${b}\"},"
                 " \"subnets\": [\"s-1\", \"s-2\"], \"resource\": {\"x\": {}}}",
                 MLS_OK);
  ck_assert_uint_eq(b->nblocks, 0);
  ck_assert_uint_eq(b->nattrs, 5);
  check_literal_string(attr(b, "region")->expr, "us-east-1");
  check_literal_string(attr(b, "name")->expr, "${var.x}");
  const hcl_expr *tags = attr(b, "tags")->expr;
  check_literal_string(tags->u.object.items[0].value, "${b}");
  ck_assert_uint_eq(attr(b, "subnets")->expr->u.tuple.n, 2);
  /* Even "resource" is only a variable name here. */
  ck_assert_int_eq(attr(b, "resource")->expr->kind, HCL_EXPR_OBJECT);
}
END_TEST

START_TEST(hcl_json__tfvars_root_must_be_one_object)
{
  const hcl_body *b = parse_vars("[{\"a\": 1}]", MLS_EINPUT);
  ck_assert_uint_eq(b->nattrs, 0);
  parse_vars("\"x\"", MLS_EINPUT);
}
END_TEST

/* ---- positions ---------------------------------------------------------- */

/* Each block of an array starts at its own object, as each native block
 * starts at its own line; a block given as one object starts at its type. */
START_TEST(hcl_json__array_block_positions)
{
  const char *js = "{\n"
                   "  \"resource\": {\n"
                   "    \"aws_security_group\": {\n"
                   "      \"sg\": {\n"
                   "        \"ingress\": [\n"
                   "          {\"from_port\": 443},\n"
                   "          {\"from_port\": 22}\n"
                   "        ],\n"
                   "        \"egress\": {\"from_port\": 0}\n"
                   "      }\n"
                   "    }\n"
                   "  }\n"
                   "}\n";
  const hcl_body *b = parse(js, MLS_OK);
  const hcl_block *r = block(b, "resource", 0);
  ck_assert_uint_eq(block(r->body, "ingress", 0)->range.start.line, 6);
  ck_assert_uint_eq(block(r->body, "ingress", 1)->range.start.line, 7);
  ck_assert_uint_eq(block(r->body, "ingress", 1)->type_range.start.line, 5);
  ck_assert_uint_eq(block(r->body, "egress", 0)->range.start.line, 9);
}
END_TEST

START_TEST(hcl_json__positions_multiline)
{
  const char *js = "{\n"                 /* bytes 0-1 */
                   "  \"locals\": {\n"   /* line 2 at byte 2 */
                   "    \"a\": 1,\n"     /* line 3 at byte 16 */
                   "    \"bb\": \"x\"\n" /* line 4 at byte 28 */
                   "  }\n"               /* line 5 at byte 42 */
                   "}\n";                /* line 6 at byte 46 */
  const hcl_body *b = parse(js, MLS_OK);
  const hcl_block *l = block(b, "locals", 0);
  CHECK_POS(l->range.start, 2, 3, 4);
  CHECK_POS(l->range.end, 5, 4, 45);
  CHECK_POS(l->type_range.start, 2, 3, 4);
  CHECK_POS(l->type_range.end, 2, 11, 12);
  CHECK_POS(l->body->range.start, 2, 13, 14);
  CHECK_POS(l->body->range.end, 5, 4, 45);

  const hcl_attr *a = attr(l->body, "a");
  CHECK_POS(a->range.start, 3, 5, 20);
  CHECK_POS(a->range.end, 3, 11, 26);
  CHECK_POS(a->name_range.start, 3, 5, 20);
  CHECK_POS(a->name_range.end, 3, 8, 23);
  CHECK_POS(a->expr->range.start, 3, 10, 25);
  CHECK_POS(a->expr->range.end, 3, 11, 26);

  const hcl_attr *bb = attr(l->body, "bb");
  CHECK_POS(bb->range.start, 4, 5, 32);
  CHECK_POS(bb->range.end, 4, 14, 41);
  CHECK_POS(bb->expr->range.start, 4, 11, 38);
  CHECK_POS(bb->expr->u.tmpl.parts[0]->range.start, 4, 12, 39);

  /* The root body is the whole file. */
  CHECK_POS(b->range.start, 1, 1, 0);
  CHECK_POS(b->range.end, 7, 1, 48);
}
END_TEST

START_TEST(hcl_json__positions_labels)
{
  const char *js = "{\"resource\": {\"t\": {\"n\": {}}}}";
  const hcl_body *b = parse(js, MLS_OK);
  const hcl_block *r = block(b, "resource", 0);
  CHECK_POS(r->range.start, 1, 2, 1);
  CHECK_POS(r->range.end, 1, 28, 27);
  CHECK_POS(r->labels[0].range.start, 1, 15, 14);
  CHECK_POS(r->labels[0].range.end, 1, 18, 17);
  CHECK_POS(r->labels[1].range.start, 1, 21, 20);
  CHECK_POS(r->labels[1].range.end, 1, 24, 23);
  CHECK_POS(r->body->range.start, 1, 26, 25);
}
END_TEST

START_TEST(hcl_json__positions_bom)
{
  /* The BOM counts in bytes, not in columns. */
  const hcl_body *b = parse_vars("\xEF\xBB\xBF{\"a\": 1,\n\"b\": 2}", MLS_OK);
  const hcl_attr *a = attr(b, "a");
  CHECK_POS(a->range.start, 1, 2, 4);
  CHECK_POS(a->expr->range.start, 1, 7, 9);
  CHECK_POS(attr(b, "b")->range.start, 2, 1, 12);
}
END_TEST

START_TEST(hcl_json__positions_crlf)
{
  const hcl_body *b =
      parse_vars("{\r\n  \"a\": 1,\r\n  \"b\": \"v\"\r\n}\r\n", MLS_OK);
  CHECK_POS(attr(b, "a")->range.start, 2, 3, 5);
  const hcl_attr *bv = attr(b, "b");
  CHECK_POS(bv->range.start, 3, 3, 16);
  CHECK_POS(bv->range.end, 3, 11, 24);
}
END_TEST

START_TEST(hcl_json__positions_tabs)
{
  /* A tab is one byte, so one column. */
  const hcl_body *b = parse_vars("{\n\t\"a\":\t1,\n\t\t\"b\": 2}", MLS_OK);
  const hcl_attr *a = attr(b, "a");
  CHECK_POS(a->range.start, 2, 2, 3);
  CHECK_POS(a->expr->range.start, 2, 7, 8);
  CHECK_POS(attr(b, "b")->range.start, 3, 3, 13);
}
END_TEST

START_TEST(hcl_json__positions_after_escapes)
{
  /* An escape changes the decoded length, not the positions of the JSON
   * tokens around it. */
  const hcl_body *b =
      parse_vars("{\"a\": \"x\\ny\\u00e9z\", \"b\": 1}", MLS_OK);
  const hcl_attr *a = attr(b, "a");
  CHECK_POS(a->expr->range.start, 1, 7, 6);
  CHECK_POS(a->expr->range.end, 1, 20, 19);
  CHECK_POS(attr(b, "b")->range.start, 1, 22, 21);
}
END_TEST

START_TEST(hcl_json__positions_multibyte)
{
  /* Columns count bytes: "é" is two. */
  const hcl_body *b =
      parse_vars("{\"\xC3\xA9\": \"\xC3\xA9\", \"b\": 1}", MLS_OK);
  CHECK_POS(attr(b, "\xC3\xA9")->expr->range.start, 1, 8, 7);
  CHECK_POS(attr(b, "b")->range.start, 1, 14, 13);
}
END_TEST

/* ---- malformed input ---------------------------------------------------- */

START_TEST(hcl_json__truncated_keeps_what_was_parsed)
{
  const hcl_body *b = parse("{\"resource\": {\"aws_s3_bucket\": {\"a\": "
                            "{\"bucket\": \"x\"}, \"b\": {\"acl\": \"pri",
                            MLS_EINPUT);
  ck_assert_uint_eq(b->nblocks, 2);
  check_labels(&b->blocks[0], "aws_s3_bucket", "a");
  ck_assert(has_attr(b->blocks[0].body, "bucket"));
  check_labels(&b->blocks[1], "aws_s3_bucket", "b");
  ck_assert_uint_eq(b->blocks[1].body->nattrs, 0);
  check_diag_at(1, 68, 67); /* the opening quote */
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "unterminated string"));

  parse("{\"a\": ", MLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "end of input"));
  parse("{", MLS_EINPUT);
  parse("", MLS_EINPUT);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "empty"));
  parse(" \n\t ", MLS_EINPUT);
}
END_TEST

START_TEST(hcl_json__trailing_comma)
{
  parse_vars("{\"a\": 1,}", MLS_EINPUT);
  check_diag_at(1, 8, 7);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "trailing comma"));
  parse_vars("{\"a\": [1,\n]}", MLS_EINPUT);
  check_diag_at(1, 9, 8); /* at the comma, before the line break */
}
END_TEST

START_TEST(hcl_json__bad_escape)
{
  parse_vars("{\"a\": \"x\\qy\"}", MLS_EINPUT);
  check_diag_at(1, 9, 8);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "invalid escape"));
  parse_vars("{\"a\": \"\\u12G4\"}", MLS_EINPUT);
  check_diag_at(1, 8, 7);
  parse_vars("{\"a\": \"\\u12\"}", MLS_EINPUT);
}
END_TEST

START_TEST(hcl_json__nul_byte)
{
  static const char in_string[] = "{\"a\": \"x\0y\"}";
  parse_n(in_string, sizeof(in_string) - 1, true, MLS_EINPUT);
  check_diag_at(1, 9, 8);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "NUL"));
  static const char outside[] = "{\"a\": 1}\0";
  parse_n(outside, sizeof(outside) - 1, true, MLS_EINPUT);
  check_diag_at(1, 9, 8);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "NUL"));
}
END_TEST

START_TEST(hcl_json__invalid_utf8)
{
  parse_vars("{\"a\": \"x\xFFy\"}", MLS_EINPUT);
  check_diag_at(1, 9, 8);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "UTF-8"));
  parse_vars("{\"a\": \"\xC3\"}", MLS_EINPUT);         /* truncated */
  parse_vars("{\"a\": \"\xC0\xAF\"}", MLS_EINPUT);     /* overlong */
  parse_vars("{\"a\": \"\xED\xA0\x80\"}", MLS_EINPUT); /* surrogate */
  parse_vars("{\"\xFF\": 1}", MLS_EINPUT);             /* in a key */
  parse_vars("{\"a\": 1} \xFF", MLS_EINPUT);           /* outside */
}
END_TEST

START_TEST(hcl_json__other_syntax_errors)
{
  static const char *const bad[] = {
    "{\"a\": 01}",
    "{\"a\": 1.}",
    "{\"a\": 1e}",
    "{\"a\": -}",
    "{\"a\": tru}",
    "{\"a\": nul}",
    "{\"a\": 'x'}",
    "{a: 1}",
    "{\"a\" 1}",
    "{\"a\": 1 \"b\": 2}",
    "{\"a\": [1 2]}",
    "{\"a\": \"x\ny\"}",
    "{\"a\": \"\x01\"}",
    "{\"a\": 1}}",
    "{\"a\": 1} {}",
    "{\"a\": +1}",
    "{\"a\": .5}",
    "{\"a\": truex}",
    "{,}",
    "[,]",
    "{\"a\":}",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    hcl_file_free(file);
    file = NULL;
    mls_diag_clear(&diag);
    int rc = hcl_parse_json_ex(&file, bad[i], strlen(bad[i]), true, &diag);
    ck_assert_msg(rc == MLS_EINPUT, "input %zu (%s): rc %d", i, bad[i], rc);
    ck_assert_ptr_nonnull(file);
    ck_assert_uint_gt(file->nerrors, 0);
    ck_assert(diag.n >= 1 && diag.v[0].has_range);
  }
}
END_TEST

START_TEST(hcl_json__trailing_garbage_keeps_tree)
{
  const hcl_body *b = parse("{\"locals\": {\"a\": 1}}\n x", MLS_EINPUT);
  ck_assert_uint_eq(b->nblocks, 1);
  check_diag_at(2, 2, 22);
}
END_TEST

START_TEST(hcl_json__schema_errors)
{
  /* Wrong shapes where Terraform needs objects. */
  const hcl_body *b = parse("{\"resource\": {\"t\": \"x\", \"u\": {\"n\": 1}},"
                            " \"locals\": {\"a\": 1}}",
                            MLS_EINPUT);
  ck_assert_uint_eq(count_blocks(b, "locals"), 1); /* the rest survives */
  ck_assert_uint_eq(count_blocks(b, "resource"), 0);
  check_diag_at(1, 20, 19);
  parse("{\"resource\": [1]}", MLS_EINPUT);
  parse("{\"locals\": [{\"a\": 1}, 2]}", MLS_EINPUT);
  parse("[{\"locals\": {\"a\": 1}}, {\"locals\": {\"b\": 1}}]", MLS_OK);
  parse("42", MLS_EINPUT);
  parse("null", MLS_EINPUT);
}
END_TEST

START_TEST(hcl_json__duplicate_attributes)
{
  const hcl_body *b =
      parse("{\"locals\": {\"a\": 1,\n \"b\": 2, \"a\": 3}}", MLS_EINPUT);
  const hcl_body *l = b->blocks[0].body;
  ck_assert_uint_eq(l->nattrs, 2);
  ck_assert(is(attr(l, "a")->expr->u.lit.str, "1")); /* the first wins */
  ck_assert_uint_eq(diag.n, 1);
  check_diag_at(2, 10, 29);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "duplicate"));
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "line 1"));

  /* Across the elements of a body array too; blocks may repeat. */
  parse_vars("{\"x\": 1, \"x\": 2}", MLS_EINPUT);
  parse("{\"resource\": {\"t\": {\"n\": [{\"a\": 1}, {\"a\": 2}]}}}", MLS_OK);
  /* Duplicate keys of an object expression are left to evaluation. */
  parse_vars("{\"o\": {\"k\": 1, \"k\": 2}}", MLS_OK);
}
END_TEST

START_TEST(hcl_json__many_attributes_dedup_is_linear)
{
  /* 50k distinct attributes and one duplicate at the end. */
  mls_buf b = MLS_BUF_INIT(4u << 20);
  int err = mls_buf_putc(&b, '{');
  for (int i = 0; i < 50000; i++) {
    err |= mls_buf_printf(&b, "\"v%d\": %d, ", i, i);
  }
  err |= mls_buf_puts(&b, "\"v7\": 0}");
  ck_assert_int_eq(err, 0); /* once: Check's asserts are slow in a loop */
  const hcl_body *body = parse_n(b.ptr, b.len, true, MLS_EINPUT);
  ck_assert_uint_eq(body->nattrs, 50000);
  ck_assert_uint_eq(diag.n, 1);
  mls_buf_dispose(&b);
}
END_TEST

/* ---- bounds ------------------------------------------------------------- */

START_TEST(hcl_json__deep_nesting_is_elimit)
{
  size_t n = 100000;
  char *s = mls_malloc(n);
  ck_assert_ptr_nonnull(s);
  memset(s, '[', n);
  hcl_file_free(file);
  file = NULL;
  int rc = hcl_parse_json(&file, s, n, &diag);
  ck_assert_int_eq(rc, MLS_ELIMIT);
  ck_assert_ptr_nonnull(file);
  ck_assert_uint_gt(file->nerrors, 0);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "nesting"));
  CHECK_POS(diag.v[0].range.start, 1, MLS_MAX_NESTING + 1, MLS_MAX_NESTING);
  mls_free(s);

  /* Also objects. */
  n = 50000;
  s = mls_malloc(n * 5 + 1);
  ck_assert_ptr_nonnull(s);
  for (size_t i = 0; i < n; i++) {
    memcpy(s + i * 5, "{\"a\":", 5);
  }
  hcl_file_free(file);
  file = NULL;
  ck_assert_int_eq(hcl_parse_json(&file, s, n * 5, &diag), MLS_ELIMIT);
  mls_free(s);
}
END_TEST

START_TEST(hcl_json__too_deep_value_is_skipped)
{
  /* A value nested past the bound is dropped; its siblings survive. */
  mls_buf b = MLS_BUF_INIT(1u << 20);
  int err = mls_buf_puts(&b, "{\"locals\": {\"deep\": ");
  for (int i = 0; i < 300; i++) {
    err |= mls_buf_puts(&b, "[\"]\", {\"}\": ");
  }
  err |= mls_buf_puts(&b, "1");
  for (int i = 0; i < 300; i++) {
    err |= mls_buf_puts(&b, "}]");
  }
  err |= mls_buf_puts(&b, ", \"after\": 2}, \"output\": {\"o\": "
                          "{\"value\": 3}}}");
  ck_assert_int_eq(err, 0);
  const hcl_body *body = parse_n(b.ptr, b.len, false, MLS_ELIMIT);
  const hcl_body *l = block(body, "locals", 0)->body;
  ck_assert(has_attr(l, "deep"));
  ck_assert(has_attr(l, "after"));
  ck_assert(has_attr(block(body, "output", 0)->body, "value"));
  ck_assert_uint_eq(diag.n, 1);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(hcl_json__too_many_items_is_elimit)
{
  size_t n = MLS_MAX_BODY_ITEMS + 10;
  mls_buf b = MLS_BUF_INIT(4u << 20);
  int err = mls_buf_puts(&b, "{\"a\": [");
  for (size_t i = 0; i < n; i++) {
    err |= mls_buf_puts(&b, i ? ",0" : "0");
  }
  err |= mls_buf_puts(&b, "], \"b\": 1}");
  ck_assert_int_eq(err, 0);
  const hcl_body *body = parse_n(b.ptr, b.len, true, MLS_ELIMIT);
  ck_assert_uint_eq(attr(body, "a")->expr->u.tuple.n, MLS_MAX_BODY_ITEMS);
  ck_assert(has_attr(body, "b"));
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(hcl_json__long_string_is_elimit)
{
  size_t n = MLS_MAX_STRING_BYTES + 1;
  char *s = mls_malloc(n + 32);
  ck_assert_ptr_nonnull(s);
  memcpy(s, "{\"a\": \"", 7);
  memset(s + 7, 'x', n);
  memcpy(s + 7 + n, "\", \"b\": 1}", 10);
  const hcl_body *body = parse_n(s, n + 17, true, MLS_ELIMIT);
  const hcl_expr *a = attr(body, "a")->expr;
  ck_assert_int_eq(a->u.lit.type, HCL_LIT_UNKNOWN);
  ck_assert(has_attr(body, "b"));
  check_diag_at(1, 7, 6);
  mls_free(s);
}
END_TEST

START_TEST(hcl_json__huge_blob_is_elimit)
{
  size_t n = (size_t)MLS_MAX_BLOB_BYTES + 1;
  char *s = mls_malloc(n);
  ck_assert_ptr_nonnull(s);
  memset(s, ' ', n);
  const hcl_body *body = parse_n(s, n, false, MLS_ELIMIT);
  ck_assert_uint_eq(body->nattrs + body->nblocks, 0);
  mls_free(s);
}
END_TEST

START_TEST(hcl_json__arena_cap_is_elimit)
{
  /* 3.9 million numbers in 39 arrays of 100k: every bound but the arena
   * budget holds. That is a file too big for its budget, not the machine
   * out of memory, so MLS_ELIMIT with an empty body. */
  mls_buf b = MLS_BUF_INIT(MLS_MAX_BLOB_BYTES);
  int err = mls_buf_putc(&b, '[');
  for (int i = 0; i < 39; i++) {
    err |= mls_buf_puts(&b, i ? ",[0" : "[0");
    for (int j = 1; j < 100000; j++) {
      err |= mls_buf_puts(&b, ",0");
    }
    err |= mls_buf_putc(&b, ']');
  }
  err |= mls_buf_putc(&b, ']');
  ck_assert_int_eq(err, 0);
  const hcl_body *body = parse_n(b.ptr, b.len, false, MLS_ELIMIT);
  ck_assert_uint_eq(body->nattrs + body->nblocks, 0);
  bool found = false;
  for (size_t i = 0; i < diag.n; i++) {
    found = found || strstr(diag.v[i].message, "MLS_ARENA_CAP_BYTES");
  }
  ck_assert(found);
  mls_buf_dispose(&b);
}
END_TEST

/* ---- a realistic CDKTF file --------------------------------------------- */

START_TEST(hcl_json__cdktf_sagemaker_fixture)
{
  size_t len = 0;
  char *js = mls_test_read_file(
      "tests/fixtures/tfjson/sagemaker_notebook.tf.json", &len);
  const hcl_body *b = parse_n(js, len, false, MLS_OK);

  ck_assert_uint_eq(b->nattrs, 0);
  ck_assert_uint_eq(count_blocks(b, "provider"), 1);
  ck_assert_uint_eq(count_blocks(b, "terraform"), 1);
  ck_assert_uint_eq(count_blocks(b, "resource"), 7);
  ck_assert_uint_eq(count_blocks(b, "data"), 2);
  ck_assert_uint_eq(count_blocks(b, "variable"), 3);
  ck_assert_uint_eq(count_blocks(b, "output"), 1);

  /* provider "aws" { default_tags { tags = {...} } } */
  const hcl_block *p = block(b, "provider", 0);
  check_labels(p, "aws", NULL);
  const hcl_block *dt = block(p->body, "default_tags", 0);
  ck_assert_int_eq(attr(dt->body, "tags")->expr->kind, HCL_EXPR_OBJECT);

  /* The KMS key: rotation on, CDKTF's "//" metadata ignored. */
  const hcl_block *kms = block(b, "resource", 0);
  check_labels(kms, "aws_kms_key", "notebook_key");
  ck_assert(!has_attr(kms->body, "//"));
  ck_assert(attr(kms->body, "enable_key_rotation")->expr->u.lit.b);

  /* Bucket encryption: rule block with a default-encryption block. */
  const hcl_block *sse = block(b, "resource", 2);
  check_labels(sse, "aws_s3_bucket_server_side_encryption_configuration",
               "training_data");
  const hcl_block *rule = block(sse->body, "rule", 0);
  const hcl_block *def =
      block(rule->body, "apply_server_side_encryption_by_default", 0);
  const hcl_expr *kid = attr(def->body, "kms_master_key_id")->expr;
  ck_assert_int_eq(kid->kind, HCL_EXPR_TEMPLATE_WRAP);
  check_traversal(kid->u.wrap.inner, "aws_kms_key", "notebook_key");

  /* The notebook instance. */
  const hcl_block *nb = NULL;
  for (uint32_t i = 0; i < count_blocks(b, "resource"); i++) {
    const hcl_block *r = block(b, "resource", i);
    if (is(r->labels[0].value, "aws_sagemaker_notebook_instance")) {
      nb = r;
    }
  }
  ck_assert_ptr_nonnull(nb);
  check_labels(nb, "aws_sagemaker_notebook_instance", "research");
  check_plain_template(attr(nb->body, "direct_internet_access")->expr,
                       "Disabled");
  check_plain_template(attr(nb->body, "root_access")->expr, "Disabled");
  ck_assert(is(attr(nb->body, "volume_size")->expr->u.lit.str, "50"));
  ck_assert_int_eq(attr(nb->body, "kms_key_id")->expr->kind,
                   HCL_EXPR_TEMPLATE_WRAP);
  ck_assert_int_eq(attr(nb->body, "tags")->expr->kind, HCL_EXPR_OBJECT);
  ck_assert_int_eq(attr(nb->body, "security_groups")->expr->kind,
                   HCL_EXPR_TUPLE);
  const hcl_block *imds =
      block(nb->body, "instance_metadata_service_configuration", 0);
  ck_assert(has_attr(imds->body, "minimum_instance_metadata_service_version"));
  const hcl_block *lc = block(nb->body, "lifecycle", 0);
  check_traversal(attr(lc->body, "ignore_changes")->expr->u.tuple.items[0],
                  "tags", NULL);
  check_traversal(attr(nb->body, "depends_on")->expr->u.tuple.items[0],
                  "aws_s3_bucket_public_access_block", "training_data");
  /* The attribute's line in the fixture, found by searching the text. */
  const char *at = strstr(js, "\"root_access\"");
  uint32_t line = 1;
  for (const char *c = js; c < at; c++) {
    line += *c == '\n';
  }
  ck_assert_uint_eq(attr(nb->body, "root_access")->range.start.line, line);
  ck_assert_uint_eq(attr(nb->body, "root_access")->range.start.byte,
                    (uint32_t)(at - js));

  /* data "aws_iam_policy_document": statement and principals blocks. */
  const hcl_block *doc = block(b, "data", 1);
  check_labels(doc, "aws_iam_policy_document", "assume");
  const hcl_block *st = block(doc->body, "statement", 0);
  ck_assert_uint_eq(count_blocks(st->body, "principals"), 1);

  /* variable: literal default, type expression. */
  const hcl_block *v = block(b, "variable", 2);
  check_labels(v, "notebook_instance_type", NULL);
  check_literal_string(attr(v->body, "default")->expr, "ml.t3.medium");
  check_traversal(attr(v->body, "type")->expr, "string", NULL);

  /* terraform: required_providers and the backend. */
  const hcl_block *tf = block(b, "terraform", 0);
  ck_assert_int_eq(
      attr(block(tf->body, "required_providers", 0)->body, "aws")->expr->kind,
      HCL_EXPR_OBJECT);
  check_labels(block(tf->body, "backend", 0), "s3", NULL);
  mls_free(js);
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

static const char SAMPLE[] =
    "{\"//\": \"x\", \"resource\": {\"aws_s3_bucket\": {\"b\": {"
    "\"bucket\": \"b-${var.env}\", \"tags\": {\"a\": \"caf\\u00e9\"},"
    "\"versioning\": [{\"enabled\": true}], \"depends_on\": "
    "[\"aws_kms_key.k\"],"
    "\"lifecycle\": {\"ignore_changes\": \"all\"}}}},"
    "\"variable\": {\"v\": {\"type\": \"map(string)\", \"default\": {}}},"
    "\"locals\": {\"a\": 1, \"a\": 2}}";

START_TEST(hcl_json__enomem_at_every_allocation)
{
  hcl_file *f = NULL;
  mls_diag d = MLS_DIAG_INIT;

  /* The number of allocations a clean run makes bounds the loop. */
  mls_alloc_fail_after(-1);
  ck_assert_int_eq(hcl_parse_json(&f, SAMPLE, sizeof(SAMPLE) - 1, &d),
                   MLS_EINPUT);
  unsigned long total = mls_alloc_count();
  hcl_file_free(f);
  f = NULL;
  mls_diag_dispose(&d);
  if ((unsigned long)_i > total) {
    return;
  }

  mls_alloc_fail_after(_i);
  int rc = hcl_parse_json(&f, SAMPLE, sizeof(SAMPLE) - 1, &d);
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_EINPUT || (rc == MLS_ENOMEM && f == NULL),
                "allocation %d: rc %d", _i, rc);
  hcl_file_free(f);
  mls_diag_dispose(&d);
}
END_TEST

Suite *hcl_json_suite(void)
{
  Suite *s = suite_create("hcl_json");
  TCase *tc = tcase_create("structure");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_json__resource_two_labels);
  tcase_add_test(tc, hcl_json__one_label_and_no_label_blocks);
  tcase_add_test(tc, hcl_json__label_levels_may_be_arrays);
  tcase_add_test(tc, hcl_json__duplicate_block_keys_are_kept);
  tcase_add_test(tc, hcl_json__nested_blocks_and_map_attributes);
  tcase_add_test(tc, hcl_json__map_attribute_overrides_by_resource_type);
  tcase_add_test(tc, hcl_json__meta_blocks);
  tcase_add_test(tc, hcl_json__ignore_changes_all);
  tcase_add_test(tc, hcl_json__comments_are_ignored_in_bodies_only);
  tcase_add_test(tc, hcl_json__cdktf_sagemaker_fixture);
  suite_add_tcase(s, tc);

  tc = tcase_create("strings");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_json__templates);
  tcase_add_test(tc, hcl_json__template_object_keys);
  tcase_add_test(tc, hcl_json__variable_output_module_terraform);
  tcase_add_test(tc, hcl_json__moved_import_removed_check);
  tcase_add_test(tc, hcl_json__scalars);
  tcase_add_test(tc, hcl_json__escapes);
  tcase_add_test(tc, hcl_json__lone_surrogate_is_a_warning);
  tcase_add_test(tc, hcl_json__strings_are_nfc_normalized);
  tcase_add_test(tc, hcl_json__tfvars_values_are_literal);
  tcase_add_test(tc, hcl_json__tfvars_root_must_be_one_object);
  suite_add_tcase(s, tc);

  tc = tcase_create("positions");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_json__positions_multiline);
  tcase_add_test(tc, hcl_json__array_block_positions);
  tcase_add_test(tc, hcl_json__positions_labels);
  tcase_add_test(tc, hcl_json__positions_bom);
  tcase_add_test(tc, hcl_json__positions_crlf);
  tcase_add_test(tc, hcl_json__positions_tabs);
  tcase_add_test(tc, hcl_json__positions_after_escapes);
  tcase_add_test(tc, hcl_json__positions_multibyte);
  suite_add_tcase(s, tc);

  tc = tcase_create("malformed");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_json__truncated_keeps_what_was_parsed);
  tcase_add_test(tc, hcl_json__trailing_comma);
  tcase_add_test(tc, hcl_json__bad_escape);
  tcase_add_test(tc, hcl_json__nul_byte);
  tcase_add_test(tc, hcl_json__invalid_utf8);
  tcase_add_test(tc, hcl_json__other_syntax_errors);
  tcase_add_test(tc, hcl_json__trailing_garbage_keeps_tree);
  tcase_add_test(tc, hcl_json__schema_errors);
  tcase_add_test(tc, hcl_json__duplicate_attributes);
  tcase_add_test(tc, hcl_json__many_attributes_dedup_is_linear);
  suite_add_tcase(s, tc);

  /* Pathological inputs must end quickly: a timeout is a failure. */
  tc = tcase_create("bounds");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 10);
  tcase_add_test(tc, hcl_json__deep_nesting_is_elimit);
  tcase_add_test(tc, hcl_json__too_deep_value_is_skipped);
  tcase_add_test(tc, hcl_json__too_many_items_is_elimit);
  tcase_add_test(tc, hcl_json__long_string_is_elimit);
  tcase_add_test(tc, hcl_json__huge_blob_is_elimit);
  tcase_add_test(tc, hcl_json__arena_cap_is_elimit);
  suite_add_tcase(s, tc);

  tc = tcase_create("enomem");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, hcl_json__enomem_at_every_allocation, 0, 600);
  suite_add_tcase(s, tc);
  return s;
}
