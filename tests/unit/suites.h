/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/suites.h -- every Check suite of the mls_unit runner, one line
 * each (libuv test/test-list.h).
 *
 * Each line names the function `Suite *<name>(void)` that one test file
 * defines (tests/unit/parsers/hcl/test_lexer.c: hcl_lexer_suite), and
 * CK_RUN_SUITE=<name> selects it. tests/CMakeLists.txt reads the lines that
 * start with MLS_SUITE( to register one ctest per suite, so keep exactly one
 * entry per line, at the start of the line. Included without MLS_SUITE
 * defined (by tests/unit/test_util.h) it declares the functions; the runner
 * defines MLS_SUITE to build its table.
 */
#ifndef MLS_SUITE
#define MLS_SUITE(name) Suite *name(void);
#define MLS_SUITES_DECLARE_ONLY
#endif

/* core/base */
MLS_SUITE(base_alloc_suite)
MLS_SUITE(base_arena_suite)
MLS_SUITE(base_ascii_suite)
MLS_SUITE(base_buf_suite)
MLS_SUITE(base_diag_suite)
MLS_SUITE(base_sha1_suite)
MLS_SUITE(base_cpus_suite)
MLS_SUITE(base_utf8_suite)

/* core/model */
MLS_SUITE(model_model_suite)

/* core/git */
MLS_SUITE(repo_repo_suite)
MLS_SUITE(repo_peek_suite)
MLS_SUITE(repo_odb_suite)
MLS_SUITE(repo_target_suite)
MLS_SUITE(walk_walk_suite)

/* core/engine */
MLS_SUITE(engine_listing_suite)
MLS_SUITE(engine_pool_suite)
MLS_SUITE(engine_report_suite)
MLS_SUITE(engine_sweep_suite)

/* cache */
MLS_SUITE(cache_cache_suite)

/* sarif */
MLS_SUITE(sarif_ident_suite)
MLS_SUITE(sarif_stats_suite)
MLS_SUITE(sarif_spool_suite)

/* parsers/hcl */
MLS_SUITE(hcl_dump_suite)
MLS_SUITE(hcl_json_suite)
MLS_SUITE(hcl_lexer_suite)
MLS_SUITE(hcl_number_suite)
MLS_SUITE(hcl_parser_suite)

/* parsers/cfn */
MLS_SUITE(cfn_dump_suite)
MLS_SUITE(cfn_json_suite)
MLS_SUITE(cfn_template_suite)
MLS_SUITE(cfn_yaml_suite)
MLS_SUITE(cfn_yaml_fast_suite)

/* core/eval */
MLS_SUITE(eval_cfn_eval_suite)
MLS_SUITE(eval_tf_calls_suite)
MLS_SUITE(eval_tf_eval_suite)
MLS_SUITE(eval_tf_fileset_suite)
MLS_SUITE(eval_tf_funcs_suite)
MLS_SUITE(eval_tf_funcs_dec_suite)
MLS_SUITE(eval_tf_funcs_time_suite)
MLS_SUITE(eval_tf_share_suite)

/* core/rules */
MLS_SUITE(rules_checkov_suite)
MLS_SUITE(rules_config_suite)
MLS_SUITE(rules_eval_suite)
MLS_SUITE(rules_lazy_suite)
MLS_SUITE(rules_load_suite)
MLS_SUITE(rules_supp_suite)
MLS_SUITE(rules_ytree_suite)

/* parsers: cross-parser tests */
MLS_SUITE(parsers_pathological_suite)

#ifdef MLS_SUITES_DECLARE_ONLY
#undef MLS_SUITE
#undef MLS_SUITES_DECLARE_ONLY
#endif
