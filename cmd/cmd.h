/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd.h -- subcommands of the mlsweep binary and its exit codes.
 *
 * Stage: argv -> work -> exit code. cmd/main.c picks the subcommand from
 * argv[1] and calls its cmd_<name>() with the arguments from the
 * subcommand's name on: argv[0] is the name ("parse"), argv[1..argc) its
 * arguments, argv[argc] is NULL, as git's builtins receive them. A
 * subcommand returns one of the MLS_EXIT_* codes; main() returns it as the
 * process status. Subcommands write results to stdout and diagnostics to
 * stderr.
 */
#ifndef MLS_CMD_H
#define MLS_CMD_H

/* Process exit codes (DESIGN.md "Outputs"). */
enum {
  MLS_EXIT_OK = 0,       /* clean: nothing at or above --fail-on */
  MLS_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
  MLS_EXIT_USAGE = 2     /* usage error or fatal error */
};

/* `mlsweep parse`: parse IaC files and print their syntax trees or
 * statistics (cmd/cmd_parse.c). */
int cmd_parse(int argc, char **argv);

/* `mlsweep inspect`: evaluate a Terraform module and print its resource
 * model as JSON (cmd/cmd_inspect.c). */
int cmd_inspect(int argc, char **argv);

/* `mlsweep cache stats|clear|gc`: inspect or prune the content cache
 * (cmd/cmd_cache.c). */
int cmd_cache(int argc, char **argv);

/* `mlsweep rules list|show|test`: the rule library and its fixtures
 * (cmd/cmd_rules.c). */
int cmd_rules(int argc, char **argv);
/* `mlsweep rules docs OUTDIR` over a compiled set (cmd/cmd_rules_docs.c).
 * Returns an exit status. */
typedef struct rule_set rule_set;
int cmd__rules_docs(const rule_set *rs, const char *outdir);

/* `mlsweep scan`: sweep targets, write results, SARIF and statistics
 * (cmd/cmd_scan.c). */
int cmd_scan(int argc, char **argv);
/* cmd_scan(), or with `baseline_out` the scan behind `mlsweep baseline
 * create`: write the failing findings there, no default text output, exit
 * 0 whatever was found. */
int cmd_scan_run(int argc, char **argv, const char *baseline_out);

/* `mlsweep baseline create [scan options] --output FILE`
 * (cmd/cmd_baseline.c). */
int cmd_baseline(int argc, char **argv);

/* `mlsweep merge OUT_DIR SHARD_DIR...`: combine the outputs of sharded
 * runs (cmd/cmd_merge.c). */
int cmd_merge(int argc, char **argv);

/* Read the whole file at path into an owned, NUL-terminated buffer
 * (mls_free): MLS_EIO when it cannot be read, MLS_ELIMIT past
 * MLS_MAX_BLOB_BYTES, MLS_ENOMEM (cmd/util.c). */
#include <stddef.h>
int cmd_read_whole(const char *path, char **out, size_t *len);

#include "core/eval/tf_eval.h"

#include <stdarg.h>
#include <stdbool.h>

/* The value of option `name` at argv[*i], which the caller has matched
 * (cmd_is_opt, or a short alias such as -j): the text after "name=", or
 * the next argument (*i advances). NULL, after "mlsweep CMD: NAME needs a
 * value" on stderr, when there is none (cmd/util.c). */
const char *cmd_opt_value(const char *cmd, int argc, char **argv, int *i,
                          const char *name);
/* Whether argument a is option `name`, alone or as "name=value". */
bool cmd_is_opt(const char *a, const char *name);
/* argv[*i] is --var-file or --var (scan and inspect take both): read its
 * value (*i advances past a separate one) and append it to *cli, in the
 * order given; a --var-file's bytes are read whole and kept in *files
 * (owned by the caller, like *cli). MLS_EINPUT after a message on stderr
 * naming `cmd` (no value, unreadable file, a --var without '='),
 * MLS_ENOMEM. */
int cmd_var_option(const char *cmd, int argc, char **argv, int *i,
                   tf_cli_var **cli, size_t *ncli, char ***files,
                   size_t *nfiles);

/* mkdir -p: `dir` and its missing parents (mode 0777 less the umask), as
 * --sarif-dir, --out-dir and merge's OUT_DIR make them. MLS_EIO when one
 * cannot be made or is not a directory (cmd/util.c). */
int cmd_mkdir_p(const char *dir);

/* printf to stderr, with every control character of the result but a
 * last newline printed as '?': a line naming what a repository holds (a
 * file name, a key of its configuration) cannot move the terminal's
 * cursor or print a line of its own. */
void cmd_eprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_veprint(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
/* The same for a line already formatted into s[0..n) (in place). */
void cmd_clean_line(char *s, size_t n);

#endif
