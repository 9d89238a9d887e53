/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_known.c -- values a provider computes in a known form:
 * the partition of data.aws_partition, the addresses of Google service
 * accounts, the AWS-managed KMS keys and IAM policies looked up by name,
 * the policy_data of a google_iam_policy.
 *
 * Stage: evaluation. Terraform knows these only after apply, yet their
 * form is fixed by the provider: "one of the AWS partitions", "ends with
 * .iam.gserviceaccount.com", "arn:aws:iam::aws:policy/AdministratorAccess".
 * Each function takes the evaluated body of one resource or data source
 * and returns it with the computed attributes added (as known values or
 * refined unknowns, docs/tf-eval.md "Refinements"), unless the
 * configuration set them; tf_module.c calls them by type.
 */
#include "core/eval/tf_int.h"

#include "core/base/ascii.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

/* ---- AWS values of a fixed form ---------------------------------------- */

static mls_value *with_computed(tf_ctx *c, mls_value *body, const char *name,
                                mls_value *v);

/* An unknown string that is template tpl (mls_value_refine_partition:
 * the partition, an account id, a region, the DNS suffix). */
static mls_value *templated(tf_ctx *c, uint32_t file, const mls_range *at,
                            mls_span tpl)
{
  mls_value *u = tf__unknown(c, file, at, "known after apply");
  if (!u || c->fail) {
    return NULL;
  }
  if (mls_value_refine_partition(c->a, u, tpl) < 0) {
    tf__fail(c, MLS_ENOMEM);
    return NULL;
  }
  return u;
}

#define VAR(v) mls_span_of(v, sizeof(v) - 1)

/* body with `name` set to template tpl, unless the configuration set it. */
static mls_value *with_template(tf_ctx *c, mls_value *body, uint32_t file,
                                const mls_range *at, const char *name,
                                mls_span tpl)
{
  if (body->kind != MLS_V_MAP || mls_value_get(body, name)) {
    return body;
  }
  return with_computed(c, body, name, templated(c, file, at, tpl));
}

/* body with `attr` set to ACCOUNT.dkr.ecr.REGION.SUFFIX/REPO, then :TAG
 * when tag.ptr, for a known repo; else body. */
static mls_value *with_ecr_url(tf_ctx *c, mls_value *body, uint32_t file,
                               const mls_range *at, const char *attr,
                               const mls_value *repo, mls_span tag)
{
  static const char head[] =
      MLS_ACCOUNT_VAR ".dkr.ecr." MLS_REGION_VAR "." MLS_URLSUFFIX_VAR "/";
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  if (!repo || repo->kind != MLS_V_STRING || repo->u.str.len == 0 ||
      mls_partition_count(repo->u.str) ||
      (tag.ptr && mls_partition_count(tag))) {
    return body;
  }
  if (mls_buf_put(&b, head, sizeof(head) - 1) < 0 ||
      mls_buf_put(&b, repo->u.str.ptr, repo->u.str.len) < 0 ||
      (tag.ptr &&
       (mls_buf_putc(&b, ':') < 0 || mls_buf_put(&b, tag.ptr, tag.len) < 0))) {
    mls_buf_dispose(&b);
    return tf__fail(c, MLS_ENOMEM);
  }
  body = with_template(c, body, file, at, attr, mls_span_of(b.ptr, b.len));
  mls_buf_dispose(&b);
  return body;
}

