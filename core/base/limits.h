/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/limits.h -- every bound mlsweep puts on untrusted input.
 *
 * Each entry says what it bounds, why the number was chosen and what happens
 * when it is hit (SQLite src/sqliteLimit.h). Hitting one fails that file or
 * module with an MLS_ELIMIT diagnostic; the sweep goes on. Nothing outside
 * this header hard-codes an input bound.
 */
#ifndef MLS_BASE_LIMITS_H
#define MLS_BASE_LIMITS_H

/* Depth of any nesting: HCL blocks and expressions, JSON, YAML, rule
 * conditions. Chosen so 256 frames of the deepest recursive function (the
 * HCL expression parser uses about 10 frames per nesting level, under 300
 * bytes each) fit the 8 MB worker stack with room to spare, while real
 * Terraform rarely nests past 20. Deeper input: MLS_ELIMIT, the rest of the
 * construct is skipped by bracket matching, the file keeps what was parsed. */
#define MLS_MAX_NESTING 256

/* Size of one IaC file (blob or file on disk). The largest hand-written
 * Terraform in the shared corpus is 140 KB and CDK output rarely passes
 * 2 MB; 8 MB leaves room for generated code while keeping one file's arena
 * bounded. Larger: the file is skipped with a diagnostic. */
#define MLS_MAX_BLOB_BYTES (8u << 20)

/* Tokens the HCL lexer produces for one file. A file of MLS_MAX_BLOB_BYTES
 * of one-byte tokens would produce 8M; real files average one token per
 * 5 bytes. Past this bound the file fails with MLS_ELIMIT. */
#define MLS_MAX_TOKENS (4u << 20)

/* One decoded string literal, template literal or heredoc. A 10 MB string is
 * hostile; policies and user-data scripts in real modules stay under 64 KB.
 * Larger: MLS_ELIMIT at the string's opening quote. */
#define MLS_MAX_STRING_BYTES (1u << 20)

/* Bytes of one string a Terraform function builds (join, replace, format,
 * jsonencode, base64encode of a file, ...). file() may return a whole
 * MLS_MAX_BLOB_BYTES file and base64 grows it by a third, so twice the blob
 * bound leaves room for honest use; longer results come from amplification
 * (replace() of "" or formatlist() over a long list). Longer: the call
 * gives an unknown value and an MLS_ELIMIT diagnostic. */
#define MLS_MAX_FUNC_STRING_BYTES (2u * MLS_MAX_BLOB_BYTES)

/* Attributes plus blocks in one HCL body, and items in one tuple, object or
 * argument list. The largest real body in the corpus has 300 attributes;
 * 100k is far above that and still keeps pointer arrays under 1 MB.
 * More: MLS_ELIMIT, the rest of the body is skipped. */
#define MLS_MAX_BODY_ITEMS 100000u

/* Nodes materialised through YAML aliases (billion laughs). CloudFormation
 * itself rejects aliases; real templates that use them expand to a few
 * hundred nodes. More: MLS_ELIMIT for the template. */
#define MLS_MAX_YAML_ALIAS_NODES 10000

/* Nodes reached through aliases and merge keys in one yamldecode() call.
 * Terraform configurations merge shared defaults into every entry
 * (`<<: *defaults` over hundreds of services of dozens of keys: 15,000
 * nodes), far more than a template's aliases. The value shares what an
 * alias names, but whatever reads it later walks every path, so the count
 * is the size of the value written out; a merge copies the entries, and
 * 200k of them stay well inside the evaluation's arena (MLS_ARENA_CAP_BYTES).
 * More: the call is unknown, with MLS_ELIMIT. */
#define MLS_MAX_YAMLDECODE_ALIAS_NODES 200000u

/* Digits of one YAML 1.1 integer written in base 2, 8, 16 or 60 (0x...,
 * 0755, 1:30). Printing one in decimal takes time quadratic in its length;
 * templates hold numbers of a few digits, and 1000 digits is far past any
 * number CloudFormation reads. Longer: MLS_ELIMIT, the value stays text. */
#define MLS_MAX_RADIX_DIGITS 1000

/* Findings kept for one file; the rest are counted only, so a generated
 * file cannot flood SARIF past GitHub's per-run result limits. */
