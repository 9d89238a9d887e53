/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_net.c -- cidrsubnet, cidrsubnets, cidrhost, cidrnetmask.
 *
 * Stage: evaluation. Network rules read subnet CIDRs, so these follow
 * Terraform exactly: its ipaddr.ParseCIDR (Go 1.16 net, which reads IPv4
 * octets with leading zeros as decimal), go-cidr's SubnetBig/HostBig/
 * PreviousSubnet/NextSubnet, and Go's IP.String (IPv6 with the longest run
 * of two or more zero groups as "::", IPv4-mapped IPv6 printed dotted).
 *
 * Trusts nothing: addresses are parsed by hand with every length checked;
 * arithmetic is on 128-bit values made of two uint64.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/ascii.h"
#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

/* An unsigned 128-bit number; IPv4 addresses use the low 32 bits. */
typedef struct u128 {
  uint64_t hi, lo;
} u128;

/* A parsed network: address (masked), width 32 or 128, prefix length. */
typedef struct ipnet {
  u128 ip;         /* the network address, host bits zero */
  unsigned bits;   /* 32 for an IPv4 address, 128 for IPv6 */
  unsigned prefix; /* 0..bits */
} ipnet;

static u128 u_ones(unsigned n) /* the low n bits set, n <= 128 */
{
  u128 r = { 0, 0 };
  if (n >= 128) {
    r.hi = r.lo = UINT64_MAX;
  } else if (n >= 64) {
    r.lo = UINT64_MAX;
    r.hi = n == 64 ? 0 : (UINT64_MAX >> (128 - n));
  } else {
    r.lo = n == 0 ? 0 : (UINT64_MAX >> (64 - n));
  }
  return r;
}

static u128 u_and(u128 a, u128 b)
{
  u128 r = { a.hi & b.hi, a.lo & b.lo };
  return r;
}

static u128 u_or(u128 a, u128 b)
{
  u128 r = { a.hi | b.hi, a.lo | b.lo };
  return r;
}

static u128 u_not(u128 a)
{
  u128 r = { ~a.hi, ~a.lo };
  return r;
}

static u128 u_shl(u128 a, unsigned n)
{
  u128 r = { 0, 0 };
  if (n >= 128) {
    return r;
  }
  if (n >= 64) {
    r.hi = a.lo << (n - 64);
    return r;
  }
  if (n == 0) {
    return a;
  }
  r.hi = (a.hi << n) | (a.lo >> (64 - n));
  r.lo = a.lo << n;
  return r;
}

static u128 u_add(u128 a, u128 b)
{
  u128 r = { a.hi + b.hi, a.lo + b.lo };
  r.hi += r.lo < a.lo;
  return r;
}

static u128 u_sub(u128 a, u128 b)
{
  u128 r = { a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };
  return r;
}

static bool u_eq(u128 a, u128 b)
{
  return a.hi == b.hi && a.lo == b.lo;
}

static bool u_gt(u128 a, u128 b)
{
  return a.hi > b.hi || (a.hi == b.hi && a.lo > b.lo);
}

static u128 u_from(uint64_t v)
{
  u128 r = { 0, v };
  return r;
}

/* The netmask of prefix p in a bits-wide address. */
static u128 mask_of(unsigned bits, unsigned p)
{
  return u_and(u_not(u_ones(bits - p)), u_ones(bits));
}

/* Go 1.16 parseIPv4: four decimal fields, leading zeros allowed. */
static bool parse_v4(const char *s, size_t n, uint32_t *out)
{
  uint32_t v = 0;
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    unsigned field = 0;
    size_t digits = 0;
    if (part > 0) {
      if (i >= n || s[i] != '.') {
        return false;
      }
      i++;
    }
    while (i < n && mls_isdigit((unsigned char)s[i])) {
      field = field * 10 + (unsigned)(s[i++] - '0');
      if (++digits > 8 || field > 0xFFFFFF) {
        return false;
      }
    }
    if (digits == 0 || field > 255) {
      return false;
    }
    v = v << 8 | field;
  }
  *out = v;
  return i == n;
}