mls_value *tf__aws_fixed_form(tf_ctx *c, mls_value *body, mls_span type,
                              bool data, uint32_t file, const mls_range *at)
{
  if (c->fail || body->kind != MLS_V_MAP) {
    return body;
  }
  if (data && mls_span_eq(type, "aws_caller_identity")) {
    return with_template(c, body, file, at, "account_id", VAR(MLS_ACCOUNT_VAR));
  }
  if (data && mls_span_eq(type, "aws_region")) {
    /* name (and id, and the 6.x region) when not looked up by name */
    if (mls_value_get(body, "name") || mls_value_get(body, "region")) {
      return body;
    }
    body = with_template(c, body, file, at, "name", VAR(MLS_REGION_VAR));
    body = with_template(c, body, file, at, "id", VAR(MLS_REGION_VAR));
    return with_template(c, body, file, at, "region", VAR(MLS_REGION_VAR));
  }
  if (data && mls_span_eq(type, "aws_partition")) {
    body =
        with_template(c, body, file, at, "partition", VAR(MLS_PARTITION_VAR));
    return with_template(c, body, file, at, "dns_suffix",
                         VAR(MLS_URLSUFFIX_VAR));
  }
  if (data && mls_span_eq(type, "aws_sagemaker_prebuilt_ecr_image")) {
    /* an AWS account's registry; the provider's image_tag is "1" when
     * not given */
    const mls_value *tag = mls_value_get(body, "image_tag");
    mls_span t =
        tag ? (tag->kind == MLS_V_STRING ? tag->u.str : mls_span_of(NULL, 0))
            : mls_span_of("1", 1);
    return t.ptr ? with_ecr_url(c, body, file, at, "registry_path",
                                mls_value_get(body, "repository_name"), t)
                 : body;
  }
  if (mls_span_eq(type, "aws_ecr_repository")) {
    /* the repository the configuration names (a data source's
     * registry_id may be another account's: still an account id) */
    return with_ecr_url(c, body, file, at, "repository_url",
                        mls_value_get(body, "name"), mls_span_of(NULL, 0));
  }
  return body;
}

#undef VAR

/* ---- Google's service accounts ------------------------------------------ */

/* body with `name` set to v, unless the configuration set it. */
static mls_value *with_computed(tf_ctx *c, mls_value *body, const char *name,
                                mls_value *v)
{
  if (!v || c->fail || body->kind != MLS_V_MAP || mls_value_get(body, name)) {
    return body;
  }
  return tf__with_attr(c, body, mls_span_of(name, strlen(name)), v);
}

/* An unknown string that starts with prefix and ends with suffix (either
 * may be NULL or empty), or NULL once c has failed. */
static mls_value *refined(tf_ctx *c, uint32_t file, const mls_range *at,
                          mls_span prefix, mls_span suffix)
{
  mls_value *u = tf__unknown(c, file, at, "known after apply");
  if (!u || c->fail) {
    return NULL;
  }
  if (mls_value_refine_prefix(c->a, u, prefix) < 0 ||
      mls_value_refine_suffix(c->a, u, suffix) < 0) {
    tf__fail(c, MLS_ENOMEM);
    return NULL;
  }
  return u;
}

/* email and member of an account: "serviceAccount:" and the email, whose
 * start is `id` (or nothing, id.len == 0) and whose end is `domain`. */
static mls_value *with_account(tf_ctx *c, mls_value *body, uint32_t file,
                               const mls_range *at, mls_span id,
                               mls_span domain)
{
  static const char sa[] = "serviceAccount:";
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  mls_value *email, *member;
  bool known = id.len && domain.len && domain.ptr[0] == '@';

  if (known) {
    /* Both parts known: the whole address. */
    if (mls_buf_put(&b, id.ptr, id.len) < 0 ||
        mls_buf_put(&b, domain.ptr, domain.len) < 0) {
      mls_buf_dispose(&b);
      return tf__fail(c, MLS_ENOMEM);
    }
    if ((email = mls_value_string(c->a, mls_span_of(b.ptr, b.len)))) {
      tf__stamp(c, email, file, at);
    }
    mls_buf_clear(&b);
    if (mls_buf_puts(&b, sa) < 0 ||
        mls_buf_put(&b, email ? email->u.str.ptr : "",
                    email ? email->u.str.len : 0) < 0) {
      mls_buf_dispose(&b);
      return tf__fail(c, MLS_ENOMEM);
    }
    if ((member = mls_value_string(c->a, mls_span_of(b.ptr, b.len)))) {
      tf__stamp(c, member, file, at);
    }
    if (!email || !member) {
      mls_buf_dispose(&b);
      return tf__fail(c, MLS_ENOMEM);
    }
  } else {
    /* member's start "serviceAccount:ID@", email's the same after the
     * first 15 bytes ("ID@", or nothing when the id is not known). */
    size_t n = sizeof(sa) - 1;
    if (mls_buf_puts(&b, sa) < 0 || mls_buf_put(&b, id.ptr, id.len) < 0 ||
        (id.len && mls_buf_putc(&b, '@') < 0)) {
      mls_buf_dispose(&b);
      return tf__fail(c, MLS_ENOMEM);
    }
    email = refined(c, file, at, mls_span_of(b.ptr + n, b.len - n), domain);
    member = refined(c, file, at, mls_span_of(b.ptr, b.len), domain);
  }
  mls_buf_dispose(&b);
  body = with_computed(c, body, "email", email);
  return with_computed(c, body, "member", member);
}