#define MLS_MAX_FINDINGS_PER_FILE 1000

/* Diagnostics kept for one job; the rest are counted only. A binary file
 * fed to the HCL parser could otherwise produce one per byte. A
 * repository's report keeps as many, the first in sorted order. */
#define MLS_MAX_DIAGS_PER_JOB 100

/* Past MLS_MAX_DIAGS_PER_JOB, the first entry of each path and severity is
 * still kept, up to this many entries in all: every file that did not
 * parse, was skipped or could not be read is named in every output (a
 * repository of 150 broken files shows 150, not 100), while a binary
 * file's thousand errors stay one. The rest are counted only. */
#define MLS_MAX_DIAGS_KEPT 20000

/* Bytes one file's arena may hold: the syntax tree of the largest allowed
 * blob is about 6x its size. More: MLS_ENOMEM for that file. */
#define MLS_ARENA_CAP_BYTES (64u << 20)

/* Length of one diagnostic message after formatting; longer text is
 * truncated, never an error. */
#define MLS_MAX_DIAG_MESSAGE 512

/* Directory depth in one repository: Git trees and work trees (core/git),
 * and directories searched for repositories in an org mirror. The walks
 * use explicit stacks, so this bounds hostile trees (a commit can nest
 * thousands of trees in a few kilobytes), not the C stack; real
 * repositories stay under 20 levels and Terraform module paths under 10.
 * Deeper: that directory is skipped with a warning, the walk goes on. */
#define MLS_MAX_TREE_DEPTH 128

/* Bytes of one path: a repository-relative path built by a walk, a target
 * named on the command line or in a targets file. PATH_MAX on Linux is
 * 4096, so a longer path could not be checked out there, and no real
 * repository comes near it. Longer: that entry or target is skipped with a
 * diagnostic. */
#define MLS_MAX_PATH_BYTES 4096

/* Pack files libgit2 keeps open at once, over every repository of the
 * process (GIT_OPT_SET_MWINDOW_FILE_LIMIT; libgit2's default, 0, means no
 * limit). An org sweep opens thousands of repositories of one or more packs
 * each, and the common soft RLIMIT_NOFILE is 1024: 128 leaves the rest for
 * LMDB, outputs and --worktree reads, and is still more packs than 64
 * workers touch at once. Past it libgit2 closes the least recently used
 * pack; nothing fails. */
#define MLS_GIT_MAX_OPEN_PACKS 128

/* Instances one `count` or `for_each` may expand a resource, data source or
 * module call to, and blocks one `dynamic` block may produce. Real modules
 * expand over availability zones, subnets or buckets (a few dozen); a
 * thousand leaves room for generated configurations while keeping a
 * hostile `count = 1e9` from allocating. More: the block is evaluated as one
 * representative instance with unknown keys, and a diagnostic says so. */
#define MLS_MAX_EXPANSION 1024

/* Resource, data and module instances one root module evaluation may
 * create, over every nested module call. Nested for_each calls multiply
 * (1024 x 1024 ...); the largest root module in the shared corpus creates
 * under 2,000. More: the evaluation fails with MLS_ELIMIT. */
#define MLS_MAX_INSTANCES 50000u

/* Depth of nested local module calls. Terraform has no bound; real module
 * trees nest three or four deep. A module that calls itself is caught as a
 * cycle before this. Deeper: the call's outputs are unknown, a diagnostic. */
#define MLS_MAX_MODULE_DEPTH 32

/* Nested evaluation frames: expressions inside expressions, and locals,
 * outputs and variables that refer to each other in a chain. Parsed
 * expressions nest at most MLS_MAX_NESTING deep; four times that allows
 * chains through a few hundred locals. One frame of the evaluator uses well
 * under 2 KB, so 1024 frames fit the 8 MB worker stack. Deeper: that value
 * is unknown, with a diagnostic. */
#define MLS_MAX_EVAL_DEPTH 1024

/* Expression nodes one root module evaluation may visit. The largest module
 * in the corpus needs under 200,000; 20 million is a few seconds of work.
 * It bounds for expressions over ranges nested inside each other. More: the
 * evaluation fails with MLS_ELIMIT. */
#define MLS_MAX_EVAL_STEPS 20000000u

