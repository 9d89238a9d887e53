/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_regex_end.c -- libFuzzer target for the pattern of a
 * regex's ends (core/rules/regex_end.c).
 *
 * Each input is a pattern, as a rule file could give it. Checks what
 * rule__regex_suffix relies on: no crash or unbounded work on any text,
 * and for a pattern regcomp accepts, a built pattern that regcomp accepts
 * too and that matches the empty string and, when the pattern matches the
 * input's tail text whole, that text. A violation traps.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char pat[512], subj[128];
  const uint8_t *nl = memchr(data, '\n', size);
  size_t plen = nl ? (size_t)(nl - data) : size, slen = 0;
  char *out = NULL;
  regex_t re, end;

  /* The pattern, then after a line break a subject for it. */
  if (plen >= sizeof(pat) || memchr(data, '\0', plen)) {
    return 0;
  }
  memcpy(pat, data, plen);
  pat[plen] = '\0';
  if (nl) {
    slen = size - plen - 1;
    slen = slen < sizeof(subj) - 1 ? slen : sizeof(subj) - 1;
    memcpy(subj, nl + 1, slen);
    if (memchr(subj, '\0', slen)) {
      slen = 0;
    }
  }
  subj[slen] = '\0';
  if (rule__regex_end_pattern(pat, plen, &out) != MLS_OK || !out) {
    return 0;
  }
  if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) == 0) {
    check(regcomp(&end, out, REG_EXTENDED | REG_NOSUB) == 0);
    check(regexec(&end, "", 0, NULL, 0) == 0);
    /* A string the pattern matches whole (it is $-anchored, and ^ at
     * most leads) is an end of itself. */
    if (regexec(&re, subj, 0, NULL, 0) == 0 && pat[0] == '^') {
      check(regexec(&end, subj, 0, NULL, 0) == 0);
    }
    regfree(&end);
    regfree(&re);
  }
  mls_free(out);
  return 0;
}