mls_value *tf__gcp_default_sa(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at, bool app_engine)
{
  /* PROJECT_NUMBER-compute@developer.gserviceaccount.com and
   * PROJECT_ID@appspot.gserviceaccount.com: the project is unknown, the
   * account is not. */
  const char *end = app_engine ? "@appspot.gserviceaccount.com"
                               : "-compute@developer.gserviceaccount.com";
  if (body->kind != MLS_V_MAP) {
    return body;
  }
  return with_account(c, body, file, at, mls_span_of("", 0),
                      mls_span_of(end, strlen(end)));
}

mls_value *tf__gcp_sa(tf_ctx *c, mls_value *body, uint32_t file,
                      const mls_range *at)
{
  /* ACCOUNT_ID@PROJECT.iam.gserviceaccount.com (the provider's
   * email format; the project defaults to the provider's). */
  static const char iam[] = ".iam.gserviceaccount.com";
  const mls_value *id, *proj;
  mls_span ids = mls_span_of("", 0);
  mls_buf d = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  mls_value *out;

  if (body->kind != MLS_V_MAP) {
    return body;
  }
  id = mls_value_get(body, "account_id");
  proj = mls_value_get(body, "project");
  if (id && id->kind == MLS_V_STRING && id->u.str.len &&
      !memchr(id->u.str.ptr, '@', id->u.str.len)) {
    ids = id->u.str;
  }
  if (proj && proj->kind == MLS_V_STRING && proj->u.str.len) {
    if (mls_buf_putc(&d, '@') < 0 ||
        mls_buf_put(&d, proj->u.str.ptr, proj->u.str.len) < 0) {
      mls_buf_dispose(&d);
      return tf__fail(c, MLS_ENOMEM);
    }
  }
  if (mls_buf_puts(&d, iam) < 0) {
    mls_buf_dispose(&d);
    return tf__fail(c, MLS_ENOMEM);
  }
  out = with_account(c, body, file, at, ids, mls_span_of(d.ptr, d.len));
  mls_buf_dispose(&d);
  return out;
}

/* ---- AWS-managed KMS keys looked up by alias ---------------------------- */

static bool kms_name_char(char ch)
{
  return mls_isalnum((unsigned char)ch) || ch == '/' || ch == '_' || ch == '-';
}

/* Whether s is "alias/aws/NAME" or that alias's ARN
 * ("arn:PARTITION:kms:REGION:ACCOUNT:alias/aws/NAME"). AWS reserves the
 * prefix alias/aws/ for the keys it manages: no customer alias has it. */
static bool aws_managed_alias(mls_span s)
{
  static const char pre[] = "alias/aws/";
  const char *p = s.ptr, *end = s.ptr + s.len;
  if (s.len > 4 && memcmp(p, "arn:", 4) == 0) {
    /* partition, "kms", region, account: four fields before the alias */
    const char *field = p + 4;
    for (int i = 0; i < 4; i++) {
      const char *colon = memchr(field, ':', (size_t)(end - field));
      if (!colon ||
          (i == 0 && (colon - field < 3 || memcmp(field, "aws", 3) != 0)) ||
          (i == 1 && (colon - field != 3 || memcmp(field, "kms", 3) != 0))) {
        return false;
      }
      field = colon + 1;
    }
    p = field;
  }
  if ((size_t)(end - p) <= sizeof(pre) - 1 ||
      memcmp(p, pre, sizeof(pre) - 1) != 0) {
    return false;
  }
  for (p += sizeof(pre) - 1; p < end; p++) {
    if (!kms_name_char(*p)) {
      return false;
    }
  }
  return true;
}

/* Whether an unknown key_id (or alias name) may name a key AWS manages:
 * nothing is known of its start, or what is known fits "alias/aws/". A
 * start such as "alias/ml-" or "arn:aws:kms:...:key/" rules that out; so
 * does a reference to a key or alias the configuration creates, which the
 * caller tests. */