/* Size of the cache's LMDB memory map, the most the cache file can grow to.
 * It is address space, not memory: pages are read in on demand and the file
 * is sparse. 8 GiB holds file models for millions of IaC files; a full map
 * makes a flush fail (a diagnostic, that batch is not stored) until
 * `mlsweep cache gc` frees pages. 64-bit hosts only. */
#define MLS_CACHE_MAP_BYTES ((size_t)8 << 30)

/* Largest value stored in the cache: one file model or result set. Bigger
 * values are recomputed every sweep instead (counted as skipped puts); the
 * decoder also rejects any entry claiming more. */
#define MLS_CACHE_MAX_VALUE_BYTES ((size_t)64 << 20)

/* Bytes of puts queued between two flushes. The writer thread flushes far
 * more often; this only bounds memory if it falls behind. Past it, puts are
 * skipped (counted), nothing fails. */
#define MLS_CACHE_QUEUE_BYTES ((size_t)256 << 20)

/* Bytes of values the cache keeps in memory from this sweep's own puts,
 * so that a later lookup of the same key -- a fork, a template repository,
 * a vendored module in another repository -- is a hit before the writer
 * has committed it, or when a read transaction began earlier. Values over
 * a quarter of it are not kept; the oldest go first. */
#define MLS_CACHE_MEMO_BYTES ((size_t)16 << 20)

/* Reader slots in the LMDB lock file: one per live read transaction across
 * every process sharing the cache dir (workers x concurrent sweeps). Past
 * it cache_read_begin() fails and that job runs uncached. */
#define MLS_CACHE_MAX_READERS 1024u

/* Bytes of one repository's results (messages, paths, snippets of every
 * result) and of its file index. A monorepo of 20k IaC files with a
 * finding on every resource stays under 64 MB; four times that bounds
 * what a hostile repository can make one report hold. More: the results
 * past the bound are dropped and the repository gets an MLS_ELIMIT
 * diagnostic. */
#define MLS_MAX_REPORT_BYTES (256u << 20)

/* Bytes of one rule file (built-in, --rules, .mlsweep.yaml rules:). The
 * largest rule of the library is a few kilobytes; 1 MB is far above it and
 * keeps a hostile rule pack from pinning memory. Larger: the file is not
 * loaded, a diagnostic says so. */
#define MLS_MAX_RULE_BYTES (1u << 20)

/* YAML nodes of one rule file. A rule with a large condition tree has a
 * few hundred; 50k bounds the time a hostile file takes to check. More:
 * MLS_ELIMIT for that file. */
#define MLS_MAX_RULE_NODES 50000u

/* Bytes of one regex in a rule. regcomp's time and memory grow with the
 * pattern (and worse with repetition counts); most rule patterns are under
 * 200 bytes, the longest built-in ones (port ranges written as text, e.g.
 * "8000-9000" containing 8888, in the firewall rules) about 1.8 KB.
 * Longer: the rule is rejected with a diagnostic. */
#define MLS_MAX_RULE_REGEX_BYTES 4096u

/* Items a rule's path may visit in one resource ([*] over lists of lists).
 * A resource of MLS_MAX_BODY_ITEMS attributes visited through two nested
 * [*] could reach billions; real policies visit a few hundred. More: the
 * leaf is unknown, with a diagnostic. */
#define MLS_MAX_RULE_VISITS 100000u

/* Bytes of one .mlsweep.yaml (core/rules/config.h). A real configuration
 * is a screenful; 256 KB leaves room for long disable lists with reasons
 * and keeps a repository's hostile file small. Larger: not loaded, with a
 * diagnostic. */
#define MLS_MAX_CONFIG_BYTES (256u << 10)

/* Entries of one list in .mlsweep.yaml (enable, disable, severity, rules,
 * var_files, exclude). More: the file is rejected with a diagnostic. */
#define MLS_MAX_CONFIG_ENTRIES 10000u

/* Findings in one --baseline file (sarif/baseline.h). An org with a large
 * backlog has tens of thousands; a million bounds memory at about 100 MB.
 * More: the baseline is rejected. */
#define MLS_MAX_BASELINE_ENTRIES 1000000u

/* Bytes of one --baseline file. */
#define MLS_MAX_BASELINE_BYTES (256u << 20)

#endif
