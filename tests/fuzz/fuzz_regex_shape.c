/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_regex_shape.c -- libFuzzer target for a regex of a
 * shape (core/rules/regex_shape.c).
 *
 * Each input is a pattern, a line break and a shape: text in which '#'
 * stands for 12 digits, '@' for 9 to 16 of [a-z0-9-], '*' for 0 to 3 of
 * [a-z] and '+' for one or more digits. Checks that rule__regex_shape()
 * ends on any input and, for a pattern regcomp accepts, that what it
 * decides holds for strings of the shape: 1, regexec matches each; 0, none.
 * A violation traps.
 */
#include "core/rules/rules_int.h"

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

static uint8_t digits[32], region[32], lower[32];

static void fill(uint8_t *s, const char *members)
{
  memset(s, 0, 32);
  for (const char *p = members; *p; p++) {
    s[(unsigned char)*p >> 3] |= (uint8_t)(1u << ((unsigned char)*p & 7));
  }
}

/* One string of the shape, its runs filled from seed. */
static size_t sample(const char *spec, size_t n, unsigned seed, char *out)
{
  static const char *const regions[] = { "us-east-1", "cn-northwest-1",
                                         "aaaaaaaaaaaaaaaa", "9--------" };
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned r = seed = seed * 1103515245u + 12345u;
    switch (spec[i]) {
    case '#':
      for (int k = 0; k < 12; k++) {
        out[o++] = (char)('0' + (r >> (k % 8)) % 10);
      }
      break;
    case '@': {
      const char *g = regions[(r >> 8) % 4];
      memcpy(out + o, g, strlen(g));
      o += strlen(g);
      break;
    }
    case '*':
      for (unsigned k = 0; k < (r >> 4) % 4; k++) {
        out[o++] = (char)('a' + (r >> k) % 26);
      }
      break;
    case '+':
      for (unsigned k = 0; k < 1 + (r >> 4) % 5; k++) {
        out[o++] = (char)('0' + (r >> k) % 10);
      }
      break;
    default:
      out[o++] = spec[i];
    }
  }
  out[o] = '\0';
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char pat[512], spec[64], buf[64 * 16 + 1];
  const uint8_t *nl = memchr(data, '\n', size);
  size_t plen = nl ? (size_t)(nl - data) : size, slen, n = 0;
  rule_shape_seg segs[64];
  regex_t re;
  int r;

  if (!nl || plen >= sizeof(pat) || memchr(data, '\0', size)) {
    return 0;
  }
  memcpy(pat, data, plen);
  pat[plen] = '\0';
  slen = size - plen - 1;
  slen = slen < sizeof(spec) ? slen : sizeof(spec);
  memcpy(spec, nl + 1, slen);
  fill(digits, "0123456789");
  fill(region, "abcdefghijklmnopqrstuvwxyz0123456789-");
  fill(lower, "abcdefghijklmnopqrstuvwxyz");
  for (size_t i = 0; i < slen;) {
    rule_shape_seg *g = &segs[n++];
    memset(g, 0, sizeof(*g));
    if (strchr("#@*+", spec[i])) {
      char c = spec[i++];
      g->set = c == '#'   ? digits
               : c == '@' ? region
               : c == '*' ? lower
                          : digits;
      g->min = c == '#' ? 12 : c == '@' ? 9 : c == '*' ? 0 : 1;
      g->max = c == '#' ? 12 : c == '@' ? 16 : c == '*' ? 3 : UINT32_MAX;
      continue;
    }
    g->lit = spec + i;
    while (i < slen && !strchr("#@*+", spec[i])) {
      i++;
    }
    g->len = (size_t)(spec + i - g->lit);
  }
  if (n == 0) {
    return 0;
  }
  r = rule__regex_shape(pat, plen, false, segs, n);
  if (r < 0) {
    return 0;
  }
  /* Stacked quantifiers (a+++) and large intervals take glibc's regcomp
   * exponential time: the oracle is left out for them, the shape's
   * answer was still made. */
  for (size_t i = 0; i + 1 < plen; i++) {
    if ((strchr("*+?}", pat[i]) && strchr("*+?{", pat[i + 1])) ||
        (pat[i] == '{' && pat[i + 1] >= '5' && pat[i + 1] <= '9') ||
        (pat[i] == '{' && i + 2 < plen && pat[i + 1] >= '0' &&
         pat[i + 1] <= '9' && pat[i + 2] >= '0' && pat[i + 2] <= '9')) {
      return 0;
    }
  }
  if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
    return 0;
  }
  for (unsigned k = 0; k < 32; k++) {
    sample(spec, slen, k, buf);
    check((regexec(&re, buf, 0, NULL, 0) == 0) == (r == 1));
  }
  regfree(&re);
  return 0;
}