bool tf__kms_maybe_managed(const mls_value *name)
{
  static const char pre[] = "alias/aws/";
  const char *p;
  size_t n;
  if (!name || name->kind != MLS_V_UNKNOWN) {
    return false;
  }
  /* AWS's aliases end in a service's name, lower-case letters and digits
   * (alias/aws/s3, alias/aws/secretsmanager): "${var.team}-key" is not
   * one. */
  for (p = name->u.unknown.suffix; p && *p; p++) {
    if (!mls_islower((unsigned char)*p) && !mls_isdigit((unsigned char)*p)) {
      return false;
    }
  }
  if (!name->u.unknown.prefix) {
    return true;
  }
  n = strlen(name->u.unknown.prefix);
  return strncmp(name->u.unknown.prefix, pre,
                 n < sizeof(pre) - 1 ? n : sizeof(pre) - 1) == 0;
}

mls_value *tf__managed_kms(tf_ctx *c, mls_value *body, bool alias,
                           bool *managed)
{
  static const char *const key_attrs[] = { "arn", "id" };
  static const char *const alias_attrs[] = { "arn", "id", "target_key_arn",
                                             "target_key_id" };
  const char *const *attrs = alias ? alias_attrs : key_attrs;
  size_t nattrs = alias ? sizeof(alias_attrs) / sizeof(alias_attrs[0])
                        : sizeof(key_attrs) / sizeof(key_attrs[0]);
  const mls_value *name;

  *managed = false;
  if (body->kind != MLS_V_MAP ||
      !(name = mls_value_get(body, alias ? "name" : "key_id")) ||
      name->kind != MLS_V_STRING || !aws_managed_alias(name->u.str)) {
    return body;
  }
  /* The key is the one AWS manages under that alias. Each attribute that
   * names the key (or the alias) reads as the name written: AWS takes an
   * alias wherever a key id is asked for, and what rules ask of such a
   * value is whether it is AWS's (docs/tf-eval.md). */
  for (size_t i = 0; i < nattrs && !c->fail; i++) {
    mls_value *v = mls_value_string(c->a, name->u.str);
    if (!v) {
      return tf__fail(c, MLS_ENOMEM);
    }
    v->file = name->file;
    v->range = name->range;
    body = tf__with_attr(c, body, mls_span_of(attrs[i], strlen(attrs[i])), v);
  }
  *managed = !c->fail;
  return body;
}

/* ---- aws_iam_policy looked up by name ----------------------------------- */

/* AWS-managed policies at the root path that rules test for by ARN
 * (AdministratorAccess attached to an execution role, say). Configurations
 * often look them up by name instead of writing the ARN. */
static const char *const aws_managed[] = {
  "AdministratorAccess",       "AmazonBedrockFullAccess", "AmazonS3FullAccess",
  "AmazonSageMakerFullAccess", "IAMFullAccess",           "PowerUserAccess",
};

mls_value *tf__managed_policy(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at)
{
  static const char *const narrowing[] = { "arn", "path_prefix", "tags" };
  const mls_value *name;
  mls_value *arn;
  char buf[96];
  int n;

  if (body->kind != MLS_V_MAP) {
    return body;
  }
  for (size_t i = 0; i < sizeof(narrowing) / sizeof(narrowing[0]); i++) {
    const mls_value *v = mls_value_get(body, narrowing[i]);
    if (v && v->kind != MLS_V_NULL) {
      return body; /* the lookup is not by name alone */
    }
  }
  if (!(name = mls_value_get(body, "name")) || name->kind != MLS_V_STRING) {
    return body;
  }
  for (size_t i = 0; i < sizeof(aws_managed) / sizeof(aws_managed[0]); i++) {
    if (mls_span_eq(name->u.str, aws_managed[i])) {
      /* Every account has it; a customer-managed policy of the same name
       * would make the lookup ambiguous, which the provider refuses. The
       * partition is the commercial one: rules accept any. */
      n = snprintf(buf, sizeof(buf), "arn:aws:iam::aws:policy/%s",
                   aws_managed[i]);
      if (n < 0 || (size_t)n >= sizeof(buf) ||
          !(arn = mls_value_string(c->a, mls_span_of(buf, (size_t)n)))) {
        return tf__fail(c, MLS_ENOMEM);
      }
      /* Where the name is written: what a finding about it points at. */
      arn->file = name->file;
      arn->range = name->range;
      return tf__with_attr(c, body, mls_span_of("arn", 3), arn);
    }
  }
  /* Any other name: a customer policy's ARN names the account, and an
   * AWS-managed one may have a path, but either ends with "/NAME", so a
   * rule looking for AdministratorAccess by ARN knows this is not it. */
  if (name->u.str.len + 2 > sizeof(buf)) {
    return body;
  }
  buf[0] = '/';
  memcpy(buf + 1, name->u.str.ptr, name->u.str.len);
  if (!(arn = refined(c, file, at, mls_span_of("arn:", 4),
                      mls_span_of(buf, name->u.str.len + 1)))) {
    return c->fail ? c->oom : body;
  }
  arn->file = name->file;
  arn->range = name->range;
  return tf__with_attr(c, body, mls_span_of("arn", 3), arn);
}

