/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/util.c -- small helpers the subcommands share.
 *
 * Stage: argv -> work. Reads files named on the command line (variable
 * files, parameters files, previous statistics), capped at
 * MLS_MAX_BLOB_BYTES like every other input.
 */
#include "cmd/cmd.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int cmd_read_whole(const char *path, char **out, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  *out = NULL;
  *len = 0;
  if (!f) {
    return MLS_EIO;
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 4096;
      char *nb;
      if (ncap > (size_t)MLS_MAX_BLOB_BYTES + 1) {
        ncap = (size_t)MLS_MAX_BLOB_BYTES + 1;
      }
      if (ncap == cap) {
        mls_free(buf);
        fclose(f);
        return MLS_ELIMIT;
      }
      if (!(nb = mls_realloc(buf, ncap + 1))) {
        mls_free(buf);
        fclose(f);
        return MLS_ENOMEM;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      break;
    }
  }
  if (ferror(f)) {
    mls_free(buf);
    fclose(f);
    return MLS_EIO;
  }
  fclose(f);
  if (!buf && !(buf = mls_malloc(1))) {
    return MLS_ENOMEM;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return MLS_OK;
}

const char *cmd_opt_value(const char *cmd, int argc, char **argv, int *i,
                          const char *name)
{
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
    return argv[*i] + n + 1;
  }
  if (*i + 1 >= argc) {
    fprintf(stderr, "mlsweep %s: %s needs a value\n", cmd, name);
    return NULL;
  }
  return argv[++*i];
}

bool cmd_is_opt(const char *a, const char *name)
{
  size_t n = strlen(name);
  return strcmp(a, name) == 0 || (strncmp(a, name, n) == 0 && a[n] == '=');
}

static int push_cli(tf_cli_var **v, size_t *n, const char *file,
                    const char *data, size_t len)
{
  tf_cli_var *nv = mls_realloc(*v, (*n + 1) * sizeof(*nv));
  if (!nv) {
    return MLS_ENOMEM;
  }
  *v = nv;
  nv[*n].file = file;
  nv[*n].data = data;
  nv[*n].len = len;
  (*n)++;
  return MLS_OK;
}

int cmd_var_option(const char *cmd, int argc, char **argv, int *i,
                   tf_cli_var **cli, size_t *ncli, char ***files,
                   size_t *nfiles)
{
  const char *a = argv[*i], *v;
  if (cmd_is_opt(a, "--var-file")) {
    char *data, **nf;
    size_t len;
    int rc;
    if (!(v = cmd_opt_value(cmd, argc, argv, i, "--var-file"))) {
      return MLS_EINPUT;
    }
    if ((rc = cmd_read_whole(v, &data, &len)) < 0) {
      fprintf(stderr, "mlsweep %s: %s: %s\n", cmd, v,
              rc == MLS_ELIMIT ? "file too large" : "cannot read");
      return MLS_EINPUT;
    }
    if (!(nf = mls_realloc(*files, (*nfiles + 1) * sizeof(*nf)))) {
      mls_free(data);
      return MLS_ENOMEM;
    }
    *files = nf;
    (*files)[(*nfiles)++] = data;
    return push_cli(cli, ncli, v, data, len);
  }
  if (!(v = cmd_opt_value(cmd, argc, argv, i, "--var"))) {
    return MLS_EINPUT;
  }
  if (!strchr(v, '=')) {
    fprintf(stderr, "mlsweep %s: --var wants NAME=VALUE, not '%s'\n", cmd, v);
    return MLS_EINPUT;
  }
  return push_cli(cli, ncli, NULL, v, strlen(v));
}

int cmd_mkdir_p(const char *dir)
{
  char buf[MLS_MAX_PATH_BYTES];
  size_t n = strlen(dir);
  struct stat st;

  if (n == 0 || n >= sizeof(buf)) {
    return MLS_EIO;
  }
  memcpy(buf, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
        return MLS_EIO;
      }
      buf[i] = c;
    }
  }
  return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? MLS_OK : MLS_EIO;
}

void cmd_clean_line(char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && !(c == '\n' && i + 1 == n)) || c == 0x7f) {
      s[i] = '?';
    }
  }
}

void cmd_veprint(const char *fmt, va_list ap)
{
  char small[512], *buf = small;
  va_list again;
  int len;

  va_copy(again, ap);
  len = vsnprintf(small, sizeof(small), fmt, ap);
  if (len >= 0 && (size_t)len >= sizeof(small)) {
    if ((buf = mls_malloc((size_t)len + 1)) != NULL) {
      vsnprintf(buf, (size_t)len + 1, fmt, again);
    } else { /* no memory: the first part of the line, cleaned */
      buf = small;
      len = (int)strlen(small);
    }
  }
  va_end(again);
  if (len < 0) {
    return;
  }
  cmd_clean_line(buf, (size_t)len);
  fputs(buf, stderr);
  if (buf != small) {
    mls_free(buf);
  }
}

void cmd_eprint(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  cmd_veprint(fmt, ap);
  va_end(ap);
}