/* Go's parseIPv6: hex groups, one "::", an IPv4 tail. */
static bool parse_v6(const char *s, size_t n, u128 *out)
{
  uint16_t g[8] = { 0 };
  int ng = 0, ellipsis = -1;
  size_t i = 0;

  if (n >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    i = 2;
    if (i == n) {
      goto done;
    }
  }
  while (i < n) {
    unsigned v = 0;
    size_t digits = 0;
    while (i + digits < n && mls_hexval((unsigned char)s[i + digits]) >= 0 &&
           digits < 5) {
      v = v * 16 + (unsigned)mls_hexval((unsigned char)s[i + digits]);
      digits++;
    }
    if (digits == 0 || digits > 4) {
      return false;
    }
    if (i + digits < n && s[i + digits] == '.') {
      /* An IPv4 tail takes two groups and ends the address. */
      uint32_t v4;
      if ((ellipsis < 0 && ng != 6) || ng > 6 || !parse_v4(s + i, n - i, &v4)) {
        return false;
      }
      g[ng++] = (uint16_t)(v4 >> 16);
      g[ng++] = (uint16_t)v4;
      i = n;
      break;
    }
    if (ng >= 8) {
      return false;
    }
    g[ng++] = (uint16_t)v;
    i += digits;
    if (i == n) {
      break;
    }
    if (s[i] != ':' || i + 1 == n) {
      return false;
    }
    i++;
    if (s[i] == ':') {
      if (ellipsis >= 0) {
        return false;
      }
      ellipsis = ng;
      i++;
      if (i == n) {
        break;
      }
    }
  }
done:
  if (ellipsis >= 0) {
    int nmove = ng - ellipsis;
    if (ng >= 8) {
      return false;
    }
    for (int k = nmove - 1; k >= 0; k--) {
      g[8 - nmove + k] = g[ellipsis + k];
    }
    for (int k = ellipsis; k < 8 - nmove; k++) {
      g[k] = 0;
    }
  } else if (ng != 8) {
    return false;
  }
  out->hi =
      (uint64_t)g[0] << 48 | (uint64_t)g[1] << 32 | (uint64_t)g[2] << 16 | g[3];
  out->lo =
      (uint64_t)g[4] << 48 | (uint64_t)g[5] << 32 | (uint64_t)g[6] << 16 | g[7];
  return true;
}

static bool parse_cidr(mls_span s, ipnet *net)
{
  const char *slash = s.len ? memchr(s.ptr, '/', s.len) : NULL;
  size_t alen, i;
  unsigned prefix = 0;
  uint32_t v4;

  if (!slash) {
    return false;
  }
  alen = (size_t)(slash - s.ptr);
  i = alen + 1;
  if (i >= s.len) {
    return false;
  }
  for (; i < s.len; i++) {
    if (!mls_isdigit((unsigned char)s.ptr[i]) || prefix > 1000) {
      return false;
    }
    prefix = prefix * 10 + (unsigned)(s.ptr[i] - '0');
  }
  if (parse_v4(s.ptr, alen, &v4)) {
    net->ip = u_from(v4);
    net->bits = 32;
  } else if (parse_v6(s.ptr, alen, &net->ip)) {
    net->bits = 128;
  } else {
    return false;
  }
  if (prefix > net->bits) {
    return false;
  }
  net->prefix = prefix;
  net->ip = u_and(net->ip, mask_of(net->bits, prefix));
  return true;
}

/* Whether a 128-bit address is IPv4-mapped (::ffff:a.b.c.d). */
static bool is_mapped(u128 a)
{
  return a.hi == 0 && (a.lo >> 32) == 0xFFFF;
}

/* Go's IP.String. */
static void put_ip(tf_fn__sb *sb, u128 a, unsigned bits)
{
  uint16_t g[8];
  int best = -1, bestlen = 0;

  if (bits == 32 || is_mapped(a)) {
    uint32_t v = (uint32_t)a.lo;
    tf_fn__sb_printf(sb, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255,
                     (v >> 8) & 255, v & 255);
    return;
  }
  for (int k = 0; k < 4; k++) {
    g[k] = (uint16_t)(a.hi >> (48 - 16 * k));
    g[4 + k] = (uint16_t)(a.lo >> (48 - 16 * k));
  }
  for (int k = 0; k < 8;) {
    int e = k;
    while (e < 8 && g[e] == 0) {
      e++;
    }
    if (e - k > bestlen) {
      best = k;
      bestlen = e - k;
    }
    k = e > k ? e : k + 1;
  }
  if (bestlen < 2) {
    best = -1;
  }
  for (int k = 0; k < 8; k++) {
    if (k == best) {
      tf_fn__sb_puts(sb, "::");
      k += bestlen - 1;
      continue;
    }
    if (k > 0 && k != best + bestlen) {
      tf_fn__sb_putc(sb, ':');
    }
    tf_fn__sb_printf(sb, "%x", g[k]);
  }
}

