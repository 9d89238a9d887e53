/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/template.c -- cfn_load(): format choice, template detection,
 * the cheap pre-check, and the section and resource accessors.
 *
 * Stage: blob -> file model. The format rule and the detection rule are
 * cfnref's (../shared/tools/cfnref/README.md, "Format detection" and
 * "Which files are templates"), so `mlsweep parse --format cfnref` agrees
 * with the golden corpus on which files are templates. cfn_sniff() is the
 * part a tree walk runs on every YAML/JSON blob: a scan of the raw bytes
 * that rules out files which cannot hold either top-level key, before any
 * parsing. Trusts nothing in the input; every bound is from limits.h.
 */
#include "parsers/cfn/cfn_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>

static const char *const section_names[CFN_SEC_COUNT] = {
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
};

/* Offset of needle in hay[0..n), or n. */
static size_t find(const char *hay, size_t n, const char *needle, size_t m)
{
  const char *p = hay, *end = hay + n;
  while (m <= (size_t)(end - p)) {
    const char *q = memchr(p, needle[0], (size_t)(end - p) - m + 1);
    if (!q) {
      break;
    }
    if (memcmp(q, needle, m) == 0) {
      return (size_t)(q - hay);
    }
    p = q + 1;
  }
  return n;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
  size_t m = strlen(needle);
  return find(hay, n, needle, m) < n;
}

bool cfn_sniff(const char *src, size_t len)
{
  if (contains(src, len, "Resources") ||
      contains(src, len, "AWSTemplateFormatVersion")) {
    return true;
  }
  /* A quoted key can spell either name with escapes: JSON \u0052, YAML
   * \x52, \u0052, \U00000052, or an escaped line break inside the word. */
  for (const char *p = src, *end = src + len;
       (p = memchr(p, '\\', (size_t)(end - p))) != NULL && p + 1 < end; p++) {
    char c = p[1];
    if (c == 'u' || c == 'x' || c == 'U' || c == '\n' || c == '\r') {
      return true;
    }
  }
  return false;
}

/* Python's \s for the bytes a template can hold: ASCII whitespace and the
 * C0 separators U+001C..U+001F. */
static bool py_space(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
}

