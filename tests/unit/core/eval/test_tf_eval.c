/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_eval.c -- the Terraform evaluator
 * (core/eval/tf_*.c) over the module trees of tests/fixtures/tf/ and over
 * small in-memory modules: one test per acceptance bullet of issue 4
 * (variables in another file, tfvars precedence, --env, modules called
 * twice, for_each addresses, dynamic blocks, jsonencode and heredoc
 * policies, remote modules), expression semantics, edges, root modules,
 * bounds and allocation failure.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/tf_eval.h"
#include "core/eval/tf_int.h"
#include "core/model/model.h"
#include "tests/unit/core/eval/mem_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES MLS_TEST_SOURCE_DIR "/tests/fixtures/tf"

/* ---- helpers ----------------------------------------------------------- */

/* One evaluation and everything it owns. */
typedef struct run {
  tf_loader *ld;      /* owned */
  mls_model *m;       /* owned; NULL when the evaluation failed */
  mls_diag diag;      /* owned */
  int rc;             /* tf_eval_root()'s result */
  char json[8][4096]; /* scratch for js() */
  int njson;
} run;

static run *run_src(const tf_source *src, const char *dir, const tf_opts *o)
{
  run *r = calloc(1, sizeof(*r));
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(tf_loader_new(&r->ld, src), MLS_OK);
  r->rc = tf_eval_root(&r->m, r->ld, dir, o, &r->diag);
  return r;
}

static run *run_fixture(const char *dir, const tf_opts *o)
{
  tf_source src;
  tf_disk_source(&src, FIXTURES);
  return run_src(&src, dir, o);
}

static void run_free(run *r)
{
  if (r) {
    mls_model_free(r->m);
    tf_loader_free(r->ld);
    mls_diag_dispose(&r->diag);
    free(r);
  }
}

static const mls_resource *res(const run *r, const char *addr)
{
  ck_assert_msg(r->m != NULL, "evaluation failed: %d", r->rc);
  for (uint32_t i = 0; i < r->m->nresources; i++) {
    if (mls_span_eq(r->m->resources[i].address, addr)) {
      return &r->m->resources[i];
    }
  }
  ck_abort_msg("no resource %s", addr);
  return NULL;
}

static bool has_res(const run *r, const char *addr)
{
  for (uint32_t i = 0; r->m && i < r->m->nresources; i++) {
    if (mls_span_eq(r->m->resources[i].address, addr)) {
      return true;
    }
  }
  return false;
}

/* The attribute at dotted `path` of resource `addr` (must exist). */
static const mls_value *at(const run *r, const char *addr, const char *path)
{
  const mls_value *v = mls_value_path(res(r, addr)->body, path);
  ck_assert_msg(v != NULL, "%s has no %s", addr, path);
  return v;
}

/* JSON of a value, as inspect prints it (kept until the run is freed). */
static const char *js(run *r, const mls_value *v)
{
  mls_buf b = MLS_BUF_INIT(1 << 20);
  char *out = r->json[r->njson++ % 8];
  ck_assert_int_eq(mls_value_write_json(&b, v), MLS_OK);
  snprintf(out, sizeof(r->json[0]), "%s", b.ptr ? b.ptr : "");
  mls_buf_dispose(&b);
  return out;
}

static void assert_str(const mls_value *v, const char *want)
{
  ck_assert_msg(v->kind == MLS_V_STRING, "kind %d, want string \"%s\"",
                (int)v->kind, want);
  ck_assert_msg(mls_span_eq(v->u.str, want), "\"%.*s\" != \"%s\"",
                (int)v->u.str.len, v->u.str.ptr, want);
}

static void assert_unknown(const mls_value *v, const char *why_part)
{
  ck_assert_msg(v->kind == MLS_V_UNKNOWN, "kind %d, want unknown",
                (int)v->kind);
  ck_assert_msg(strstr(v->u.unknown.why, why_part) != NULL,
                "why \"%s\" lacks \"%s\"", v->u.unknown.why, why_part);
}

static bool has_diag(const run *r, const char *part)
{
  for (size_t i = 0; i < r->diag.n; i++) {
    if (strstr(r->diag.v[i].message, part)) {
      return true;
    }
  }
  return false;
}

static bool has_edge(const run *r, const char *from, const char *to,
                     const char *path, const char *attr)
{
  for (uint32_t i = 0; i < r->m->nedges; i++) {
    const mls_edge *e = &r->m->edges[i];
    if (mls_span_eq(r->m->resources[e->from].address, from) &&
        mls_span_eq(r->m->resources[e->to].address, to) &&
        mls_span_eq(e->path, path) && mls_span_eq(e->attr, attr)) {
      return true;
    }
  }
  return false;
}

/* ---- an in-memory source (how core/git plugs in) ----------------------- */

/* fileset()'s listing of the in-memory files: every file below dir. */
static int mem_list_tree(void *payload, const char *dir, unsigned max_depth,
                         tf_tree_cb cb, void *cbp)
{
  const memsrc *ms = payload;
  size_t dl = strlen(dir);
  bool any = false;

  (void)max_depth;
  for (size_t i = 0; i < ms->n; i++) {
    const char *p = ms->files[i].path;
    int rc;
    if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/')) {
      continue;
    }
    any = true;
    if ((rc = cb(cbp, dl ? p + dl + 1 : p, TF_ENTRY_FILE)) < 0) {
      return rc;
    }
  }
  return any ? MLS_OK : MLS_EIO;
}

static run *run_mem(const memfile *files, size_t n, const tf_opts *o)
{
  static memsrc ms; /* single-threaded tests: one at a time */
  tf_source src;
  ms.files = files;
  ms.n = n;
  memset(&src, 0, sizeof(src)); /* members not set here stay NULL */
  src.list = mem_list;
  src.read = mem_read;
  src.payload = &ms;
  return run_src(&src, "", o);
}

/* Evaluate one main.tf held in memory. */
static run *run_tf(const char *main_tf)
{
  static memfile f[1];
  f[0].path = "main.tf";
  f[0].data = main_tf;
  return run_mem(f, 1, NULL);
}

/* ---- acceptance: variables and environments ---------------------------- */

START_TEST(eval_tf_eval__variable_default_in_another_file)
{
  run *r = run_fixture("var_default_other_file", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, "aws_s3_bucket.data", "acl"), "public-read");
  /* number type converts the default "30" */
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket_lifecycle_configuration.data",
                            "rule.0.expiration.0.days")),
                   "30");
  ck_assert_int_eq(at(r, "aws_s3_bucket_lifecycle_configuration.data",
                      "rule.0.expiration.0.days")
                       ->kind,
                   MLS_V_NUMBER);
  /* the value keeps where it came from: the default in variables.tf */
  {
    const mls_value *v = at(r, "aws_s3_bucket.data", "acl");
    ck_assert_uint_lt(v->file, r->m->nfiles);
    ck_assert_str_eq(r->m->files[v->file],
                     "var_default_other_file/variables.tf");
    ck_assert_uint_eq(v->range.start.line, 4);
  }
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__tfvars_precedence)
{
  static const char file1[] = "e = \"file1\"\nf = [\"file1\"]\n";
  static const char file2[] = "{\"e\": \"file2.json\"}";
  tf_cli_var cli[3];
  tf_opts o = TF_OPTS_INIT;
  run *r = run_fixture("tfvars_precedence", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, "null_resource.vars", "a"), "default");
  assert_str(at(r, "null_resource.vars", "b"), "terraform.tfvars");
  assert_str(at(r, "null_resource.vars", "c"), "terraform.tfvars.json");
  assert_str(at(r, "null_resource.vars", "d"), "a.auto.tfvars");
  assert_str(at(r, "null_resource.vars", "e"), "b.auto.tfvars.json");
  ck_assert_str_eq(js(r, at(r, "null_resource.vars", "f")),
                   "[\"from\",\"tfvars\"]");
  run_free(r);

  /* --var-file and --var over every file, later over earlier */
  cli[0].file = "one.tfvars";
  cli[0].data = file1;
  cli[0].len = sizeof(file1) - 1;
  cli[1].file = NULL;
  cli[1].data = "e=cli";
  cli[1].len = 5;
  cli[2].file = "two.tfvars.json";
  cli[2].data = file2;
  cli[2].len = sizeof(file2) - 1;
  o.cli_vars = cli;
  o.ncli_vars = 3;
  r = run_fixture("tfvars_precedence", &o);
  assert_str(at(r, "null_resource.vars", "e"), "file2.json");
  ck_assert_str_eq(js(r, at(r, "null_resource.vars", "f")), "[\"file1\"]");
  run_free(r);
  o.ncli_vars = 2;
  r = run_fixture("tfvars_precedence", &o);
  assert_str(at(r, "null_resource.vars", "e"), "cli");
  run_free(r);

  /* TF_VAR_ ranks below every file; a list variable parses as HCL */
  {
    const char *env[] = { "TF_VAR_a=from-env", "TF_VAR_b=from-env",
                          "TF_VAR_f=[\"x\", \"y\"]", "OTHER=1" };
    tf_opts eo = TF_OPTS_INIT;
    eo.env_vars = env;
    eo.nenv_vars = 4;
    r = run_fixture("tfvars_precedence", &eo);
    assert_str(at(r, "null_resource.vars", "a"), "from-env");
    assert_str(at(r, "null_resource.vars", "b"), "terraform.tfvars");
    run_free(r);
  }
}
END_TEST

START_TEST(eval_tf_eval__env_flips_a_conditional)
{
  tf_opts o = TF_OPTS_INIT;
  const char *nb = "aws_sagemaker_notebook_instance.nb";
  run *r;

  o.env = "dev";
  r = run_fixture("env_conditional", &o);
  assert_str(at(r, nb, "direct_internet_access"), "Enabled");
  assert_str(at(r, nb, "instance_type"), "ml.t3.medium");
  assert_str(at(r, nb, "root_access"), "Enabled");
  assert_str(at(r, nb, "name"), "research-dev");
  run_free(r);

  o.env = "prod";
  r = run_fixture("env_conditional", &o);
  assert_str(at(r, nb, "direct_internet_access"), "Disabled");
  assert_str(at(r, nb, "instance_type"), "ml.t3.large");
  assert_str(at(r, nb, "root_access"), "Disabled");
  run_free(r);

  /* environments/NAME/ *.tfvars */
  o.env = "staging";
  r = run_fixture("env_conditional", &o);
  assert_str(at(r, nb, "name"), "research-staging");
  run_free(r);

  /* envs/NAME.tfvars and vars/NAME.tfvars, as teams lay them out */
  o.env = "uat";
  r = run_fixture("env_conditional", &o);
  assert_str(at(r, nb, "name"), "research-uat");
  run_free(r);
  o.env = "perf";
  r = run_fixture("env_conditional", &o);
  assert_str(at(r, nb, "name"), "research-perf");
  run_free(r);

  /* no --env: unknown, never a guess; equal branches stay known */
  r = run_fixture("env_conditional", NULL);
  assert_unknown(at(r, nb, "direct_internet_access"), "var.env has no value");
  assert_unknown(at(r, nb, "root_access"), "no --env");
  ck_assert_str_eq(js(r, at(r, nb, "volume_size")), "50");
  ck_assert_str_eq(js(r, at(r, nb, "name")),
                   "{\"unknown\":\"\\\"research-${var.env}\\\"\","
                   "\"why\":\"var.env has no value (no default, tfvars or "
                   "--var)\",\"prefix\":\"research-\"}");
  run_free(r);

  /* an environment with no file is a note, and a path-like name refused */
  o.env = "qa";
  r = run_fixture("env_conditional", &o);
  ck_assert(has_diag(r, "no variable file for environment \"qa\""));
  run_free(r);
  o.env = "../env";
  r = run_fixture("env_conditional", &o);
  ck_assert(has_diag(r, "not a usable environment name"));
  run_free(r);
}
END_TEST

/* ---- acceptance: modules ----------------------------------------------- */

/* tf_opts.reads_outside: set by a file read or a directory listed
 * outside root/ and the module directories the evaluation instantiated
 * (../shared), never by one inside them (p.json, ../mod/q.json), and
 * left unset when nobody asks. */
START_TEST(eval_tf_eval__reads_outside_are_noted)
{
  static const char *const roots[] = {
    /* inside: the root's own file, the called module's through its path */
    "module \"m\" {\n  source = \"../mod\"\n}\n"
    "resource \"aws_s3_bucket\" \"b\" {\n  bucket = file(\"p.json\")\n}\n",
    /* outside: a file of another directory */
    "resource \"aws_s3_bucket\" \"b\" {\n  bucket = "
    "file(\"../shared/x.json\")\n}\n",
    /* outside: a listing of another directory */
    "resource \"aws_s3_bucket\" \"b\" {\n  bucket = "
    "length(fileset(\"../shared\", \"*.json\"))\n}\n",
    /* outside even when the file is missing: its absence decides too */
    "resource \"aws_s3_bucket\" \"b\" {\n  bucket = "
    "try(file(\"../shared/none.json\"), \"\")\n}\n",
  };
  static const bool want[] = { false, true, true, true };

  for (size_t k = 0; k < sizeof(roots) / sizeof(roots[0]); k++) {
    memfile f[5] = {
      { "root/main.tf", roots[k] },
      { "root/p.json", "{}" },
      { "mod/main.tf", "resource \"aws_s3_bucket\" \"q\" {\n  bucket = "
                       "file(\"${path.module}/q.json\")\n}\n" },
      { "mod/q.json", "{}" },
      { "shared/x.json", "{}" },
    };
    memsrc ms = { f, 5, 0 };
    tf_source src;
    tf_opts o = TF_OPTS_INIT;
    bool outside = false;
    run *r;

    memset(&src, 0, sizeof(src));
    src.list = mem_list;
    src.read = mem_read;
    src.list_tree = mem_list_tree;
    src.payload = &ms;
    o.reads_outside = &outside;
    r = run_src(&src, "root", &o);
    ck_assert_int_eq(r->rc, MLS_OK);
    ck_assert_msg(outside == want[k], "root %zu: reads_outside %d", k,
                  (int)outside);
    run_free(r);
  }
  /* Nobody asks: nothing is written. */
  {
    memfile f[2] = { { "root/main.tf", roots[1] }, { "shared/x.json", "{}" } };
    memsrc ms = { f, 2, 0 };
    tf_source src;
    run *r;
    memset(&src, 0, sizeof(src));
    src.list = mem_list;
    src.read = mem_read;
    src.payload = &ms;
    r = run_src(&src, "root", NULL);
    ck_assert_int_eq(r->rc, MLS_OK);
    run_free(r);
  }
}
END_TEST