/* Go's IPNet.String for one of our networks. */
static void put_net(tf_fn__sb *sb, u128 a, unsigned bits, unsigned prefix)
{
  put_ip(sb, a, bits);
  if (bits == 128 && is_mapped(a) && prefix >= 96) {
    prefix -= 96;
  }
  tf_fn__sb_printf(sb, "/%u", prefix);
}

static int get_net(tf_fn__call *c, mls_value **out, ipnet *net)
{
  mls_span s;
  int rc = tf_fn__as_str(c, c->args[0], &s);
  if (rc <= 0) {
    if (rc == 0) {
      rc = tf_fn__error(c, out, "prefix: a string is required, not %s",
                        tf_fn__kind(c->args[0]));
      return rc < 0 ? rc : 0;
    }
    return rc;
  }
  if (!parse_cidr(s, net)) {
    rc = tf_fn__error(c, out,
                      "invalid CIDR expression: invalid CIDR address: "
                      "%.*s",
                      (int)(s.len > 64 ? 64 : s.len), s.ptr);
    return rc < 0 ? rc : 0;
  }
  return 1;
}

int tf_fn__fn_cidrsubnet(tf_fn__call *c, mls_value **out)
{
  ipnet net;
  int64_t newbits, netnum;
  unsigned plen;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_int(c, c->args[1], &newbits)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "newbits: a whole number is required");
  }
  if ((rc = tf_fn__as_int(c, c->args[2], &netnum)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "netnum: a whole number is required");
  }
  if ((rc = get_net(c, out, &net)) <= 0) {
    return rc;
  }
  if (newbits < 0 || newbits > 128 ||
      (int64_t)net.prefix + newbits > (int64_t)net.bits) {
    return tf_fn__error(c, out,
                        "insufficient address space to extend prefix of %u by "
                        "%lld",
                        net.prefix, (long long)newbits);
  }
  if (netnum < 0 || (newbits < 63 && netnum >= ((int64_t)1 << newbits))) {
    return tf_fn__error(
        c, out,
        "prefix extension of %lld does not accommodate a subnet "
        "numbered %lld",
        (long long)newbits, (long long)netnum);
  }
  plen = net.prefix + (unsigned)newbits;
  tf_fn__sb_init(&sb, c);
  put_net(&sb, u_or(net.ip, u_shl(u_from((uint64_t)netnum), net.bits - plen)),
          net.bits, plen);
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_cidrhost(tf_fn__call *c, mls_value **out)
{
  ipnet net;
  int64_t hostnum;
  unsigned hostlen;
  u128 max, num;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_int(c, c->args[1], &hostnum)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "hostnum: a whole number is required");
  }
  if ((rc = get_net(c, out, &net)) <= 0) {
    return rc;
  }
  hostlen = net.bits - net.prefix;
  max = u_ones(hostlen);
  if (hostnum >= 0) {
    num = u_from((uint64_t)hostnum);
    if (u_gt(num, max)) {
      goto too_big;
    }
  } else {
    /* -1 is the last address: max - (-hostnum - 1). */
    u128 back = u_from((uint64_t)(-(hostnum + 1)));
    if (u_gt(back, max)) {
      goto too_big;
    }
    num = u_sub(max, back);
  }
  tf_fn__sb_init(&sb, c);
  put_ip(&sb, u_or(net.ip, num), net.bits);
  return tf_fn__sb_result(c, &sb, out);

too_big:
  return tf_fn__error(c, out,
                      "prefix of %u does not accommodate a host numbered %lld",
                      net.prefix, (long long)hostnum);
}