/* ---- data "google_iam_policy" -------------------------------------------- */

/* One binding block's role and members into b as JSON; false when either
 * is not known (or out of memory: *rc). */
static bool binding_json(mls_buf *b, const mls_value *blk, int *rc)
{
  const mls_value *role = mls_value_get(blk, "role");
  const mls_value *members = mls_value_get(blk, "members");
  const mls_value *cond = mls_value_get(blk, "condition");
  if (!role || role->kind != MLS_V_STRING || !members ||
      members->kind != MLS_V_LIST ||
      (cond && cond->kind != MLS_V_NULL &&
       !(cond->kind == MLS_V_LIST && cond->u.list.n == 0))) {
    return false; /* a conditional binding: left to the provider */
  }
  *rc = mls_buf_puts(b, "{\"members\":[");
  for (uint32_t i = 0; i < members->u.list.n && *rc >= 0; i++) {
    const mls_value *m = members->u.list.items[i];
    if (m->kind != MLS_V_STRING) {
      return false;
    }
    if (i) {
      *rc = mls_buf_putc(b, ',');
    }
    if (*rc >= 0) {
      *rc = tf__json_string(b, m->u.str);
    }
  }
  if (*rc >= 0) {
    *rc = mls_buf_puts(b, "],\"role\":");
  }
  if (*rc >= 0) {
    *rc = tf__json_string(b, role->u.str);
  }
  if (*rc >= 0) {
    *rc = mls_buf_putc(b, '}');
  }
  return *rc >= 0;
}

mls_value *tf__gcp_iam_policy(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at)
{
  /* The provider's policy_data is the JSON of the policy its binding
   * blocks make: {"bindings":[{"members":[...],"role":"..."}, ...]}.
   * Rules search it for principals (MLS-GKMS-002), so it is built when
   * every role and member is known and left unknown otherwise. */
  const mls_value *bindings, *audit;
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  mls_value *v;
  int rc = 0;

  if (body->kind != MLS_V_MAP || mls_value_get(body, "policy_data")) {
    return body;
  }
  bindings = mls_value_get(body, "binding");
  audit = mls_value_get(body, "audit_config");
  if ((audit && audit->kind == MLS_V_LIST && audit->u.list.n) ||
      (bindings && bindings->kind != MLS_V_LIST)) {
    return body; /* audit configs: their encoding is left to the provider */
  }
  rc = mls_buf_puts(&b, "{\"bindings\":[");
  for (uint32_t i = 0; bindings && i < bindings->u.list.n && rc >= 0; i++) {
    const mls_value *blk = bindings->u.list.items[i];
    if ((i && (rc = mls_buf_putc(&b, ',')) < 0) || blk->kind != MLS_V_MAP ||
        !binding_json(&b, blk, &rc)) {
      mls_buf_dispose(&b);
      return rc < 0 ? tf__fail(c, MLS_ENOMEM) : body;
    }
  }
  if (rc >= 0) {
    rc = mls_buf_puts(&b, "]}");
  }
  if (rc < 0 || !(v = mls_value_string(c->a, mls_span_of(b.ptr, b.len)))) {
    mls_buf_dispose(&b);
    return tf__fail(c, MLS_ENOMEM);
  }
  mls_buf_dispose(&b);
  tf__stamp(c, v, file, at);
  return tf__with_attr(c, body, mls_span_of("policy_data", 11), v);
}