START_TEST(eval_tf_eval__module_called_twice)
{
  run *r = run_fixture("module_twice", NULL);
  const mls_resource *raw = res(r, "module.raw.aws_s3_bucket.this");
  const mls_resource *cur = res(r, "module.curated.aws_s3_bucket.this");
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(mls_value_get(raw->body, "bucket"), "acme-raw");
  assert_str(mls_value_get(cur->body, "bucket"), "acme-curated");
  /* The root module's directory, then the call chain (the root's own
   * resources have none). */
  ck_assert(mls_span_eq(raw->module_path, "module_twice:module.raw"));
  ck_assert_uint_eq(res(r, "aws_sagemaker_model.m")->module_path.len, 0);
  ck_assert_str_eq(r->m->files[raw->file],
                   "module_twice/modules/bucket/main.tf");
  assert_str(at(r, "module.raw.aws_s3_bucket_versioning.this",
                "versioning_configuration.0.status"),
             "Suspended");
  assert_str(at(r, "module.curated.aws_s3_bucket_versioning.this",
                "versioning_configuration.0.status"),
             "Enabled");
  /* an output flows back: a configured attribute of the child's bucket */
  assert_str(
      at(r, "aws_sagemaker_model.m", "primary_container.0.model_data_url"),
      "s3://acme-curated/model.tar.gz");
  ck_assert(has_edge(r, "aws_sagemaker_model.m",
                     "module.curated.aws_s3_bucket.this",
                     "primary_container.0.model_data_url", "bucket"));
  ck_assert(has_edge(r, "module.raw.aws_s3_bucket_versioning.this",
                     "module.raw.aws_s3_bucket.this", "bucket", "id"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__module_count_for_each_nesting_and_cycles)
{
  run *r = run_fixture("module_foreach", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, "module.team[\"vision\"].aws_sagemaker_notebook_instance.nb",
                "instance_type"),
             "ml.p3.2xlarge");
  assert_str(at(r, "module.team[\"nlp\"].aws_sagemaker_notebook_instance.nb",
                "instance_type"),
             "ml.t3.medium");
  assert_str(at(r, "module.team[\"nlp\"].module.role.aws_iam_role.r", "name"),
             "team-nlp");
  ck_assert(mls_span_eq(
      res(r, "module.team[\"nlp\"].module.role.aws_iam_role.r")->module_path,
      "module_foreach:module.team[\"nlp\"].module.role"));
  assert_str(
      at(r, "module.extra[1].aws_sagemaker_notebook_instance.nb", "name"),
      "extra1");
  assert_str(at(r, "aws_s3_bucket.summary", "bucket"), "summary-team-vision");
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket.summary", "tags")),
                   "{\"nlp\":\"team-nlp\",\"vision\":\"team-vision\"}");
  assert_unknown(
      at(r, "module.extra[0].aws_sagemaker_notebook_instance.nb", "role_arn"),
      "known after apply");
  ck_assert(has_diag(r, "makes a cycle of module calls"));
  ck_assert(has_edge(r, "aws_s3_bucket.summary",
                     "module.team[\"vision\"].module.role.aws_iam_role.r",
                     "bucket", "name"));
  run_free(r);
}
END_TEST

/* A call without a required argument, read or not, and a reference to an
 * output the module lacks are diagnostics (Terraform refuses both), the
 * second with its error unknown. */
START_TEST(eval_tf_eval__module_argument_and_output_errors)
{
  run *r = run_fixture("module_args", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "module \"m\" is called without the required argument "
                        "\"unused_required\""));
  ck_assert(!has_diag(r, "module \"complete\" is called without"));
  ck_assert(!has_diag(r, "\"optional\""));
  ck_assert(has_diag(r, "module \"m\" has no output \"id\""));
  assert_unknown(
      at(r, "azurerm_machine_learning_workspace.ws", "container_registry_id"),
      "error: module \"m\" has no output \"id\"");
  assert_str(at(r, "azurerm_machine_learning_workspace.ws", "description"),
             "crprobe");
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__remote_module_is_unknown)
{
  run *r = run_fixture("remote_module", NULL);
  const char *d = "aws_sagemaker_domain.d";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_unknown(at(r, d, "vpc_id"), "remote module \"vpc\"");
  assert_unknown(at(r, d, "subnet_ids"), "remote module");
  assert_unknown(at(r, d, "default_user_settings.0.security_groups.0"),
                 "remote module \"git\"");
  /* a comparison with an unknown is unknown, not false */
  assert_unknown(at(r, d, "app_network_access_type"), "remote module");
  assert_str(at(r, d, "auth_mode"), "IAM");
  ck_assert(has_diag(r, "module \"vpc\" has a remote source"));
  ck_assert_uint_eq(r->m->nresources, 1);
  run_free(r);
}
END_TEST

/* ---- acceptance: expansion --------------------------------------------- */

START_TEST(eval_tf_eval__for_each_map_keyed_addresses)
{
  run *r = run_fixture("for_each_map", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  /* keys in Terraform's order: sorted */
  ck_assert(
      mls_span_eq(r->m->resources[0].address, "aws_s3_bucket.b[\"curated\"]"));
  ck_assert(mls_span_eq(r->m->resources[1].address,
                        "aws_s3_bucket.b[\"model-artifacts\"]"));
  ck_assert(
      mls_span_eq(r->m->resources[2].address, "aws_s3_bucket.b[\"raw\"]"));
  assert_str(at(r, "aws_s3_bucket.b[\"raw\"]", "bucket"), "acme-raw");
  /* optional() defaults applied inside map(object(...)) */
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket.b[\"curated\"]", "tags")),
                   "{\"Versioned\":true,\"Kms\":null}");
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket.b[\"raw\"]", "tags")),
                   "{\"Versioned\":false,\"Kms\":null}");
  /* for_each over another resource: each.value is its configuration */
  assert_str(at(r, "aws_s3_bucket_public_access_block.b[\"model-artifacts\"]",
                "bucket"),
             "acme-model-artifacts");
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket_public_access_block.b[\"raw\"]",
                            "restrict_public_buckets")),
                   "false");
  /* for_each over toset() */
  assert_str(at(r, "aws_s3_bucket.set[\"b\"]", "bucket"), "b");
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__unknown_count_gives_one_representative)
{
  run *r = run_fixture("count_unknown", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_unknown(at(r, "aws_sagemaker_endpoint_configuration.ec[*]", "name"),
                 "count of ec is unknown");
  assert_str(at(r, "aws_sagemaker_endpoint_configuration.ec[*]",
                "production_variants.0.instance_type"),
             "ml.m5.large");
  assert_unknown(at(r, "aws_subnet.s[*]", "availability_zone"),
                 "for_each of s is unknown");
  /* count = 0: kept, not deployed; references see no instance */
  ck_assert(!res(r, "aws_kms_key.k")->deployed);
  ck_assert(res(r, "aws_sagemaker_endpoint_configuration.ec[*]")->deployed);
  ck_assert_int_eq(
      at(r, "aws_sagemaker_notebook_instance.nb", "kms_key_id")->kind,
      MLS_V_NULL);
  /* one instance of an unknown set is read from the representative */
  assert_unknown(at(r, "aws_sagemaker_notebook_instance.nb", "subnet_id"),
                 "known after apply");
  ck_assert(has_edge(r, "aws_sagemaker_notebook_instance.nb", "aws_subnet.s[*]",
                     "subnet_id", "id"));
  ck_assert(!has_res(r, "aws_kms_key.k[0]"));
  /* a computed key selects one instance: one edge, to that instance */
  assert_str(at(r, "aws_s3_bucket_versioning.logs[0]", "name"), "logs-2");
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.logs[0]",
                     "aws_s3_bucket.logs[2]", "name", "bucket"));
  ck_assert(!has_edge(r, "aws_s3_bucket_versioning.logs[0]",
                      "aws_s3_bucket.logs[1]", "name", "bucket"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__dynamic_block)
{
  run *r = run_fixture("dynamic_block", NULL);
  const char *sg = "aws_security_group.notebook";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, sg, "ingress.0.description"), "https");
  ck_assert_str_eq(js(r, at(r, sg, "ingress.1")),
                   "{\"description\":\"ssh\",\"from_port\":22,\"to_port\":22,"
                   "\"protocol\":\"tcp\",\"cidr_blocks\":[\"0.0.0.0/0\"]}");
  ck_assert_str_eq(
      js(r, at(r, sg, "egress")),
      "[{\"from_port\":443,\"to_port\":443,\"protocol\":\"tcp\"}]");
  ck_assert(at(r, sg, "ingress")->flags & MLS_VF_BLOCK);
  ck_assert(at(r, sg, "ingress.0")->flags & MLS_VF_BLOCK);
  run_free(r);
}
END_TEST

/* A dynamic block over an unknown for_each stands for none, one or several
 * blocks: its one representative is flagged MLS_VF_MAYBE; a known one's
 * blocks are not. */
START_TEST(eval_tf_eval__dynamic_block_unknown_for_each)
{
  run *r = run_tf("variable \"rules\" {}\n"
                  "resource \"aws_security_group\" \"g\" {\n"
                  "  dynamic \"ingress\" {\n"
                  "    for_each = var.rules\n"
                  "    content {\n"
                  "      from_port = ingress.value.port\n"
                  "      protocol  = \"tcp\"\n"
                  "    }\n"
                  "  }\n"
                  "  dynamic \"egress\" {\n"
                  "    for_each = [443]\n"
                  "    content {\n"
                  "      from_port = egress.value\n"
                  "    }\n"
                  "  }\n"
                  "}\n");
  const char *g = "aws_security_group.g";
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_int_eq(at(r, g, "ingress")->u.list.n, 1);
  ck_assert(at(r, g, "ingress.0")->flags & MLS_VF_MAYBE);
  ck_assert_int_eq(at(r, g, "ingress.0.from_port")->kind, MLS_V_UNKNOWN);
  assert_str(at(r, g, "ingress.0.protocol"), "tcp");
  ck_assert(!(at(r, g, "egress.0")->flags & MLS_VF_MAYBE));
  ck_assert(!(at(r, g, "ingress")->flags & MLS_VF_MAYBE));
  run_free(r);
}
END_TEST

/* ---- acceptance: policies ---------------------------------------------- */

