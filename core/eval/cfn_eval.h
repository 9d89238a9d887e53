/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/cfn_eval.h -- CloudFormation evaluation: one loaded template
 * (parsers/cfn/cfn.h) into the resource model of core/model/model.h.
 *
 * Stage: module job (one CFN template is one module). Parameters take
 * their value from an override (a parameters file, then NAME=VALUE pairs,
 * later ones winning) or their Default; Conditions are resolved
 * three-valued (true, false, unknown); every intrinsic function is
 * evaluated statically the way CloudFormation would at change-set time.
 * What CloudFormation itself would know only at deploy time (pseudo
 * parameters not given, resource attributes, imports, availability zones,
 * SSM parameter values) is an unknown value, never a guess. Ref and
 * Fn::GetAtt to a resource (also inside Fn::Sub) add a reference edge.
 * Fn::ForEach loops (AWS::LanguageExtensions) are expanded first.
 * See docs/cfn-eval.md.
 *
 * Memory: the model borrows strings and source text from the template (its
 * arena and its src bytes), so free the model before the template.
 * Overrides are copied. One template and its model belong to one job.
 */
#ifndef MLS_EVAL_CFN_EVAL_H
#define MLS_EVAL_CFN_EVAL_H

#include "core/base/diag.h"
#include "core/model/model.h"
#include "parsers/cfn/cfn.h"

#include <stddef.h>

typedef struct cfneval_opts {
  /* A repository-relative path recorded as the model's one file, and
   * stamped on diagnostics when `diag` has no path. NULL: "". */
  const char *path;
  /* borrowed: the bytes of a parameters file, or NULL. Either shape:
   * [{"ParameterKey": K, "ParameterValue": V}, ...] (aws cloudformation
   * create-stack --parameters file://...) or {"Parameters": {K: V, ...}}
   * (CodePipeline template configuration). JSON or YAML. */
  const char *params_file;
  size_t params_file_len;       /* bytes in params_file */
  const char *params_file_name; /* for diagnostics, or NULL */
  /* borrowed: "NAME=VALUE" overrides (--param), in order; they win over
   * the parameters file, and a later one over an earlier one. A NAME
   * like AWS::Region gives a pseudo parameter its value. */
  const char *const *params;
  size_t nparams;
} cfneval_opts;

#define CFNEVAL_OPTS_INIT                                                      \
  {                                                                            \
    NULL, NULL, 0, NULL, NULL, 0                                               \
  }

/*
 * Evaluate template `t` into a new model: one resource per entry of
 * Resources, in source order (framework MLS_FW_CLOUDFORMATION, type = the
 * Type, address = the logical id, range = the logical-id entry, body = the
 * evaluated Properties, deployed = false when the resource's Condition is
 * false), then one pseudo-resource per Outputs entry (type
 * AWS::CloudFormation::Output, address "Outputs.<name>", body = the
 * evaluated entry but its Condition), and the reference edges.
 *
 * Returns MLS_OK with *out set (owned; free it before `t`), also when
 * parts of the template failed to evaluate: those are warnings in `diag`
 * and unknown values whose why starts with "error:". Returns MLS_EINPUT
 * when `t` has no root mapping or the parameters file cannot be read,
 * MLS_ELIMIT (evaluation steps, nesting, string size, the model arena) or
 * MLS_ENOMEM, with *out NULL and a diagnostic.
 */
int cfneval_template(mls_model **out, const cfn_template *t,
                     const cfneval_opts *opts, mls_diag *diag);

#endif