static bool alnum(unsigned char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

bool cfn__looks_cfn(const char *src, size_t len)
{
  const unsigned char *s = (const unsigned char *)src;
  size_t at = 0;

  if (contains(src, len, "AWSTemplateFormatVersion")) {
    return true;
  }
  /* Type["']?\s*:\s*["']?[A-Za-z0-9]+:: */
  while (at < len) {
    size_t k = find(src + at, len - at, "Type", 4);
    if (k == len - at) {
      return false;
    }
    size_t p = at + k + 4;
    at = at + k + 1;
    if (p < len && (s[p] == '"' || s[p] == '\'')) {
      p++;
    }
    while (p < len && py_space(s[p])) {
      p++;
    }
    if (p >= len || s[p] != ':') {
      continue;
    }
    p++;
    while (p < len && py_space(s[p])) {
      p++;
    }
    if (p < len && (s[p] == '"' || s[p] == '\'')) {
      p++;
    }
    size_t q = p;
    while (q < len && alnum(s[q])) {
      q++;
    }
    if (q > p && len - q >= 2 && s[q] == ':' && s[q + 1] == ':') {
      return true;
    }
  }
  return false;
}

bool cfn_looks_template(const char *src, size_t len)
{
  return src && cfn__looks_cfn(src, len);
}

static bool string_has(const cfn_node *n, const char *needle)
{
  return n && n->kind == CFN_STRING &&
         find(n->text.ptr, n->text.len, needle, strlen(needle)) < n->text.len;
}

void cfn__finish_template(cfn_template *t)
{
  const cfn_node *root = t->root, *res, *tr;

  if (!root || root->kind != CFN_MAP) {
    return;
  }
  for (uint32_t i = 0; i < root->n; i++) {
    const cfn_pair *p = &root->u.pairs[i];
    for (int s = 0; s < CFN_SEC_COUNT; s++) {
      if (mls_span_eq(p->key->text, section_names[s])) {
        t->sections[s] = p;
        break;
      }
    }
  }
  t->is_template = t->sections[CFN_SEC_FORMAT_VERSION] != NULL;
  res = cfn_section(t, CFN_SEC_RESOURCES);
  if (res && res->kind == CFN_MAP) {
    for (uint32_t i = 0; i < res->n; i++) {
      const cfn_node *body = res->u.pairs[i].value;
      const cfn_node *type = cfn_map_get(body, "Type");
      if (string_has(type, "::")) {
        t->is_template = true;
      }
      if (cfn_is_string(type, "AWS::CDK::Metadata") ||
          cfn_map_get(cfn_map_get(body, "Metadata"), "aws:cdk:path")) {
        t->flags |= CFN_T_CDK;
      }
    }
  }
  tr = cfn_section(t, CFN_SEC_TRANSFORM);
  if (tr && tr->kind == CFN_SEQ) {
    for (uint32_t i = 0; i < tr->n; i++) {
      if (string_has(tr->u.items[i], "AWS::Serverless")) {
        t->flags |= CFN_T_SAM;
      }
    }
  } else if (string_has(tr, "AWS::Serverless")) {
    t->flags |= CFN_T_SAM;
  }
}

/* The reader cfnref would pick: JSON when the first byte after one BOM and
 * any " \t\r\n" is '{'. */
static bool looks_json(const char *src, size_t len)
{
  const unsigned char *s = (const unsigned char *)src;
  size_t i = 0;
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    i = 3;
  }
  while (i < len &&
         (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
    i++;
  }
  return i < len && s[i] == '{';
}

static int load_as(cfn_template **out, const char *src, size_t len,
                   cfn_format format, mls_diag *diag)
{
  cfn_template *t = NULL;
  int rc;

  *out = NULL;
  if (!(t = mls_calloc(1, sizeof(*t))) ||
      !(t->arena = mls_arena_new(MLS_ARENA_CAP_BYTES))) {
    mls_free(t);
    return MLS_ENOMEM;
  }
  t->src = src;
  t->len = len;
  t->format = format;
  if (len > MLS_MAX_BLOB_BYTES) {
    t->nerrors++;
    rc = mls_diag_add(diag, MLS_ELIMIT, NULL,
                      "file of %zu bytes is larger than %u bytes "
                      "(MLS_MAX_BLOB_BYTES)",
                      len, (unsigned)MLS_MAX_BLOB_BYTES);
  } else {
    mls_arena_hint(t->arena, len * 4);
    rc = format == CFN_FORMAT_JSON ? cfn__load_json(t, diag)
                                   : cfn__load_yaml(t, diag);
  }
  if (rc == MLS_OK && mls_arena_failed(t->arena)) {
    /* Every reader checks its allocations; this is the stage-boundary
     * check of CONVENTIONS section 5. */
    rc = mls_arena_capped(t->arena) ? MLS_ELIMIT : MLS_ENOMEM;
    t->nerrors++;
  }
  if (rc == MLS_ENOMEM) {
    cfn_template_free(t);
    return rc;
  }
  if (rc == MLS_OK && t->nerrors > 0) {
    rc = MLS_EINPUT;
  }
  t->ok = t->nerrors == 0;
  cfn__finish_template(t);
  if (!t->ok && len <= MLS_MAX_BLOB_BYTES) {
    t->looks_cfn = cfn__looks_cfn(src, len);
  }
  *out = t;
  return rc;
}

int cfn_load(cfn_template **out, const char *src, size_t len, mls_diag *diag)
{
  return load_as(out, src, len,
                 looks_json(src, len) ? CFN_FORMAT_JSON : CFN_FORMAT_YAML,
                 diag);
}

int cfn_load_yaml(cfn_template **out, const char *src, size_t len,
                  mls_diag *diag)
{
  return load_as(out, src, len, CFN_FORMAT_YAML, diag);
}

int cfn_load_json(cfn_template **out, const char *src, size_t len,
                  mls_diag *diag)
{
  return load_as(out, src, len, CFN_FORMAT_JSON, diag);
}

void cfn_template_free(cfn_template *t)
{
  if (!t) {
    return;
  }
  mls_arena_free(t->arena);
  mls_free(t);
}

/* ---------------------------------------------------------------------- */
/* Sections and entries.                                                   */

const cfn_node *cfn_section(const cfn_template *t, cfn_section_id id)
{
  if (!t || (unsigned)id >= CFN_SEC_COUNT || !t->sections[id]) {
    return NULL;
  }
  return t->sections[id]->value;
}

/* The entries of a section that is a mapping; NULL otherwise. */
static const cfn_node *section_map(const cfn_template *t, cfn_section_id id)
{
  const cfn_node *s = cfn_section(t, id);
  return s && s->kind == CFN_MAP ? s : NULL;
}

static mls_span string_of(const cfn_node *n)
{
  return n && n->kind == CFN_STRING ? n->text : mls_span_of(NULL, 0);
}

size_t cfn_resource_count(const cfn_template *t)
{
  const cfn_node *m = section_map(t, CFN_SEC_RESOURCES);
  return m ? m->n : 0;
}

bool cfn_resource_at(cfn_resource *out, const cfn_template *t, size_t i)
{
  const cfn_node *m = section_map(t, CFN_SEC_RESOURCES), *b;
  memset(out, 0, sizeof(*out));
  if (!m || i >= m->n) {
    return false;
  }
  out->id_node = m->u.pairs[i].key;
  out->id = out->id_node->text;
  out->body = b = m->u.pairs[i].value;
  out->type = cfn_map_get(b, "Type");
  out->properties = cfn_map_get(b, "Properties");
  out->metadata = cfn_map_get(b, "Metadata");
  out->condition = cfn_map_get(b, "Condition");
  out->depends_on = cfn_map_get(b, "DependsOn");
  out->deletion_policy = cfn_map_get(b, "DeletionPolicy");
  out->update_replace_policy = cfn_map_get(b, "UpdateReplacePolicy");
  out->type_name = string_of(out->type);
  out->condition_name = string_of(out->condition);
  out->cdk_path = string_of(cfn_map_get(out->metadata, "aws:cdk:path"));
  return true;
}

size_t cfn_parameter_count(const cfn_template *t)
{
  const cfn_node *m = section_map(t, CFN_SEC_PARAMETERS);
  return m ? m->n : 0;
}

bool cfn_parameter_at(cfn_parameter *out, const cfn_template *t, size_t i)
{
  const cfn_node *m = section_map(t, CFN_SEC_PARAMETERS), *b;
  memset(out, 0, sizeof(*out));
  if (!m || i >= m->n) {
    return false;
  }
  out->id_node = m->u.pairs[i].key;
  out->id = out->id_node->text;
  out->body = b = m->u.pairs[i].value;
  out->type = cfn_map_get(b, "Type");
  out->default_value = cfn_map_get(b, "Default");
  out->allowed_values = cfn_map_get(b, "AllowedValues");
  out->no_echo = cfn_map_get(b, "NoEcho");
  out->type_name = string_of(out->type);
  return true;
}

size_t cfn_output_count(const cfn_template *t)
{
  const cfn_node *m = section_map(t, CFN_SEC_OUTPUTS);
  return m ? m->n : 0;
}

bool cfn_output_at(cfn_output *out, const cfn_template *t, size_t i)
{
  const cfn_node *m = section_map(t, CFN_SEC_OUTPUTS), *b;
  memset(out, 0, sizeof(*out));
  if (!m || i >= m->n) {
    return false;
  }
  out->id_node = m->u.pairs[i].key;
  out->id = out->id_node->text;
  out->body = b = m->u.pairs[i].value;
  out->value = cfn_map_get(b, "Value");
  out->export_name = cfn_map_get(cfn_map_get(b, "Export"), "Name");
  out->condition = cfn_map_get(b, "Condition");
  return true;
}

bool cfn_has_transform(const cfn_template *t, const char *name)
{
  const cfn_node *tr = cfn_section(t, CFN_SEC_TRANSFORM);
  if (tr && tr->kind == CFN_SEQ) {
    for (uint32_t i = 0; i < tr->n; i++) {
      if (cfn_is_string(tr->u.items[i], name)) {
        return true;
      }
    }
    return false;
  }
  return cfn_is_string(tr, name);
}