int tf_fn__fn_cidrnetmask(tf_fn__call *c, mls_value **out)
{
  ipnet net;
  tf_fn__sb sb;
  int rc;

  if ((rc = get_net(c, out, &net)) <= 0) {
    return rc;
  }
  if (net.bits != 32) {
    mls_span s;
    (void)tf_fn__as_str(c, c->args[0], &s);
    return tf_fn__error(c, out, "IPv6 addresses cannot have a netmask: %.*s",
                        (int)(s.len > 64 ? 64 : s.len), s.ptr);
  }
  tf_fn__sb_init(&sb, c);
  put_ip(&sb, mask_of(32, net.prefix), 32);
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_cidrsubnets(tf_fn__call *c, mls_value **out)
{
  ipnet net;
  mls_value **items;
  u128 cur, all = { 0, 0 }, netmask;
  unsigned curlen;
  int rc;

  if ((rc = get_net(c, out, &net)) <= 0) {
    return rc;
  }
  if (c->nargs == 1) {
    return (*out = tf_fn__list(c, NULL, 0, false)) ? MLS_OK : MLS_ENOMEM;
  }
  if (!(items = tf_fn__items(c, c->nargs - 1))) {
    return MLS_ENOMEM;
  }
  all = u_ones(net.bits);
  netmask = mask_of(net.bits, net.prefix);
  /* go-cidr PreviousSubnet: the block of the first length just before the
   * network (the wrap-around is ignored, as Terraform ignores it). */
  {
    int64_t first;
    if ((rc = tf_fn__as_int(c, c->args[1], &first)) <= 0) {
      return rc < 0
                 ? rc
                 : tf_fn__error(c, out, "newbits: a whole number is required");
    }
    if (first < 0 || first > (int64_t)net.bits) {
      first = first < 0 ? 0 : net.bits;
    }
    curlen = net.prefix + (unsigned)first > net.bits
                 ? net.bits
                 : net.prefix + (unsigned)first;
    cur =
        u_and(u_and(u_sub(net.ip, u_from(1)), all), mask_of(net.bits, curlen));
  }
  for (uint32_t i = 1; i < c->nargs; i++) {
    int64_t len;
    u128 last, next;
    tf_fn__sb sb;
    if ((rc = tf_fn__as_int(c, c->args[i], &len)) <= 0) {
      return rc < 0 ? rc
                    : tf_fn__error(c, out,
                                   "argument %u: a whole number is "
                                   "required",
                                   i + 1);
    }
    if (len < 1) {
      return tf_fn__error(c, out,
                          "argument %u: must extend prefix by at least "
                          "one bit",
                          i + 1);
    }
    if (len > 32) {
      return tf_fn__error(c, out,
                          "argument %u: may not extend prefix by more "
                          "than 32 bits",
                          i + 1);
    }
    len += net.prefix;
    if (len > (int64_t)net.bits) {
      return tf_fn__error(
          c, out,
          "argument %u: would extend prefix to %lld bits, which "
          "is too long for an %s address",
          i + 1, (long long)len, net.bits == 32 ? "IPv4" : "IPv6");
    }
    /* go-cidr NextSubnet. */
    last = u_or(cur, u_ones(net.bits - curlen));
    last = u_and(last, mask_of(net.bits, (unsigned)len));
    last = u_or(last, u_ones(net.bits - (unsigned)len));
    last = u_and(u_add(last, u_from(1)), all);
    next = u_and(last, mask_of(net.bits, (unsigned)len));
    if (u_eq(last, u_from(0)) || !u_eq(u_and(next, netmask), net.ip)) {
      tf_fn__sb_init(&sb, c);
      put_net(&sb, cur, net.bits, curlen);
      if (sb.err) {
        return sb.err;
      }
      return tf_fn__error(c, out,
                          "argument %u: not enough remaining address space for "
                          "a subnet with a prefix of %lld bits after %.*s",
                          i + 1, (long long)len, (int)sb.len, sb.ptr);
    }
    cur = next;
    curlen = (unsigned)len;
    tf_fn__sb_init(&sb, c);
    put_net(&sb, cur, net.bits, curlen);
    if ((rc = tf_fn__sb_result(c, &sb, &items[i - 1])) < 0) {
      return rc;
    }
  }
  return (*out = tf_fn__list(c, items, c->nargs - 1, false)) ? MLS_OK
                                                             : MLS_ENOMEM;
}