START_TEST(eval_tf_eval__iam_policy_jsonencode)
{
  run *r = run_fixture("iam_jsonencode", NULL);
  const mls_value *p = at(r, "aws_iam_policy.sagemaker", "policy");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_int_eq(p->kind, MLS_V_MAP);
  ck_assert(p->flags & MLS_VF_JSON);
  assert_str(at(r, "aws_iam_policy.sagemaker", "policy.Statement.1.Action"),
             "sagemaker:*");
  assert_str(at(r, "aws_iam_policy.sagemaker", "policy.Statement.0.Action.1"),
             "s3:ListBucket");
  /* the unknown ARN stays unknown inside an otherwise known policy */
  assert_unknown(
      at(r, "aws_iam_policy.sagemaker", "policy.Statement.0.Resource.0"),
      "known after apply");
  assert_str(at(r, "aws_iam_role.sm",
                "assume_role_policy.Statement.0.Principal.Service"),
             "sagemaker.amazonaws.com");
  ck_assert(has_edge(r, "aws_iam_policy.sagemaker", "aws_s3_bucket.models",
                     "policy", "arn"));
  /* awscc: a policy in a list of objects is decoded too; a string that
   * names no policy and has no Statement is not */
  assert_str(at(r, "awscc_iam_role.cc",
                "policies.0.policy_document."
                "Statement.0.Action"),
             "s3:*");
  ck_assert(at(r, "awscc_iam_role.cc", "policies.0.policy_document")->flags &
            MLS_VF_JSON);
  assert_str(at(r, "awscc_iam_role.cc",
                "assume_role_policy_document.Statement.0.Principal.Service"),
             "sagemaker.amazonaws.com");
  assert_str(at(r, "awscc_iam_role.cc", "tags.0.value"), "{\"a\": 1}");
  /* jsondecode() of a string unknown in one leaf: the tree, that leaf
   * unknown */
  assert_str(at(r, "aws_iam_policy.roundtrip", "policy.Statement.0.Action"),
             "s3:GetObject");
  assert_unknown(
      at(r, "aws_iam_policy.roundtrip", "policy.Statement.0.Resource"),
      "known after apply");
  assert_str(at(r, "aws_iam_policy.roundtrip", "description"), "known");
  /* a policy that is not JSON: an error unknown and a diagnostic */
  assert_unknown(at(r, "aws_iam_policy.broken_json", "policy"),
                 "error: jsondecode(): invalid JSON");
  ck_assert(has_diag(r, "\"policy\" is not valid JSON"));
  /* format(): the spec's text before the first verb and after the last */
  {
    const mls_value *f = at(r, "aws_iam_role.formatted", "name");
    ck_assert_int_eq(f->kind, MLS_V_UNKNOWN);
    ck_assert_str_eq(f->u.unknown.prefix, "arn:");
    ck_assert_str_eq(f->u.unknown.suffix, ":root");
    f = at(r, "aws_iam_role.formatted", "description");
    ck_assert(f->kind == MLS_V_UNKNOWN && !f->u.unknown.prefix &&
              !f->u.unknown.suffix); /* a %% ends what is known */
    f = at(r, "aws_iam_role.formatted", "permissions_boundary");
    ck_assert(f->kind == MLS_V_UNKNOWN && !f->u.unknown.prefix);
    ck_assert_str_eq(f->u.unknown.suffix, "/end");
    f = at(r, "aws_iam_role.formatted_secret", "name");
    ck_assert(f->kind == MLS_V_UNKNOWN && !f->u.unknown.prefix &&
              !f->u.unknown.suffix); /* a sensitive spec says nothing */
  }
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__iam_policy_heredoc)
{
  run *r = run_fixture("iam_heredoc", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  /* heredoc with an unknown interpolation: structure kept */
  assert_str(at(r, "aws_s3_bucket_policy.data", "policy.Statement.0.Principal"),
             "*");
  assert_str(at(r, "aws_s3_bucket_policy.data", "policy.Statement.0.Action.0"),
             "s3:GetObject");
  assert_unknown(
      at(r, "aws_s3_bucket_policy.data", "policy.Statement.0.Resource"),
      "known after apply");
  ck_assert(at(r, "aws_s3_bucket_policy.data", "policy")->flags & MLS_VF_JSON);
  /* an undeclared name: the structure is kept all the same */
  assert_str(at(r, "aws_iam_policy.partial", "policy.Statement.0.Action.0"),
             "*");
  ck_assert_int_eq(
      at(r, "aws_iam_policy.partial", "policy.Statement.0.Resource.0")->kind,
      MLS_V_UNKNOWN);
  /* a fully known heredoc, $${ kept literal */
  assert_str(at(r, "aws_iam_role_policy.static",
                "policy.Statement.0.Condition.StringNotEquals.aws:username"),
             "${aws:username}");
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__policy_document_data_source)
{
  run *r = run_fixture("policy_document", NULL);
  const char *read = "data.aws_iam_policy_document.read";
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_int_eq(res(r, read)->mode, MLS_RM_DATA);
  /* the provider's encoding: lists of two reverse-sorted, one a string */
  ck_assert_str_eq(js(r, at(r, read, "json.Statement.0.Action")),
                   "[\"s3:ListBucket\",\"s3:GetObject\"]");
  assert_str(at(r, read, "json.Statement.0.Principal.AWS"),
             "arn:aws:iam::123456789012:root");
  assert_str(at(r, read, "json.Statement.0.Condition.Bool.aws:SecureTransport"),
             "true");
  assert_str(at(r, read, "json.Statement.1.Effect"), "Deny");
  assert_str(at(r, "aws_iam_policy.read", "policy.Statement.1.Action"),
             "s3:PutObject");
  /* merged with a source document; an unknown resource ARN inside */
  assert_str(at(r, "aws_s3_bucket_policy.data", "policy.Statement.2.Sid"),
             "DenyInsecure");
  assert_str(at(r, "aws_s3_bucket_policy.data", "policy.Statement.2.Principal"),
             "*");
  assert_unknown(
      at(r, "aws_s3_bucket_policy.data", "policy.Statement.2.Resource"),
      "known after apply");
  assert_str(at(r, "aws_s3_bucket_policy.data", "policy.Statement.0.Sid"),
             "Read");
  ck_assert(has_edge(r, "aws_s3_bucket_policy.data",
                     "data.aws_iam_policy_document.tls", "policy", "json"));
  /* an attribute's own list: the edge names the item */
  ck_assert(has_edge(r, "data.aws_iam_policy_document.tls",
                     "aws_s3_bucket.data", "statement.0.resources.0", "arn"));
  ck_assert(!has_edge(r, "data.aws_iam_policy_document.tls",
                      "aws_s3_bucket.data", "statement.0.resources", "arn"));
  run_free(r);
}
END_TEST

/* An aws_iam_policy data source looked up by the name of an AWS-managed
 * policy the rules look for gets that policy's ARN, placed where the name
 * is written; another name, an ARN known by its ends; a lookup narrowed
 * by tags or by a name not known keeps its ARN unknown. */
START_TEST(eval_tf_eval__managed_policy_by_name)
{
  run *r = run_tf("data \"aws_iam_policy\" \"admin\" {\n"
                  "  name = \"AdministratorAccess\"\n"
                  "}\n"
                  "data \"aws_iam_policy\" \"own\" {\n"
                  "  name = \"ml-deployer\"\n"
                  "}\n"
                  "data \"aws_iam_policy\" \"tagged\" {\n"
                  "  name = \"AmazonSageMakerFullAccess\"\n"
                  "  tags = { team = \"ml\" }\n"
                  "}\n"
                  "variable \"which\" {\n"
                  "  type = string\n"
                  "}\n"
                  "data \"aws_iam_policy\" \"chosen\" {\n"
                  "  name = var.which\n"
                  "}\n"
                  "resource \"aws_iam_role_policy_attachment\" \"a\" {\n"
                  "  role       = \"ml\"\n"
                  "  policy_arn = data.aws_iam_policy.admin.arn\n"
                  "}\n");
  const mls_value *arn = at(r, "data.aws_iam_policy.admin", "arn");
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(arn, "arn:aws:iam::aws:policy/AdministratorAccess");
  ck_assert_uint_eq(arn->range.start.line, 2);
  assert_str(at(r, "aws_iam_role_policy_attachment.a", "policy_arn"),
             "arn:aws:iam::aws:policy/AdministratorAccess");
  /* another name: an ARN known by its ends, placed at the name */
  arn = at(r, "data.aws_iam_policy.own", "arn");
  ck_assert_int_eq(arn->kind, MLS_V_UNKNOWN);
  ck_assert_str_eq(arn->u.unknown.prefix, "arn:");
  ck_assert_str_eq(arn->u.unknown.suffix, "/ml-deployer");
  ck_assert_uint_eq(arn->range.start.line, 5);
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_iam_policy.tagged")->body, "arn"));
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_iam_policy.chosen")->body, "arn"));
  run_free(r);
}
END_TEST

/* An argument a called module declares no variable for is what Terraform
 * refuses ("Unsupported argument"): a warning at its name; meta-arguments
 * and declared variables are not. */
START_TEST(eval_tf_eval__module_argument_not_declared)
{
  static memfile f[2];
  run *r;
  size_t n = 0;
  f[0].path = "main.tf";
  f[0].data = "module \"nb\" {\n"
              "  source        = \"./modules/nb\"\n"
              "  for_each      = toset([\"a\", \"b\"])\n"
              "  depends_on    = []\n"
              "  providers     = {}\n"
              "  instance_type = \"ml.t3.medium\"\n"
              "  notebook_name = each.key\n"
              "  lifecycle {\n"
              "    prevent_destroy = true\n"
              "  }\n"
              "}\n";
  f[1].path = "modules/nb/main.tf";
  f[1].data = "variable \"instance_type\" {}\n";
  r = run_mem(f, 2, NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *e = &r->diag.v[i];
    /* a module block takes no nested block */
    if (strstr(e->message, "a block of type")) {
      ck_assert_str_eq(e->message,
                       "a block of type \"lifecycle\" is not expected in "
                       "module \"nb\" (Terraform refuses it; it is not "
                       "evaluated)");
      ck_assert_uint_eq(e->range.start.line, 8);
      n += 10;
    }
    if (strstr(e->message, "is not expected here")) {
      ck_assert_str_eq(e->message,
                       "module \"nb\": an argument named \"notebook_name\" is "
                       "not expected here: \"./modules/nb\" declares no such "
                       "variable (Terraform refuses it)");
      ck_assert_uint_eq(e->range.start.line, 7);
      ck_assert_int_eq(e->sev, MLS_SEV_WARNING);
      n++;
    }
  }
  ck_assert_uint_eq(n, 11);
  run_free(r);
}
END_TEST

/* An argument a variable or output block does not take is a warning at
 * its name (Terraform refuses it); the ones they take are not. */
START_TEST(eval_tf_eval__block_argument_not_expected)
{
  run *r = run_tf("variable \"region\" {\n"
                  "  type        = string\n"
                  "  default     = \"eu-west-1\"\n"
                  "  description = \"d\"\n"
                  "  sensitive   = false\n"
                  "  nullable    = false\n"
                  "  value       = \"us-east-1\"\n"
                  "}\n"
                  "output \"o\" {\n"
                  "  value       = var.region\n"
                  "  description = \"d\"\n"
                  "  sensitive   = false\n"
                  "  depends_on  = []\n"
                  "  default     = 1\n"
                  "}\n");
  size_t n = 0;
  ck_assert_int_eq(r->rc, MLS_OK);
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *e = &r->diag.v[i];
    if (strstr(e->message, "is not expected in")) {
      n++;
      ck_assert(e->range.start.line == 7 || e->range.start.line == 14);
    }
  }
  ck_assert_uint_eq(n, 2);
  ck_assert(has_diag(r, "an argument named \"value\" is not expected in "
                        "variable \"region\" (Terraform refuses it)"));
  ck_assert(has_diag(r, "an argument named \"default\" is not expected in "
                        "output \"o\""));
  run_free(r);
}
END_TEST

/* A block with a syntax error inside is not declared, with a warning
 * naming it: rules would judge what recovery kept (an argument cut short,
 * the rest dropped). Blocks around it are evaluated as usual, and what
 * refers to a dropped one is unknown. */
START_TEST(eval_tf_eval__broken_block_not_evaluated)
{
  run *r = run_tf("resource \"aws_s3_bucket\" \"ok\" {\n"
                  "  bucket = \"ok\"\n"
                  "}\n"
                  "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
                  "  role_arn   = aws_iam_role.r.arnarn:aws:iam::1:role/x\n"
                  "  kms_key_id = \"k\"\n"
                  "}\n"
                  "resource \"aws_s3_bucket\" \"after\" {\n"
                  "  bucket = \"after\"\n"
                  "}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_ptr_nonnull(res(r, "aws_s3_bucket.ok"));
  ck_assert_ptr_nonnull(res(r, "aws_s3_bucket.after"));
  ck_assert(!has_res(r, "aws_sagemaker_notebook_instance.nb"));
  ck_assert(has_diag(r, "resource \"aws_sagemaker_notebook_instance\" \"nb\" "
                        "is not evaluated: it has a syntax error"));
  run_free(r);
  r = run_tf("locals {\n"
             "  a = \"a\" \"b\"\n"
             "}\n"
             "resource \"aws_s3_bucket\" \"uses\" {\n"
             "  bucket = local.a\n"
             "}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_int_eq(at(r, "aws_s3_bucket.uses", "bucket")->kind, MLS_V_UNKNOWN);
  ck_assert(has_diag(r, "this locals block is not evaluated"));
  run_free(r);
}
END_TEST

/* A for_each over resource instances: an attribute that uses each.value
 * refers to the one instance the element is (through a for that filters,
 * merges or renames keys too), to the instance of the same key when
 * each.value was taken from one (b.id), and to what the for_each referred
 * to otherwise; module arguments likewise. */
/* An attribute's own list constructor gives each item's edge its index;
 * a list built any other way (a function, a local) keeps the attribute's
 * path, as no item can be told. Nested blocks index the same way. */
START_TEST(eval_tf_eval__list_item_edges)
{
  run *r = run_tf(
      "resource \"google_service_account\" \"a\" { account_id = \"a\" }\n"
      "resource \"google_service_account\" \"b\" { account_id = \"b\" }\n"
      "locals { members = "
      "[\"serviceAccount:${google_service_account.a.email}\"] }\n"
      "resource \"google_project_iam_binding\" \"items\" {\n"
      "  members = [\"user:u@example.com\",\n"
      "             \"serviceAccount:${google_service_account.b.email}\",\n"
      "             google_service_account.a.member]\n"
      "}\n"
      "resource \"google_project_iam_binding\" \"concat\" {\n"
      "  members = "
      "concat([\"serviceAccount:${google_service_account.a.email}\"], [])\n"
      "}\n"
      "resource \"google_project_iam_binding\" \"local\" {\n"
      "  members = local.members\n"
      "}\n"
      "resource \"google_container_node_pool\" \"p\" {\n"
      "  node_config { tags = [\"x\", google_service_account.b.email] }\n"
      "}\n");
  ck_assert(has_edge(r, "google_project_iam_binding.items",
                     "google_service_account.b", "members.1", "email"));
  ck_assert(has_edge(r, "google_project_iam_binding.items",
                     "google_service_account.a", "members.2", "member"));
  ck_assert(!has_edge(r, "google_project_iam_binding.items",
                      "google_service_account.b", "members", "email"));
  ck_assert(has_edge(r, "google_project_iam_binding.concat",
                     "google_service_account.a", "members", "email"));
  ck_assert(has_edge(r, "google_project_iam_binding.local",
                     "google_service_account.a", "members", "email"));
  ck_assert(has_edge(r, "google_container_node_pool.p",
                     "google_service_account.b", "node_config.0.tags.1",
                     "email"));
  run_free(r);

  /* Object constructors, nested in lists too, give the key; a key that
   * is not a path segment, or an object built by a function, keeps the
   * path so far. */
  r = run_tf(
      "resource \"azurerm_container_registry\" \"r\" { name = \"r\" }\n"
      "resource \"azapi_resource\" \"ws\" {\n"
      "  type = \"Microsoft.MachineLearningServices/workspaces@2024-04-01\"\n"
      "  body = {\n"
      "    properties = {\n"
      "      containerRegistry = azurerm_container_registry.r.id\n"
      "      rules = [{ id = \"x\" }, { id = azurerm_container_registry.r.name "
      "}]\n"
      "      \"a.b\" = azurerm_container_registry.r.login_server\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"azapi_resource\" \"json\" {\n"
      "  type = \"Microsoft.MachineLearningServices/workspaces@2023-04-01\"\n"
      "  body = jsonencode({ properties = {\n"
      "    containerRegistry = azurerm_container_registry.r.id } })\n"
      "}\n");
  ck_assert(has_edge(r, "azapi_resource.ws", "azurerm_container_registry.r",
                     "body.properties.containerRegistry", "id"));
  ck_assert(has_edge(r, "azapi_resource.ws", "azurerm_container_registry.r",
                     "body.properties.rules.1.id", "name"));
  ck_assert(has_edge(r, "azapi_resource.ws", "azurerm_container_registry.r",
                     "body.properties", "login_server"));
  ck_assert(has_edge(r, "azapi_resource.json", "azurerm_container_registry.r",
                     "body", "id"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__each_value_edges)
{
  static memfile f[2];
  run *r;
  f[0].path = "main.tf";
  f[0].data =
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  for_each = toset([\"x\", \"y\"])\n"
      "  bucket   = each.key\n"
      "}\n"
      "resource \"aws_s3_bucket\" \"l\" {\n"
      "  count  = 2\n"
      "  bucket = \"l${count.index}\"\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"direct\" {\n"
      "  for_each = aws_s3_bucket.b\n"
      "  bucket   = each.value.id\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"renamed\" {\n"
      "  for_each = { for k, v in aws_s3_bucket.b : \"${k}-v\" => v if k != "
      "\"y\" }\n"
      "  bucket   = each.value.id\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"ids\" {\n"
      "  for_each = { for k, v in aws_s3_bucket.b : k => v.id }\n"
      "  bucket   = each.value\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"listed\" {\n"
      "  for_each = toset(aws_s3_bucket.l[*].id)\n"
      "  bucket   = each.value\n"
      "}\n"
      "resource \"aws_s3_bucket_versioning\" \"plain\" {\n"
      "  for_each = toset([\"p\"])\n"
      "  bucket   = each.value\n"
      "}\n"
      "module \"m\" {\n"
      "  source   = \"./modules/v\"\n"
      "  for_each = aws_s3_bucket.b\n"
      "  bucket   = each.value.id\n"
      "}\n";
  f[1].path = "modules/v/main.tf";
  f[1].data = "variable \"bucket\" {}\n"
              "resource \"aws_s3_bucket_versioning\" \"v\" {\n"
              "  bucket = var.bucket\n"
              "}\n";
  r = run_mem(f, 2, NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.direct[\"x\"]",
                     "aws_s3_bucket.b[\"x\"]", "bucket", "id"));
  ck_assert(!has_edge(r, "aws_s3_bucket_versioning.direct[\"x\"]",
                      "aws_s3_bucket.b[\"y\"]", "bucket", "id"));
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.direct[\"y\"]",
                     "aws_s3_bucket.b[\"y\"]", "bucket", "id"));
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.renamed[\"x-v\"]",
                     "aws_s3_bucket.b[\"x\"]", "bucket", "id"));
  ck_assert(!has_edge(r, "aws_s3_bucket_versioning.renamed[\"x-v\"]",
                      "aws_s3_bucket.b[\"y\"]", "bucket", "id"));
  /* the attribute taken inside the for is not the edge's: the whole
   * resource */
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.ids[\"y\"]",
                     "aws_s3_bucket.b[\"y\"]", "bucket", ""));
  ck_assert(!has_edge(r, "aws_s3_bucket_versioning.ids[\"y\"]",
                      "aws_s3_bucket.b[\"x\"]", "bucket", ""));
  /* keys unknown until apply: the representative refers to every one */
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.listed[*]",
                     "aws_s3_bucket.l[0]", "bucket", ""));
  ck_assert(has_edge(r, "aws_s3_bucket_versioning.listed[*]",
                     "aws_s3_bucket.l[1]", "bucket", ""));
  ck_assert(has_edge(r, "module.m[\"y\"].aws_s3_bucket_versioning.v",
                     "aws_s3_bucket.b[\"y\"]", "bucket", "id"));
  ck_assert(!has_edge(r, "module.m[\"y\"].aws_s3_bucket_versioning.v",
                      "aws_s3_bucket.b[\"x\"]", "bucket", "id"));
  for (uint32_t i = 0; i < r->m->nedges; i++) {
    const mls_resource *from = &r->m->resources[r->m->edges[i].from];
    ck_assert(
        !mls_span_eq(from->address, "aws_s3_bucket_versioning.plain[\"p\"]"));
  }
  run_free(r);
}
END_TEST

/* A data.aws_kms_key or data.aws_kms_alias naming a key AWS manages
 * (alias/aws/..., by name or by the alias's ARN) reads as that name in
 * every attribute that names the key, where the name is written, and no
 * edge leads to it; any other lookup keeps those attributes unknown and
 * its edges. */
START_TEST(eval_tf_eval__managed_kms_lookup)
{
  run *r = run_tf(
      "data \"aws_kms_key\" \"sm\" {\n"
      "  key_id = \"alias/aws/sagemaker\"\n"
      "}\n"
      "data \"aws_kms_alias\" \"sec\" {\n"
      "  name = \"arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/"
      "secretsmanager\"\n"
      "}\n"
      "data \"aws_kms_key\" \"own\" {\n"
      "  key_id = \"alias/ml-notebooks\"\n"
      "}\n"
      "data \"aws_kms_key\" \"bare\" {\n"
      "  key_id = \"alias/aws/\"\n"
      "}\n"
      "data \"aws_kms_key\" \"lookalike\" {\n"
      "  key_id = \"arn:aws:s3:us-east-1:111122223333:alias/aws/s3\"\n"
      "}\n"
      "variable \"k\" {\n"
      "  type = string\n"
      "}\n"
      "data \"aws_kms_key\" \"chosen\" {\n"
      "  key_id = var.k\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
      "  kms_key_id = data.aws_kms_key.sm.arn\n"
      "  other      = data.aws_kms_key.own.arn\n"
      "}\n"
      "resource \"aws_secretsmanager_secret\" \"s\" {\n"
      "  kms_key_id = data.aws_kms_alias.sec.target_key_arn\n"
      "}\n");
  const char *nb = "aws_sagemaker_notebook_instance.nb";
  const char *sec = "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/"
                    "secretsmanager";
  const mls_value *v;
  ck_assert_int_eq(r->rc, MLS_OK);
  v = at(r, "data.aws_kms_key.sm", "arn");
  assert_str(v, "alias/aws/sagemaker");
  ck_assert_uint_eq(v->range.start.line, 2);
  assert_str(at(r, "data.aws_kms_key.sm", "id"), "alias/aws/sagemaker");
  assert_str(at(r, nb, "kms_key_id"), "alias/aws/sagemaker");
  ck_assert_uint_eq(at(r, nb, "kms_key_id")->range.start.line, 2);
  assert_str(at(r, "data.aws_kms_alias.sec", "target_key_id"), sec);
  assert_str(at(r, "data.aws_kms_alias.sec", "arn"), sec);
  assert_str(at(r, "aws_secretsmanager_secret.s", "kms_key_id"), sec);
  /* no edge to AWS's key; the customer's lookup keeps its edge */
  ck_assert(!has_edge(r, nb, "data.aws_kms_key.sm", "kms_key_id", "arn"));
  ck_assert(!has_edge(r, "aws_secretsmanager_secret.s",
                      "data.aws_kms_alias.sec", "kms_key_id",
                      "target_key_arn"));
  ck_assert(has_edge(r, nb, "data.aws_kms_key.own", "other", "arn"));
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_kms_key.own")->body, "arn"));
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_kms_key.bare")->body, "arn"));
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_kms_key.lookalike")->body, "arn"));
  ck_assert_ptr_null(
      mls_value_path(res(r, "data.aws_kms_key.chosen")->body, "arn"));
  run_free(r);
}
END_TEST

/* What a resource leaves to the provider is known after apply: an ARN
 * (`arn`, or a name ending in `_arn`) starts with "arn:", so a policy on
 * it is not on "*". A resource or data source given whole to an object
 * variable converts, its `id` among those computed attributes, where
 * Terraform accepts it (no "attribute is required" warning). */
START_TEST(eval_tf_eval__computed_attributes)
{
  static memfile f[2];
  run *r;
  const char *b = "aws_s3_bucket.b", *w = "module.m.aws_s3_bucket.w";
  f[0].path = "main.tf";
  f[0].data = "resource \"aws_s3vectors_vector_bucket\" \"v\" {\n"
              "  vector_bucket_name = \"kb\"\n"
              "}\n"
              "data \"aws_kms_key\" \"k\" {\n"
              "  key_id = \"alias/x\"\n"
              "}\n"
              "module \"m\" {\n"
              "  source = \"./m\"\n"
              "  key    = data.aws_kms_key.k\n"
              "}\n"
              "resource \"aws_s3_bucket\" \"b\" {\n"
              "  a = aws_s3vectors_vector_bucket.v.vector_bucket_arn\n"
              "  b = aws_s3vectors_vector_bucket.v.arn\n"
              "  c = aws_s3vectors_vector_bucket.v.id\n"
              "  d = aws_s3vectors_vector_bucket.v.creation_time\n"
              "  e = aws_sagemaker_endpoint_configuration.ec.kms_key_arn\n"
              "}\n"
              "resource \"aws_sagemaker_endpoint_configuration\" \"ec\" {\n"
              "  name = \"ec\"\n"
              "}\n";
  f[1].path = "m/main.tf";
  f[1].data =
      "variable \"key\" {\n"
      "  type = object({ id = string, arn = string, key_id = string })\n"
      "}\n"
      "resource \"aws_s3_bucket\" \"w\" {\n"
      "  id_of  = var.key.id\n"
      "  arn_of = var.key.arn\n"
      "  key_of = var.key.key_id\n"
      "}\n";
  r = run_mem(f, 2, NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_str_eq(at(r, b, "a")->u.unknown.prefix, "arn:");
  ck_assert_str_eq(at(r, b, "b")->u.unknown.prefix, "arn:");
  ck_assert(at(r, b, "c")->kind == MLS_V_UNKNOWN &&
            !at(r, b, "c")->u.unknown.prefix);
  ck_assert(at(r, b, "d")->kind == MLS_V_UNKNOWN &&
            !at(r, b, "d")->u.unknown.prefix);
  /* an argument left unset is null, not an ARN: not refined */
  ck_assert(at(r, b, "e")->kind == MLS_V_UNKNOWN &&
            !at(r, b, "e")->u.unknown.prefix);
  ck_assert(!has_diag(r, "is required"));
  assert_unknown(at(r, w, "id_of"), "known after apply");
  ck_assert_str_eq(at(r, w, "arn_of")->u.unknown.prefix, "arn:");
  assert_str(at(r, w, "key_of"), "alias/x");
  run_free(r);
}
END_TEST

/* depends_on is a static list of references: anything else is a warning
 * that says so (Terraform refuses it), not what evaluating it reports. */
START_TEST(eval_tf_eval__depends_on_static)
{
  run *r = run_tf("variable \"arn\" {\n"
                  "  default = null\n"
                  "}\n"
                  "resource \"aws_iam_role\" \"r\" {\n"
                  "  count = var.arn == null ? 0 : 1\n"
                  "  name  = \"r\"\n"
                  "}\n"
                  "resource \"aws_s3_bucket\" \"ok\" {\n"
                  "  bucket     = \"a\"\n"
                  "  depends_on = [aws_iam_role.r]\n"
                  "}\n"
                  "resource \"aws_s3_bucket\" \"bad\" {\n"
                  "  bucket     = \"b\"\n"
                  "  depends_on = var.arn == null ? [aws_iam_role.r[0]] : []\n"
                  "}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "depends_on must be a static list"));
  ck_assert(!has_diag(r, "out of range"));
  ck_assert_uint_eq(r->diag.n, 1);
  run_free(r);
}
END_TEST

/* count wants a number: a bool is named as such (Terraform: "number
 * required"), a negative or fractional one is not a whole number. */
START_TEST(eval_tf_eval__count_not_a_number)
{
  run *r = run_tf("resource \"aws_s3_bucket\" \"b\" {\n"
                  "  count  = true\n"
                  "  bucket = \"b\"\n"
                  "}\n"
                  "resource \"aws_s3_bucket\" \"h\" {\n"
                  "  count  = 1.5\n"
                  "  bucket = \"h\"\n"
                  "}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "count must be a number, not a bool"));
  ck_assert(has_diag(r, "count must be a whole number of zero or more"));
  run_free(r);
}
END_TEST

/* data.aws_partition's partition is one of the AWS partitions: a string
 * built from it with a template or format("...%s...") is known but for it
 * (MLS_VF_PARTITION); anything that could read the variable's own text
 * instead of the partition is a plain unknown. */
START_TEST(eval_tf_eval__partition_template)
{
  run *r =
      run_tf("data \"aws_partition\" \"p\" {}\n"
             "variable \"acct\" {\n"
             "  type = string\n"
             "}\n"
             "data \"aws_partition\" \"c\" {\n"
             "  count = 1\n"
             "}\n"
             "locals {\n"
             "  part = data.aws_partition.p.partition\n"
             "  tried = try(data.aws_partition.c[0].partition, \"\")\n"
             "}\n"
             "resource \"aws_s3_bucket\" \"b\" {\n"
             "  tried  = \"arn:${local.tried}:iam::aws:policy/X\"\n"
             "  json   = try(jsondecode(var.acct), \"\")\n"
             "  tmpl   = \"arn:${local.part}:iam::aws:policy/X\"\n"
             "  fmt    = format(\"arn:%s:s3:::%s\", local.part, \"data\")\n"
             "  wide   = format(\"arn:%10s:x\", local.part)\n"
             "  acct   = \"arn:${local.part}:iam::${var.acct}:root\"\n"
             "  upper  = upper(local.part)\n"
             "  escape = \"$${AWS::Partition}:${local.part}\"\n"
             "  step   = data.aws_partition.p.partition.x\n"
             "}\n"
             "resource \"aws_iam_role_policy_attachment\" \"e\" {\n"
             "  for_each   = { X = \"arn:${local.tried}:iam::aws:policy/X\" }\n"
             "  policy_arn = each.value\n"
             "}\n");
  const char *b = "aws_s3_bucket.b";
  const mls_value *v;
  char buf[128];
  size_t len;
  ck_assert_int_eq(r->rc, MLS_OK);
  v = at(r, "data.aws_partition.p", "partition");
  ck_assert(v->flags & MLS_VF_PARTITION);
  v = at(r, b, "tmpl");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:");
  ck_assert(mls_partition_expand(v, "aws-cn", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws-cn:iam::aws:policy/X");
  v = at(r, b, "fmt");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_partition_expand(v, "aws", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws:s3:::data");
  ck_assert_int_eq(at(r, b, "wide")->kind, MLS_V_UNKNOWN);
  ck_assert(!(at(r, b, "wide")->flags & MLS_VF_PARTITION));
  ck_assert(!(at(r, b, "acct")->flags & MLS_VF_PARTITION));
  ck_assert_str_eq(at(r, b, "acct")->u.unknown.prefix, "arn:");
  ck_assert(!(at(r, b, "upper")->flags & MLS_VF_PARTITION));
  ck_assert_int_eq(at(r, b, "escape")->kind, MLS_V_UNKNOWN);
  ck_assert(!(at(r, b, "escape")->flags & MLS_VF_PARTITION));
  /* try() keeps the partition it read without an error (the
   * terraform-aws-modules idiom), not any other unknown */
  v = at(r, b, "tried");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_partition_expand(v, "aws-us-gov", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws-us-gov:iam::aws:policy/X");
  /* each.value is the refined unknown it was, not a plain one */
  v = at(r, "aws_iam_role_policy_attachment.e[\"X\"]", "policy_arn");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_int_eq(at(r, b, "json")->kind, MLS_V_UNKNOWN);
  ck_assert(!(at(r, b, "json")->flags & MLS_VF_PARTITION));
  /* a step past the partition is not the partition */
  ck_assert_int_eq(at(r, b, "step")->kind, MLS_V_UNKNOWN);
  ck_assert(!(at(r, b, "step")->flags & MLS_VF_PARTITION));
  run_free(r);
}
END_TEST

/* ---- loading ----------------------------------------------------------- */

START_TEST(eval_tf_eval__override_files)
{
  run *r = run_fixture("override", NULL);
  const char *nb = "aws_sagemaker_notebook_instance.nb";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, nb, "instance_type"), "ml.p3.2xlarge");
  assert_str(at(r, nb, "kms_key_id"),
             "arn:aws:kms:us-east-1:123456789012:key/abc");
  assert_str(at(r, nb, "root_access"), "Disabled");
  assert_str(at(r, nb, "tags.team"), "research");
  ck_assert(has_diag(r, "override of resource \"missing\""));
  ck_assert(!has_res(r, "aws_s3_bucket.missing"));
  run_free(r);
}
END_TEST

/* A declaration written twice is a warning and the first one counts,
 * whatever kind it is and however many come between: the set that spots
 * them grows past its first size (64 slots) here. A data source and a
 * resource, or two resource types, may share a name. */
START_TEST(eval_tf_eval__duplicate_declarations_first_wins)
{
  mls_buf b = MLS_BUF_INIT(1 << 20);
  run *r;
  char addr[64];
  for (int i = 0; i < 300; i++) {
    ck_assert_int_eq(mls_buf_printf(&b,
                                    "resource \"aws_s3_bucket\" \"b%d\" {\n"
                                    "  bucket = \"first-%d\"\n}\n"
                                    "variable \"v%d\" { default = %d }\n"
                                    "locals { l%d = %d }\n",
                                    i, i, i, i, i, i),
                     MLS_OK);
  }
  ck_assert_int_eq(
      mls_buf_puts(&b,
                   "resource \"aws_s3_bucket\" \"b7\" { bucket = \"dup\" }\n"
                   "resource \"aws_s3_bucket\" \"b299\" { bucket = \"dup\" }\n"
                   "variable \"v5\" { default = 99 }\n"
                   "locals { l6 = 99 }\n"
                   "data \"aws_s3_bucket\" \"b7\" { bucket = \"data\" }\n"
                   "resource \"aws_s3_object\" \"b7\" { bucket = \"obj\" }\n"
                   "resource \"aws_s3_bucket\" \"out\" {\n"
                   "  bucket = \"${var.v5}-${local.l6}\"\n}\n"),
      MLS_OK);
  ck_assert_int_eq(mls_buf_putc(&b, '\0'), MLS_OK);
  r = run_tf(b.ptr);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, "aws_s3_bucket.b7", "bucket"), "first-7");
  assert_str(at(r, "aws_s3_bucket.b299", "bucket"), "first-299");
  assert_str(at(r, "aws_s3_bucket.out", "bucket"), "5-6");
  assert_str(at(r, "data.aws_s3_bucket.b7", "bucket"), "data");
  assert_str(at(r, "aws_s3_object.b7", "bucket"), "obj");
  ck_assert(has_diag(r, "duplicate resource \"aws_s3_bucket.b7\""));
  ck_assert(has_diag(r, "duplicate resource \"aws_s3_bucket.b299\""));
  ck_assert(has_diag(r, "duplicate variable \"v5\""));
  ck_assert(has_diag(r, "duplicate local value \"l6\""));
  ck_assert(!has_diag(r, "duplicate data resource"));
  for (int i = 0; i < 300; i += 37) {
    snprintf(addr, sizeof(addr), "aws_s3_bucket.b%d", i);
    ck_assert(has_res(r, addr));
  }
  run_free(r);
  mls_buf_dispose(&b);
}
END_TEST

/* tf_opts.body_types: a resource of a type nobody reads is in the model
 * (address, instances, deployment) with no body, and its attributes are
 * still evaluated for what refers to them; a wanted one is whole, its
 * edges included. */
START_TEST(eval_tf_eval__only_wanted_bodies)
{
  static const char *const want[] = { "aws_s3_bucket", "aws_s3_bucket_policy" };
  static memfile f[1];
  tf_opts o = TF_OPTS_INIT;
  run *r, *all;
  f[0].path = "main.tf";
  f[0].data = "resource \"aws_vpc\" \"main\" {\n"
              "  cidr_block = \"10.0.0.0/16\"\n"
              "  tags = { Name = \"core\" }\n"
              "}\n"
              "resource \"aws_subnet\" \"s\" {\n"
              "  count = 3\n"
              "  vpc_id = aws_vpc.main.id\n"
              "  cidr_block = cidrsubnet(\"10.0.0.0/16\", 8, count.index)\n"
              "}\n"
              "resource \"aws_s3_bucket\" \"logs\" {\n"
              "  bucket = \"${aws_vpc.main.tags.Name}-logs\"\n"
              "}\n"
              "resource \"aws_s3_bucket_policy\" \"p\" {\n"
              "  bucket = aws_s3_bucket.logs.id\n"
              "}\n";
  o.body_types = want;
  o.nbody_types = 2;
  r = run_mem(f, 1, &o);
  all = run_mem(f, 1, NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_int_eq(all->rc, MLS_OK);
  ck_assert_uint_eq(r->m->nresources, all->m->nresources);
  ck_assert_uint_eq(r->m->nresources, 6);
  ck_assert(has_res(r, "aws_subnet.s[2]"));
  ck_assert_ptr_null(res(r, "aws_vpc.main")->body);
  ck_assert_ptr_null(res(r, "aws_subnet.s[0]")->body);
  ck_assert_ptr_nonnull(res(all, "aws_vpc.main")->body);
  /* What the bucket refers to was evaluated for it. */
  assert_str(at(r, "aws_s3_bucket.logs", "bucket"), "core-logs");
  ck_assert(has_edge(r, "aws_s3_bucket_policy.p", "aws_s3_bucket.logs",
                     "bucket", "id"));
  ck_assert(has_edge(all, "aws_s3_bucket_policy.p", "aws_s3_bucket.logs",
                     "bucket", "id"));
  /* Only the unread bodies' own edges are gone. */
  ck_assert(has_edge(all, "aws_subnet.s[0]", "aws_vpc.main", "vpc_id", "id"));
  ck_assert(!has_edge(r, "aws_subnet.s[0]", "aws_vpc.main", "vpc_id", "id"));
  run_free(r);
  run_free(all);
}
END_TEST

/* What is evaluated once -- a module call, a local, a resource -- reports
 * its own diagnostics, even when the first expression to need it is
 * inside try(): that silences the expression's errors, not the
 * configuration's, and the result is kept, so a silenced first use would
 * lose them for good. */
START_TEST(eval_tf_eval__first_use_in_try_keeps_diagnostics)
{
  static memfile f[1];
  run *r;
  f[0].path = "main.tf";
  f[0].data = "module \"remote\" {\n"
              "  source = \"terraform-aws-modules/kms/aws\"\n"
              "}\n"
              "locals {\n"
              "  bad = coalescelist([], [])\n"
              "}\n"
              "resource \"aws_s3_bucket\" \"b\" {\n"
              "  bucket = try(module.remote.key_arn, local.bad[0], \"x\")\n"
              "}\n";
  r = run_mem(f, 1, NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  /* (a remote module's output is unknown, and try() keeps an unknown) */
  ck_assert(at(r, "aws_s3_bucket.b", "bucket")->kind == MLS_V_UNKNOWN);
  ck_assert(has_diag(r, "module \"remote\" has a remote source"));
  ck_assert(has_diag(r, "coalescelist(): no non-null arguments"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__tf_json_module)
{
  run *r = run_fixture("tfjson", NULL);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, "aws_s3_bucket.logs", "bucket"), "acme-eu-west-1-logs");
  ck_assert_str_eq(js(r, at(r, "aws_s3_bucket.logs", "versioning")),
                   "[{\"enabled\":true}]");
  /* a resource starts at its own name, not at the "resource" key (line 8)
   * that holds every resource of the file */
  ck_assert_uint_eq(res(r, "aws_s3_bucket.logs")->range.start.line, 10);
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__path_arithmetic)
{
  char out[64];
  static const struct {
    const char *dir, *rel, *want; /* want NULL: refused */
  } joins[] = {
    { "", "./a", "a" },           { "a/b", "../c", "a/c" },
    { "a/b", "..", "a" },         { "a", "./b//c/./d/", "a/b/c/d" },
    { "a", "../../x", NULL },     { "", "..", NULL },
    { "a", "/etc/passwd", NULL }, { "modules/x", "../y", "modules/y" },
  };
  static const struct {
    const char *from, *to, *want;
  } rels[] = {
    { "", "", "." },
    { "", "modules/x", "modules/x" },
    { "examples/complete", "", "../.." },
    { "a/b", "a/c/d", "../c/d" },
    { "ab", "a", "../a" },
    { "a", "a", "." },
  };
  for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
    int rc = tf__path_join(out, sizeof(out), joins[i].dir, joins[i].rel);
    if (!joins[i].want) {
      ck_assert_msg(rc < 0, "%s + %s should be refused", joins[i].dir,
                    joins[i].rel);
    } else {
      ck_assert_int_eq(rc, 0);
      ck_assert_str_eq(out, joins[i].want);
    }
  }
  for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
    ck_assert_int_eq(tf__path_rel(out, sizeof(out), rels[i].from, rels[i].to),
                     0);
    ck_assert_str_eq(out, rels[i].want);
  }
  /* a result that does not fit is refused, not truncated */
  ck_assert_int_lt(tf__path_join(out, 4, "abc", "def"), 0);
}
END_TEST

/* OpenTofu's .tofu and .tofu.json files are configuration files, and each
 * is read instead of a .tf or .tf.json of the same base name (OpenTofu's
 * "extension precedence"), override files too. */
START_TEST(eval_tf_eval__opentofu_files)
{
  run *r = run_fixture("opentofu", NULL);
  const char *nb = "aws_sagemaker_notebook_instance.nb";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, nb, "name"), "tofu-variant");
  assert_str(at(r, nb, "direct_internet_access"), "Disabled");
  assert_str(at(r, nb, "root_access"), "Disabled");
  ck_assert(has_res(r, "aws_s3_bucket.data"));
  ck_assert(!has_res(r, "aws_s3_bucket.shadowed"));
  ck_assert(has_res(r, "aws_s3_bucket.logs"));
  ck_assert(has_res(r, "module.store.aws_kms_key.k"));
  ck_assert(!has_diag(r, "duplicate"));
  ck_assert_str_eq(r->m->files[res(r, nb)->file], "opentofu/main.tofu");
  run_free(r);
}
END_TEST

/* After `terraform init`, a remote module is evaluated from the directory
 * .terraform/modules/modules.json names for its key (nested keys too),
 * when the manifest's source is the call's; with tf_opts.manifest off, or
 * for a call init did not see, it stays remote. */
START_TEST(eval_tf_eval__init_manifest)
{
  tf_opts o = TF_OPTS_INIT;
  run *r;

  o.manifest = true;
  r = run_fixture("tfinit", &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_res(r, "module.bucket.aws_s3_bucket.this"));
  assert_str(at(r, "module.bucket.aws_s3_bucket_acl.this[0]", "acl"),
             "public-read");
  ck_assert(has_res(r, "module.bucket.module.notify.aws_sns_topic.events"));
  ck_assert(has_diag(r, "is read from .terraform/modules/bucket"));
  ck_assert(has_diag(r, "has it from another source"));
  ck_assert(has_diag(r, "module \"later\" has a remote source"));
  ck_assert_str_eq(
      r->m->files[res(r, "module.bucket.aws_s3_bucket.this")->file],
      "tfinit/.terraform/modules/bucket/main.tf");
  run_free(r);

  o.manifest = false;
  r = run_fixture("tfinit", &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(!has_res(r, "module.bucket.aws_s3_bucket.this"));
  ck_assert(has_diag(r, "module \"bucket\" has a remote source"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__loader_merges_overrides_once)
{
  tf_source src;
  tf_loader *ld = NULL;
  tf_module *m, *again, *none;
  const tf_decl *d;
  mls_span none_span = { NULL, 0 };
  int idx;
  bool root_access = false, lifecycle = false;

  tf_disk_source(&src, FIXTURES);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  m = tf__module_load(ld, "override");
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(m->rc, MLS_OK);
  again = tf__module_load(ld, "override");
  ck_assert_ptr_eq(m, again); /* parsed once per loader */
  ck_assert_uint_eq(m->nfiles, 2);
  idx = tf__decl_find(m, TF_D_RES, false,
                      mls_span_of("aws_sagemaker_notebook_"
                                  "instance",
                                  31),
                      mls_span_of("nb", 2));
  ck_assert_int_ge(idx, 0);
  d = &m->decls[TF_D_RES][idx];
  for (uint32_t i = 0; i < d->body.nattrs; i++) {
    root_access =
        root_access || mls_span_eq(d->body.attrs[i].attr->name, "root_access");
  }
  for (uint32_t i = 0; i < d->body.nblocks; i++) {
    lifecycle =
        lifecycle || mls_span_eq(d->body.blocks[i].block->type, "lifecycle");
  }
  ck_assert(root_access && lifecycle);
  /* the override's attribute comes from the override file */
  idx = tf__decl_find(m, TF_D_VAR, false, none_span,
                      mls_span_of("instance_type", 13));
  ck_assert_int_ge(idx, 0);
  d = &m->decls[TF_D_VAR][idx];
  ck_assert_str_eq(ld->files[d->body.attrs[0].file]->path,
                   "override/main_override.tf");
  ck_assert_int_lt(tf__decl_find(m, TF_D_RES, false,
                                 mls_span_of("aws_s3_bucket", 13),
                                 mls_span_of("missing", 7)),
                   0);
  ck_assert_uint_eq(m->diag.n, 1);
  ck_assert_ptr_nonnull(strstr(m->diag.v[0].message, "no primary file"));
  /* a directory with no Terraform file */
  none = tf__module_load(ld, "env_conditional/env");
  ck_assert_ptr_nonnull(none);
  ck_assert_int_eq(none->rc, MLS_EINPUT);
  tf_loader_free(ld);
}
END_TEST

START_TEST(eval_tf_eval__root_modules)
{
  tf_source src;
  tf_loader *ld = NULL;
  mls_diag d = MLS_DIAG_INIT;
  char **roots = NULL;
  size_t n = 0;
  bool twice = false, bucket = false, team = false, foreach = false;

  tf_disk_source(&src, FIXTURES);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_find_roots(&roots, &n, ld, "", &d), MLS_OK);
  for (size_t i = 0; i < n; i++) {
    twice = twice || strcmp(roots[i], "module_twice") == 0;
    bucket = bucket || strcmp(roots[i], "module_twice/modules/bucket") == 0;
    team = team || strcmp(roots[i], "module_foreach/modules/team") == 0;
    /* module_foreach calls itself; a self call does not make it called */
    foreach = foreach || strcmp(roots[i], "module_foreach") == 0;
    if (i) {
      ck_assert_int_lt(strcmp(roots[i - 1], roots[i]), 0);
    }
  }
  ck_assert(twice && foreach);
  ck_assert(!bucket && !team);
  tf_roots_free(roots, n);
  tf_loader_free(ld);
  mls_diag_dispose(&d);
}
END_TEST

/* Modules that only call each other have no root above them; left out,
 * their resources would never be checked (a hostile repository could hide
 * one that way). The first of each such group becomes a root. */
START_TEST(eval_tf_eval__cycle_without_root_is_a_root)
{
  /* 0 -> 1 -> 2 -> 1 (reached from the root 0); 3 <-> 4 -> 5 and 6 -> 6
   * (a self call) with nothing above them; 7 called by 5. */
  static const tf_call_edge e[] = { { 0, 1 }, { 1, 2 }, { 2, 1 }, { 4, 3 },
                                    { 3, 4 }, { 4, 5 }, { 6, 6 }, { 5, 7 } };
  static const bool want[8] = { true,  false, false, true,
                                false, false, true,  false };
  bool is_root[8];
  static const memfile f[] = {
    { "main.tf", "module \"a\" {\n  source = \"./a\"\n}\n" },
    { "a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n" },
    { "b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n" },
    { "p/c/main.tf", "module \"d\" {\n  source = \"../d\"\n}\n"
                     "resource \"aws_s3_bucket\" \"hidden\" {}\n" },
    { "p/d/main.tf", "module \"c\" {\n  source = \"../c\"\n}\n" },
  };
  static memsrc ms;
  tf_source src;
  tf_loader *ld = NULL;
  mls_diag d = MLS_DIAG_INIT;
  char **roots = NULL;
  size_t n = 0;

  ck_assert_int_eq(tf_mark_roots(is_root, 8, e, 8), MLS_OK);
  for (size_t i = 0; i < 8; i++) {
    ck_assert_msg(is_root[i] == want[i], "directory %zu", i);
  }
  ck_assert_int_eq(tf_mark_roots(is_root, 0, NULL, 0), MLS_OK);
  /* Out of memory is an error code, never a half-marked answer. */
  for (long k = 0; k < 5; k++) {
    mls_alloc_fail_after(k);
    ck_assert_int_eq(tf_mark_roots(is_root, 8, e, 8), MLS_ENOMEM);
    mls_alloc_fail_after(-1);
  }

  /* tf_find_roots() decides the same: "" and p/c, not a, b or p/d. */
  ms.files = f;
  ms.n = sizeof(f) / sizeof(f[0]);
  memset(&src, 0, sizeof(src)); /* members not set here stay NULL */
  src.list = mem_list;
  src.read = mem_read;
  src.payload = &ms;
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_find_roots(&roots, &n, ld, "", &d), MLS_OK);
  ck_assert_uint_eq(n, 2);
  ck_assert_str_eq(roots[0], "");
  ck_assert_str_eq(roots[1], "p/c");
  tf_roots_free(roots, n);
  tf_loader_free(ld);
  mls_diag_dispose(&d);

  /* Evaluated as a root, p/c reports its cycle and keeps its resource. */
  {
    static const memfile g[] = {
      { "p/c/main.tf", "module \"d\" {\n  source = \"../d\"\n}\n"
                       "resource \"aws_s3_bucket\" \"hidden\" {}\n" },
      { "p/d/main.tf", "module \"c\" {\n  source = \"../c\"\n}\n" },
    };
    run *r;
    ms.files = g;
    ms.n = 2;
    r = run_src(&src, "p/c", NULL);
    ck_assert_int_eq(r->rc, MLS_OK);
    ck_assert(has_diag(r, "cycle"));
    ck_assert(has_res(r, "aws_s3_bucket.hidden"));
    run_free(r);
  }
}
END_TEST

START_TEST(eval_tf_eval__no_configuration)
{
  run *r = run_fixture("env_conditional/env", NULL);
  ck_assert_int_eq(r->rc, MLS_EINPUT);
  ck_assert_ptr_null(r->m);
  ck_assert(has_diag(r, "no Terraform configuration"));
  run_free(r);
}
END_TEST

/* ---- expressions ------------------------------------------------------- */

START_TEST(eval_tf_eval__templates_and_operators)
{
  run *r = run_tf(
      "variable \"n\" {\n  default = 3\n}\n"
      "variable \"u\" {}\n"
      "locals {\n"
      "  names = [\"a\", \"b\"]\n"
      "}\n"
      "resource \"t\" \"r\" {\n"
      "  tmpl  = \"n=${var.n}, ${var.n > 2 ? \"big\" : \"small\"}\"\n"
      "  dir   = \"%{if var.n == 3}three%{else}other%{endif}\"\n"
      "  loop  = \"%{for x in local.names}[${x}]%{endfor}\"\n"
      "  strip = \"a %{~ if true ~} b %{~ endif ~}\"\n"
      "  heredoc = <<-EOT\n"
      "    line ${var.n}\n"
      "      indented\n"
      "  EOT\n"
      "  wrap  = \"${var.n}\"\n"
      "  arith = [1 + 2 * 3, 7 % 3, -7 % 3, 10 / 4, 0.1 + 0.2, \"2\" * 2]\n"
      "  cmp   = [1 == 1.0, \"1\" == 1, null == null, 2 >= 3, !false]\n"
      "  logic = [true || var.u, false && var.u]\n"
      "  unk   = [var.u + 1, var.u == null, \"x${var.u}\"]\n"
      "  path  = [path.module, path.root]\n"
      "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, t, "tmpl"), "n=3, big");
  assert_str(at(r, t, "dir"), "three");
  assert_str(at(r, t, "loop"), "[a][b]");
  assert_str(at(r, t, "strip"), "ab");
  assert_str(at(r, t, "heredoc"), "line 3\n  indented\n");
  ck_assert_str_eq(js(r, at(r, t, "wrap")), "3");
  ck_assert_str_eq(js(r, at(r, t, "arith")), "[7,1,-1,2.5,0.3,4]");
  ck_assert_str_eq(js(r, at(r, t, "cmp")), "[true,false,true,false,true]");
  ck_assert_str_eq(js(r, at(r, t, "logic")), "[true,false]");
  assert_unknown(at(r, t, "unk.0"), "var.u has no value");
  assert_unknown(at(r, t, "unk.1"), "var.u has no value");
  assert_unknown(at(r, t, "unk.2"), "var.u has no value");
  ck_assert_str_eq(js(r, at(r, t, "path")), "[\".\",\".\"]");
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__collections_for_and_splat)
{
  run *r = run_tf(
      "locals {\n"
      "  users = [\n"
      "    { name = \"ann\", team = \"ml\", admin = true },\n"
      "    { name = \"bob\", team = \"ml\", admin = false },\n"
      "    { name = \"cy\", team = \"ops\", admin = false },\n"
      "  ]\n"
      "  m = { b = 2, a = 1 }\n"
      "}\n"
      "resource \"t\" \"r\" {\n"
      "  names  = local.users[*].name\n"
      "  legacy = local.users.*.team\n"
      "  admins = [for u in local.users : u.name if u.admin]\n"
      "  byteam = { for u in local.users : u.team => u.name... }\n"
      "  keys   = [for k, v in local.m : \"${k}=${v}\"]\n"
      "  inv    = { for k, v in local.m : v => k }\n"
      "  idx    = local.users[1][\"name\"]\n"
      "  dyn    = local.m[\"a\"]\n"
      "  one    = local.m[*]\n"
      "  none   = null[*]\n"
      "  obj    = { \"quoted key\" = 1, (\"computed${1}\") = 2, bare = 3 }\n"
      "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_str_eq(js(r, at(r, t, "names")), "[\"ann\",\"bob\",\"cy\"]");
  ck_assert_str_eq(js(r, at(r, t, "legacy")), "[\"ml\",\"ml\",\"ops\"]");
  ck_assert_str_eq(js(r, at(r, t, "admins")), "[\"ann\"]");
  ck_assert_str_eq(js(r, at(r, t, "byteam")),
                   "{\"ml\":[\"ann\",\"bob\"],\"ops\":[\"cy\"]}");
  ck_assert_str_eq(js(r, at(r, t, "keys")), "[\"a=1\",\"b=2\"]");
  ck_assert_str_eq(js(r, at(r, t, "inv")), "{\"1\":\"a\",\"2\":\"b\"}");
  assert_str(at(r, t, "idx"), "bob");
  ck_assert_str_eq(js(r, at(r, t, "dyn")), "1");
  ck_assert_str_eq(js(r, at(r, t, "one")), "[{\"b\":2,\"a\":1}]");
  ck_assert_str_eq(js(r, at(r, t, "none")), "[]");
  ck_assert_str_eq(js(r, at(r, t, "obj")),
                   "{\"quoted key\":1,\"computed1\":2,\"bare\":3}");
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__errors_are_unknown_values)
{
  run *r =
      run_tf("locals {\n"
             "  l = [1]\n"
             "  a = local.b\n"
             "  b = local.a\n"
             "}\n"
             "resource \"t\" \"r\" {\n"
             "  oob    = local.l[5]\n"
             "  nul    = \"x${null}\"\n"
             "  attr   = local.l.name\n"
             "  cycle  = local.a\n"
             "  undecl = var.nope\n"
             "  each   = each.key\n"
             "  tried  = try(local.l[5], \"fallback\")\n"
             "  shallow = lookup({ a = \"x\", b = var.nope2 }, \"a\", null)\n"
             "  deep   = lookup({ a = \"x\", b = var.nope3 }, \"b\", null)\n"
             "  whole  = jsonencode({ a = \"x\", b = var.nope4 })\n"
             "  dup    = { for x in [\"a\", \"a\"] : x => 1 }\n"
             "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_unknown(at(r, t, "oob"), "error: index 5 out of range");
  assert_unknown(at(r, t, "nul"), "error: a null value");
  assert_unknown(at(r, t, "attr"), "error:");
  assert_unknown(at(r, t, "cycle"), "reference cycle");
  assert_unknown(at(r, t, "undecl"), "error: reference to an undeclared");
  assert_unknown(at(r, t, "each"), "error: each is only available");
  assert_str(at(r, t, "tried"), "fallback");
  /* an error inside what a shallow function does not read stays there */
  assert_str(at(r, t, "shallow"), "x");
  assert_unknown(at(r, t, "deep"), "error: reference to an undeclared");
  assert_unknown(at(r, t, "whole"), "error: reference to an undeclared");
  assert_unknown(at(r, t, "dup"), "error: duplicate key");
  ck_assert(has_diag(r, "refers to itself"));
  ck_assert(has_diag(r, "index 5 out of range"));
  /* nothing reported for what try() swallowed (same message, once) */
  {
    size_t n = 0;
    for (size_t i = 0; i < r->diag.n; i++) {
      n += strstr(r->diag.v[i].message, "index 5 out of range") ? 1 : 0;
    }
    ck_assert_uint_eq(n, 1);
  }
  run_free(r);
}
END_TEST

/* resource.TYPE.NAME is a managed resource, as TYPE.NAME is (Terraform's
 * addrs.ParseRef): its value and an edge, and undeclared is an error. */
START_TEST(eval_tf_eval__resource_prefix)
{
  run *r = run_tf("resource \"aws_s3_bucket\" \"b\" {\n"
                  "  bucket = \"acme-models\"\n"
                  "}\n"
                  "resource \"t\" \"r\" {\n"
                  "  name   = resource.aws_s3_bucket.b.bucket\n"
                  "  id     = resource.aws_s3_bucket.b.id\n"
                  "  undecl = resource.aws_s3_bucket.nope.id\n"
                  "  short  = resource.aws_s3_bucket\n"
                  "  plain  = aws_s3_bucket.gone.id\n"
                  "  member = \"sa:${google_service_account.gone.email}:x\"\n"
                  "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_str(at(r, t, "name"), "acme-models");
  ck_assert(has_edge(r, t, "aws_s3_bucket.b", "name", "bucket"));
  ck_assert(has_edge(r, t, "aws_s3_bucket.b", "id", "id"));
  assert_unknown(at(r, t, "undecl"), "error: reference to an undeclared");
  ck_assert(has_diag(r, "undeclared resource \"aws_s3_bucket.nope\""));
  /* the same without the prefix names the resource too, as Terraform */
  ck_assert(has_diag(r, "undeclared resource \"aws_s3_bucket.gone\""));
  assert_unknown(at(r, t, "short"), "error: reference to an undeclared");
  /* a template over an undeclared name (a partial checkout) is still an
   * error, and still starts and ends with its known text */
  assert_unknown(at(r, t, "member"), "error: reference to an undeclared");
  ck_assert_str_eq(at(r, t, "member")->u.unknown.prefix, "sa:");
  ck_assert_str_eq(at(r, t, "member")->u.unknown.suffix, ":x");
  run_free(r);
}
END_TEST

/* AWS values whose form is fixed though they wait for apply: partition
 * templates with an account, a region or the DNS suffix in them. */
START_TEST(eval_tf_eval__aws_fixed_forms)
{
  run *r = run_tf(
      "variable \"name\" {}\n"
      "data \"aws_caller_identity\" \"c\" {}\n"
      "data \"aws_region\" \"r\" {}\n"
      "data \"aws_region\" \"named\" {\n"
      "  name = \"eu-west-1\"\n"
      "}\n"
      "data \"aws_partition\" \"p\" {}\n"
      "data \"aws_sagemaker_prebuilt_ecr_image\" \"i\" {\n"
      "  repository_name = \"xgboost\"\n"
      "}\n"
      "resource \"aws_ecr_repository\" \"known\" {\n"
      "  name = \"llm\"\n"
      "}\n"
      "resource \"aws_ecr_repository\" \"var\" {\n"
      "  name = var.name\n"
      "}\n"
      "resource \"t\" \"r\" {\n"
      "  arn = \"arn:aws:iam::${data.aws_caller_identity.c.account_id}"
      ":root\"\n"
      "  joined = join(\"\", [\"arn:\", data.aws_partition.p.partition,"
      " \":iam::aws:policy/X\"])\n"
      "  mixed = join(\"/\", [var.name, data.aws_partition.p.partition])\n"
      "}\n");
  const mls_value *v;
  char buf[128];
  size_t len;
  ck_assert_int_eq(r->rc, MLS_OK);
  v = at(r, "data.aws_caller_identity.c", "account_id");
  ck_assert(mls_span_eq(v->u.unknown.expr, MLS_ACCOUNT_VAR));
  ck_assert(mls_partition_free(v));
  v = at(r, "data.aws_region.r", "name");
  ck_assert(mls_span_eq(v->u.unknown.expr, MLS_REGION_VAR));
  assert_str(at(r, "data.aws_region.named", "name"), "eu-west-1");
  v = at(r, "data.aws_partition.p", "dns_suffix");
  ck_assert(mls_partition_expand(v, "aws-cn", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "amazonaws.com.cn");
  v = at(r, "data.aws_sagemaker_prebuilt_ecr_image.i", "registry_path");
  ck_assert(mls_span_eq(v->u.unknown.expr,
                        MLS_ACCOUNT_VAR ".dkr.ecr." MLS_REGION_VAR
                                        "." MLS_URLSUFFIX_VAR "/xgboost:1"));
  v = at(r, "aws_ecr_repository.known", "repository_url");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_str_eq(v->u.unknown.suffix, "/llm");
  /* a name not known: nothing said */
  ck_assert(mls_value_path(res(r, "aws_ecr_repository.var")->body,
                           "repository_url") == NULL);
  /* composed: known ends around the account */
  v = at(r, "t.r", "arn");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:aws:iam::");
  ck_assert_str_eq(v->u.unknown.suffix, ":root");
  /* join() of text and partition templates is a template too */
  v = at(r, "t.r", "joined");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_partition_expand(v, "aws-cn", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws-cn:iam::aws:policy/X");
  /* another unknown in it: a plain unknown */
  ck_assert(!(at(r, "t.r", "mixed")->flags & MLS_VF_PARTITION));
  run_free(r);
}
END_TEST

/* A root none of whose resources is deployed says so, once; one with a
 * deployed resource does not. */
START_TEST(eval_tf_eval__undeployed_root_note)
{
  run *r = run_tf("variable \"enabled\" {\n  default = false\n}\n"
                  "data \"aws_region\" \"r\" {}\n"
                  "resource \"aws_s3_bucket\" \"a\" {\n"
                  "  count = var.enabled ? 1 : 0\n"
                  "}\n"
                  "resource \"aws_s3_bucket\" \"b\" {\n"
                  "  for_each = var.enabled ? toset([\"x\"]) : toset([])\n"
                  "}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "none of its 2 resources is deployed"));
  run_free(r);
  r = run_tf("resource \"aws_s3_bucket\" \"a\" {\n  count = 0\n}\n"
             "resource \"aws_s3_bucket\" \"b\" {}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(!has_diag(r, "none of its"));
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__types_and_sensitive)
{
  run *r = run_tf(
      "variable \"cfg\" {\n"
      "  type = object({\n"
      "    name  = string\n"
      "    size  = optional(number, 10)\n"
      "    tags  = optional(map(string), {})\n"
      "    flags = optional(set(string))\n"
      "  })\n"
      "  default = { name = \"x\", flags = [\"b\", \"a\", \"b\"], extra = 1 }\n"
      "}\n"
      "variable \"n\" {\n  type = number\n  default = \"12\"\n}\n"
      "variable \"bad\" {\n  type = number\n  default = \"twelve\"\n}\n"
      "variable \"secret\" {\n  default = \"hunter2\"\n  sensitive = true\n}\n"
      "variable \"nn\" {\n  default = \"d\"\n  nullable = false\n}\n"
      "resource \"t\" \"r\" {\n"
      "  cfg    = var.cfg\n"
      "  n      = var.n + 1\n"
      "  bad    = var.bad\n"
      "  secret = var.secret\n"
      "  nn     = var.nn\n"
      "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_str_eq(js(r, at(r, t, "cfg")),
                   "{\"name\":\"x\",\"size\":10,\"tags\":{},\"flags\":[\"a\","
                   "\"b\"]}");
  ck_assert(at(r, t, "cfg.flags")->flags & MLS_VF_SET);
  ck_assert_str_eq(js(r, at(r, t, "n")), "13");
  assert_unknown(at(r, t, "bad"), "error: a number is required");
  ck_assert_str_eq(js(r, at(r, t, "secret")), "\"(sensitive)\"");
  assert_str(at(r, t, "nn"), "d");
  run_free(r);
}
END_TEST

/* The known start of an unknown string (Terraform's refinement). */
static void assert_prefix(const mls_value *v, const char *want)
{
  ck_assert_msg(v->kind == MLS_V_UNKNOWN, "kind %d, want unknown",
                (int)v->kind);
  if (!want) {
    ck_assert_msg(v->u.unknown.prefix == NULL, "unexpected prefix \"%s\"",
                  v->u.unknown.prefix);
    return;
  }
  ck_assert_msg(v->u.unknown.prefix != NULL, "no prefix, want \"%s\"", want);
  ck_assert_str_eq(v->u.unknown.prefix, want);
}

/* A resource's `arn` that its configuration does not set is a string
 * starting "arn:" (every resource's ARN is); other computed attributes,
 * and an `arn` written in the configuration, are what they are. */
START_TEST(eval_tf_eval__computed_arn_is_an_arn)
{
  static const memfile f[] = {
    { "main.tf", "resource \"aws_iam_role\" \"r\" {\n  name = \"x\"\n}\n"
                 "resource \"t\" \"given\" {\n  arn = \"custom\"\n}\n"
                 "resource \"t\" \"u\" {\n"
                 "  role_arn  = aws_iam_role.r.arn\n"
                 "  indexed   = aws_iam_role.r[\"arn\"]\n"
                 "  id        = aws_iam_role.r.id\n"
                 "  unique_id = aws_iam_role.r.unique_id\n"
                 "  given     = t.given.arn\n"
                 "  resource  = \"${aws_iam_role.r.arn}/*\"\n"
                 "}\n" },
  };
  run *r = run_mem(f, 1, NULL);
  const char *t = "t.u";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_prefix(at(r, t, "role_arn"), "arn:");
  assert_prefix(at(r, t, "indexed"), "arn:");
  assert_prefix(at(r, t, "resource"), "arn:");
  assert_prefix(at(r, t, "id"), NULL);
  assert_prefix(at(r, t, "unique_id"), NULL);
  assert_str(at(r, t, "given"), "custom");
  run_free(r);
}
END_TEST

/* The known end of an unknown string. */
static void assert_suffix(const mls_value *v, const char *want)
{
  ck_assert_msg(v->kind == MLS_V_UNKNOWN, "kind %d, want unknown",
                (int)v->kind);
  if (!want) {
    ck_assert_msg(v->u.unknown.suffix == NULL, "unexpected suffix \"%s\"",
                  v->u.unknown.suffix);
    return;
  }
  ck_assert_msg(v->u.unknown.suffix != NULL, "no suffix, want \"%s\"", want);
  ck_assert_str_eq(v->u.unknown.suffix, want);
}

/* A template's text after its last unknown part (and that part's own
 * known end) is the string's end; Google's service accounts have emails
 * of a known form: known whole, or known at their start and end. */
START_TEST(eval_tf_eval__unknown_string_suffix)
{
  static const memfile f[] = {
    { "main.tf",
      "variable \"n\" {\n  type = string\n}\n"
      "data \"google_compute_default_service_account\" \"d\" {}\n"
      "data \"google_app_engine_default_service_account\" \"a\" {}\n"
      "resource \"google_service_account\" \"known\" {\n"
      "  account_id = \"runner\"\n  project = \"p1\"\n}\n"
      "resource \"google_service_account\" \"noproj\" {\n"
      "  account_id = \"runner\"\n}\n"
      "resource \"google_service_account\" \"noid\" {\n"
      "  account_id = var.n\n}\n"
      "resource \"t\" \"r\" {\n"
      "  tmpl     = \"${var.n}-compute@developer.gserviceaccount.com\"\n"
      "  both     = \"serviceAccount:${var.n}@x.com\"\n"
      "  inner    = \"a${var.n}b${var.n}c\"\n"
      "  nested   = "
      "\"x${data.google_compute_default_service_account.d.email}\"\n"
      "  dflt     = data.google_compute_default_service_account.d.email\n"
      "  dmember  = data.google_compute_default_service_account.d.member\n"
      "  appspot  = data.google_app_engine_default_service_account.a.email\n"
      "  known    = google_service_account.known.email\n"
      "  kmember  = google_service_account.known.member\n"
      "  noproj   = google_service_account.noproj.email\n"
      "  npmember = google_service_account.noproj.member\n"
      "  noid     = google_service_account.noid.email\n"
      "  cond     = var.n == \"\" ? "
      "data.google_compute_default_service_account.d.email : var.n\n"
      "  fn       = lower(\"${var.n}@x.com\")\n"
      "  tonum    = tonumber(\"1${var.n}2\")\n"
      "}\n" },
  };
  run *r = run_mem(f, 1, NULL);
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_suffix(at(r, t, "tmpl"), "-compute@developer.gserviceaccount.com");
  assert_prefix(at(r, t, "tmpl"), NULL);
  assert_prefix(at(r, t, "both"), "serviceAccount:");
  assert_suffix(at(r, t, "both"), "@x.com");
  assert_suffix(at(r, t, "inner"), "c");
  assert_prefix(at(r, t, "inner"), "a");
  assert_suffix(at(r, t, "nested"), "-compute@developer.gserviceaccount.com");
  assert_suffix(at(r, t, "dflt"), "-compute@developer.gserviceaccount.com");
  assert_prefix(at(r, t, "dmember"), "serviceAccount:");
  assert_suffix(at(r, t, "dmember"), "-compute@developer.gserviceaccount.com");
  assert_suffix(at(r, t, "appspot"), "@appspot.gserviceaccount.com");
  assert_str(at(r, t, "known"), "runner@p1.iam.gserviceaccount.com");
  assert_str(at(r, t, "kmember"),
             "serviceAccount:runner@p1.iam.gserviceaccount.com");
  assert_prefix(at(r, t, "noproj"), "runner@");
  assert_suffix(at(r, t, "noproj"), ".iam.gserviceaccount.com");
  assert_prefix(at(r, t, "npmember"), "serviceAccount:runner@");
  assert_prefix(at(r, t, "noid"), NULL);
  assert_suffix(at(r, t, "noid"), ".iam.gserviceaccount.com");
  /* Not the value itself: nothing is known of its end. */
  assert_suffix(at(r, t, "cond"), NULL);
  assert_suffix(at(r, t, "fn"), NULL);
  ck_assert_int_eq(at(r, t, "tonum")->kind, MLS_V_UNKNOWN);
  assert_suffix(at(r, t, "tonum"), NULL);
  run_free(r);
}
END_TEST

/* Terraform knows some unknowns are not null: a template's result (a null
 * part is an error), coalesce()'s, a string refined by its start or end.
 * The AVM idiom `{ for k, v in {...} : k => v if v != null }` then stays
 * known; a bare variable may be null, and keeps it unknown. */
START_TEST(eval_tf_eval__unknown_not_null)
{
  static const memfile f[] = {
    { "main.tf",
      "variable \"x\" {\n  type = string\n}\n"
      "variable \"y\" {\n  type = string\n  default = null\n}\n"
      "resource \"random_string\" \"r\" {\n  length = 4\n}\n"
      "locals {\n"
      "  m = {\n"
      "    a = \"p-${var.x}\"\n"
      "    b = null\n"
      "    c = \"lit\"\n"
      "    d = coalesce(var.y, \"azure-${random_string.r.result}\")\n"
      "    e = \"${var.x}s\"\n"
      "  }\n"
      "}\n"
      "resource \"t\" \"r\" {\n"
      "  keys  = keys({ for k, v in local.m : k => v if v != null })\n"
      "  maybe = keys({ for k, v in merge(local.m, { f = var.x }) : "
      "k => v if v != null })\n"
      "  ne    = \"x${var.x}\" != null\n"
      "  wrap  = \"${var.x}\" != null\n"
      "  eq    = null == coalesce(var.x, var.y)\n"
      "  bare  = var.x != null\n"
      "}\n" },
  };
  run *r = run_mem(f, 1, NULL);
  const char *t = "t.r";
  const mls_value *k;
  ck_assert_int_eq(r->rc, MLS_OK);
  k = at(r, t, "keys");
  ck_assert_int_eq(k->kind, MLS_V_LIST);
  ck_assert_uint_eq(k->u.list.n, 4);
  assert_str(k->u.list.items[0], "a");
  assert_str(k->u.list.items[1], "c");
  assert_str(k->u.list.items[2], "d");
  assert_str(k->u.list.items[3], "e");
  ck_assert_int_eq(at(r, t, "maybe")->kind, MLS_V_UNKNOWN);
  ck_assert_int_eq(at(r, t, "ne")->kind, MLS_V_BOOL);
  ck_assert(at(r, t, "ne")->u.b);
  ck_assert_int_eq(at(r, t, "eq")->kind, MLS_V_BOOL);
  ck_assert(!at(r, t, "eq")->u.b);
  ck_assert_int_eq(at(r, t, "bare")->kind, MLS_V_UNKNOWN);
  /* "${x}" alone is x itself (HCL unwraps it): it may be null. */
  ck_assert_int_eq(at(r, t, "wrap")->kind, MLS_V_UNKNOWN);
  run_free(r);
}
END_TEST

START_TEST(eval_tf_eval__unknown_string_prefix)
{
  static const memfile f[] = {
    { "main.tf",
      "variable \"acct\" {\n  type = string\n}\n"
      "locals {\n"
      "  arn    = \"arn:aws:iam::${var.acct}:root\"\n"
      "  nested = \"x-${local.arn}\"\n"
      "}\n"
      "module \"m\" {\n  source = \"./m\"\n  n = \"1${var.acct}\"\n}\n"
      "resource \"t\" \"r\" {\n"
      "  arn       = local.arn\n"
      "  nested    = local.nested\n"
      "  leading   = \"${var.acct}:root\"\n"
      "  called    = upper(\"arn:${var.acct}\")\n"
      "  indexed   = local.arn[0]\n"
      "  sensitive = \"pre-${sensitive(\"s\")}-${var.acct}\"\n"
      "  strict    = jsondecode(\"[1,]\")\n"
      "  num       = module.m.n\n"
      "  policy    = <<P\n"
      "{\"Statement\": [{\"Effect\": \"Allow\",\n"
      " \"Principal\": {\"AWS\": \"arn:aws:iam::${var.acct}:root\"},\n"
      " \"Action\": \"kms:*\",},\n"
      "]}\n"
      "P\n"
      "  broken    = <<P\n"
      "{\"Statement\": [{\"Effect\": \"Allow\",, \"Action\": \"x\"}]}\n"
      "P\n"
      "}\n" },
    { "m/main.tf", "variable \"n\" {\n  type = number\n}\n"
                   "output \"n\" {\n  value = var.n\n}\n" },
  };
  run *r = run_mem(f, 2, NULL);
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_prefix(at(r, t, "arn"), "arn:aws:iam::");
  /* a template's known part plus the unknown part's own prefix */
  assert_prefix(at(r, t, "nested"), "x-arn:aws:iam::");
  assert_prefix(at(r, t, "leading"), NULL);
  /* a function result or an element is another value: nothing known */
  assert_prefix(at(r, t, "called"), NULL);
  assert_prefix(at(r, t, "indexed"), NULL);
  /* a sensitive part is never exposed through the refinement */
  assert_prefix(at(r, t, "sensitive"), NULL);
  /* converted to a number, it is not the string any more */
  assert_prefix(at(r, t, "num"), NULL);
  /* jsondecode() stays as strict as Terraform's */
  assert_unknown(at(r, t, "strict"), "error:");
  /* a policy heredoc: trailing commas accepted, the principal refined */
  ck_assert(at(r, t, "policy")->flags & MLS_VF_JSON);
  assert_str(at(r, t, "policy.Statement.0.Action"), "kms:*");
  assert_prefix(at(r, t, "policy.Statement.0.Principal.AWS"), "arn:aws:iam::");
  assert_suffix(at(r, t, "policy.Statement.0.Principal.AWS"), ":root");
  ck_assert_str_eq(js(r, at(r, t, "policy.Statement.0.Principal.AWS")),
                   "{\"unknown\":\"var.acct\",\"why\":\"var.acct has no value "
                   "(no default, tfvars or --var)\",\"prefix\":\"arn:aws:iam::"
                   "\",\"suffix\":\":root\"}");
  /* any other invalid JSON is still not decoded */
  ck_assert(!(at(r, t, "broken")->flags & MLS_VF_JSON));
  run_free(r);
}
END_TEST

/* ---- references and edges ---------------------------------------------- */

START_TEST(eval_tf_eval__references_and_edges)
{
  run *r = run_tf("resource \"aws_kms_key\" \"k\" {\n  description = \"k\"\n}\n"
                  "resource \"aws_s3_bucket\" \"b\" {\n  count = 2\n"
                  "  bucket = \"b${count.index}\"\n}\n"
                  "locals {\n  key = aws_kms_key.k.arn\n}\n"
                  "data \"aws_caller_identity\" \"me\" {}\n"
                  "resource \"t\" \"r\" {\n"
                  "  kms     = local.key\n"
                  "  desc    = aws_kms_key.k.description\n"
                  "  names   = aws_s3_bucket.b[*].bucket\n"
                  "  second  = aws_s3_bucket.b[1].bucket\n"
                  "  account = data.aws_caller_identity.me.account_id\n"
                  "  self    = self.id\n"
                  "  depends_on = [aws_kms_key.k]\n"
                  "}\n");
  const char *t = "t.r";
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_unknown(at(r, t, "kms"), "known after apply");
  ck_assert(mls_span_eq(at(r, t, "kms")->u.unknown.expr, "aws_kms_key.k.arn"));
  assert_str(at(r, t, "desc"), "k");
  ck_assert_str_eq(js(r, at(r, t, "names")), "[\"b0\",\"b1\"]");
  assert_str(at(r, t, "second"), "b1");
  assert_unknown(at(r, t, "account"), "known after apply");
  ck_assert(has_edge(r, "t.r", "aws_kms_key.k", "kms", "arn"));
  ck_assert(has_edge(r, "t.r", "aws_kms_key.k", "desc", "description"));
  ck_assert(has_edge(r, "t.r", "aws_s3_bucket.b[0]", "names", ""));
  ck_assert(has_edge(r, "t.r", "aws_s3_bucket.b[1]", "second", "bucket"));
  ck_assert(!has_edge(r, "t.r", "aws_s3_bucket.b[0]", "second", "bucket"));
  ck_assert(has_edge(r, "t.r", "data.aws_caller_identity.me", "account",
                     "account_id"));
  ck_assert(has_edge(r, "t.r", "aws_kms_key.k", "depends_on", ""));
  /* meta-arguments are not attributes */
  ck_assert_ptr_null(mls_value_get(res(r, t)->body, "depends_on"));
  run_free(r);
}
END_TEST

/* ---- bounds ------------------------------------------------------------ */

START_TEST(eval_tf_eval__bounds)
{
  mls_buf b = MLS_BUF_INIT(1 << 22);
  run *r;

  /* count past MLS_MAX_EXPANSION: one representative and a diagnostic */
  r = run_tf("resource \"t\" \"r\" {\n  count = 1000000000\n  x = 1\n}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_eq(r->m->nresources, 1);
  ck_assert(has_res(r, "t.r[*]"));
  ck_assert(has_diag(r, "one representative instance"));
  run_free(r);

  /* a chain of locals deeper than MLS_MAX_EVAL_DEPTH: unknown, no crash */
  ck_assert_int_eq(mls_buf_puts(&b, "locals {\n  l0 = 1\n"), MLS_OK);
  for (int i = 1; i < 3000; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "  l%d = local.l%d + 1\n", i, i - 1),
                     MLS_OK);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "}\nresource \"t\" \"r\" {\n"
                                    "  x = local.l2999\n  y = local.l10\n}\n"),
                   MLS_OK);
  r = run_tf(b.ptr);
  ck_assert_int_eq(r->rc, MLS_OK);
  assert_unknown(at(r, "t.r", "x"), "error:");
  ck_assert_str_eq(js(r, at(r, "t.r", "y")), "11");
  run_free(r);
  mls_buf_dispose(&b);

  /* nested for expressions past MLS_MAX_EVAL_STEPS: the module fails */
  r = run_tf("locals {\n  a = [for i in range(1000) : i]\n"
             "  b = [for x in local.a : [for y in local.a : [for z in "
             "local.a : x + y + z]]]\n}\n"
             "resource \"t\" \"r\" {\n  x = local.b\n}\n");
  ck_assert(r->rc == MLS_ELIMIT);
  ck_assert_ptr_null(r->m);
  run_free(r);

  /* for_each instances multiply through nested module calls */
  {
    static memfile f[2];
    f[0].path = "main.tf";
    f[0].data = "module \"m\" {\n  source = \"./m\"\n  for_each = "
                "toset([for i in range(1000) : tostring(i)])\n}\n";
    f[1].path = "m/main.tf";
    f[1].data = "resource \"t\" \"r\" {\n  for_each = toset([for i in "
                "range(1000) : tostring(i)])\n}\n";
    r = run_mem(f, 2, NULL);
    ck_assert_int_eq(r->rc, MLS_ELIMIT);
    ck_assert(has_diag(r, "more than"));
    run_free(r);
  }
}
END_TEST

START_TEST(eval_tf_eval__enomem_at_every_allocation)
{
  static memfile f[3] = {
    { "main.tf",
      "variable \"v\" {\n  default = { a = 1 }\n}\n"
      "locals {\n  x = \"${var.v.a}-x\"\n}\n"
      "module \"m\" {\n  source = \"./m\"\n  n = local.x\n}\n"
      "resource \"aws_s3_bucket\" \"b\" {\n  for_each = var.v\n"
      "  bucket = \"${each.key}-${module.m.out}\"\n"
      "  policy = jsonencode({ Statement = [{ Action = \"s3:*\" }] })\n"
      "  dynamic \"rule\" {\n    for_each = [1]\n"
      "    content {\n      n = rule.value\n    }\n  }\n}\n" },
    { "m/main.tf", "variable \"n\" {}\noutput \"out\" {\n  value = var.n\n}\n"
                   "resource \"t\" \"r\" {\n  x = [for i in [1, 2] : i]\n}\n" },
    { "terraform.tfvars", "v = { a = 2 }\n" },
  };
  unsigned long clean;
  run *r;

  /* Count the allocations of one clean evaluation, then fail each. */
  mls_alloc_fail_after(-1); /* also resets the count */
  r = run_mem(f, 3, NULL);
  clean = mls_alloc_count();
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_gt(clean, 20);
  run_free(r);
  for (unsigned long i = 0; i < clean; i++) {
    tf_source src;
    static memsrc ms;
    tf_loader *ld = NULL;
    mls_model *m = NULL;
    mls_diag d = MLS_DIAG_INIT;
    int rc;
    ms.files = f;
    ms.n = 3;
    memset(&src, 0, sizeof(src)); /* members not set here stay NULL */
    src.list = mem_list;
    src.read = mem_read;
    src.payload = &ms;
    mls_alloc_fail_after((long)i);
    rc = tf_loader_new(&ld, &src);
    if (rc == MLS_OK) {
      rc = tf_eval_root(&m, ld, "", NULL, &d);
    }
    mls_alloc_fail_after(-1);
    ck_assert_msg(rc == MLS_OK || rc == MLS_ENOMEM || rc == MLS_EINPUT,
                  "allocation %lu: rc %d", i, rc);
    ck_assert(rc == MLS_OK || m == NULL);
    /* A model made despite the failure says so: an error diagnostic,
     * never a silently smaller model. */
    ck_assert_msg(rc != MLS_OK || d.nerrors > 0,
                  "allocation %lu: MLS_OK and no error diagnostic", i);
    mls_model_free(m);
    tf_loader_free(ld);
    mls_diag_dispose(&d);
  }
}
END_TEST

Suite *eval_tf_eval_suite(void)
{
  Suite *s = suite_create("eval_tf_eval");
  TCase *acc = tcase_create("acceptance");
  TCase *expr = tcase_create("expressions");
  TCase *lim = tcase_create("bounds");

  tcase_add_test(acc, eval_tf_eval__variable_default_in_another_file);
  tcase_add_test(acc, eval_tf_eval__tfvars_precedence);
  tcase_add_test(acc, eval_tf_eval__env_flips_a_conditional);
  tcase_add_test(acc, eval_tf_eval__module_called_twice);
  tcase_add_test(acc, eval_tf_eval__reads_outside_are_noted);
  tcase_add_test(acc, eval_tf_eval__module_count_for_each_nesting_and_cycles);
  tcase_add_test(acc, eval_tf_eval__remote_module_is_unknown);
  tcase_add_test(acc, eval_tf_eval__for_each_map_keyed_addresses);
  tcase_add_test(acc, eval_tf_eval__unknown_count_gives_one_representative);
  tcase_add_test(acc, eval_tf_eval__dynamic_block);
  tcase_add_test(acc, eval_tf_eval__dynamic_block_unknown_for_each);
  tcase_add_test(acc, eval_tf_eval__iam_policy_jsonencode);
  tcase_add_test(acc, eval_tf_eval__module_argument_and_output_errors);
  tcase_add_test(acc, eval_tf_eval__iam_policy_heredoc);
  tcase_add_test(acc, eval_tf_eval__policy_document_data_source);
  tcase_add_test(acc, eval_tf_eval__managed_policy_by_name);
  tcase_add_test(acc, eval_tf_eval__managed_kms_lookup);
  tcase_add_test(acc, eval_tf_eval__each_value_edges);
  tcase_add_test(acc, eval_tf_eval__list_item_edges);
  tcase_add_test(acc, eval_tf_eval__broken_block_not_evaluated);
  tcase_add_test(acc, eval_tf_eval__module_argument_not_declared);
  tcase_add_test(acc, eval_tf_eval__block_argument_not_expected);
  tcase_add_test(acc, eval_tf_eval__partition_template);
  tcase_add_test(acc, eval_tf_eval__override_files);
  tcase_add_test(acc, eval_tf_eval__duplicate_declarations_first_wins);
  tcase_add_test(acc, eval_tf_eval__only_wanted_bodies);
  tcase_add_test(acc, eval_tf_eval__first_use_in_try_keeps_diagnostics);
  tcase_add_test(acc, eval_tf_eval__tf_json_module);
  tcase_add_test(acc, eval_tf_eval__path_arithmetic);
  tcase_add_test(acc, eval_tf_eval__opentofu_files);
  tcase_add_test(acc, eval_tf_eval__init_manifest);
  tcase_add_test(acc, eval_tf_eval__loader_merges_overrides_once);
  tcase_add_test(acc, eval_tf_eval__root_modules);
  tcase_add_test(lim, eval_tf_eval__cycle_without_root_is_a_root);
  tcase_add_test(acc, eval_tf_eval__no_configuration);
  suite_add_tcase(s, acc);

  tcase_add_test(expr, eval_tf_eval__templates_and_operators);
  tcase_add_test(expr, eval_tf_eval__collections_for_and_splat);
  tcase_add_test(expr, eval_tf_eval__errors_are_unknown_values);
  tcase_add_test(expr, eval_tf_eval__resource_prefix);
  tcase_add_test(expr, eval_tf_eval__aws_fixed_forms);
  tcase_add_test(expr, eval_tf_eval__undeployed_root_note);
  tcase_add_test(expr, eval_tf_eval__types_and_sensitive);
  tcase_add_test(expr, eval_tf_eval__unknown_string_prefix);
  tcase_add_test(expr, eval_tf_eval__unknown_string_suffix);
  tcase_add_test(expr, eval_tf_eval__unknown_not_null);
  tcase_add_test(expr, eval_tf_eval__computed_arn_is_an_arn);
  tcase_add_test(expr, eval_tf_eval__references_and_edges);
  tcase_add_test(expr, eval_tf_eval__computed_attributes);
  tcase_add_test(expr, eval_tf_eval__depends_on_static);
  tcase_add_test(expr, eval_tf_eval__count_not_a_number);
  suite_add_tcase(s, expr);

  tcase_set_timeout(lim, 60);
  tcase_add_checked_fixture(lim, NULL, mls_test_alloc_reset);
  tcase_add_test(lim, eval_tf_eval__bounds);
  tcase_add_test(lim, eval_tf_eval__enomem_at_every_allocation);
  suite_add_tcase(s, lim);
  return s;
}
