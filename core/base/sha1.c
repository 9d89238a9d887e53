/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/sha1.c -- SHA-1 (FIPS 180-4 section 6.1).
 */
#include "core/base/sha1.h"

#include <string.h>

static uint32_t rol32(uint32_t x, unsigned n)
{
  return x << n | x >> (32 - n);
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

void mls_sha1_block(uint32_t h[5], const unsigned char *p)
{
  uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int i = 0; i < 16; i++) {
    w[i] = be32(p + i * 4);
  }
  for (int i = 16; i < 80; i++) {
    w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  }
  for (int i = 0; i < 80; i++) {
    uint32_t f, k, t;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6;
    }
    t = rol32(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rol32(b, 30);
    b = a;
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

void mls_sha1_init(mls_sha1 *s)
{
  static const uint32_t init[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE,
                                    0x10325476, 0xC3D2E1F0 };
  memcpy(s->h, init, sizeof(init));
  s->total = 0;
  s->nbuf = 0;
}

void mls_sha1_update(mls_sha1 *s, const void *data, size_t n)
{
  const unsigned char *p = data;

  s->total += n;
  if (s->nbuf > 0) {
    size_t take = 64 - s->nbuf < n ? 64 - s->nbuf : n;
    memcpy(s->buf + s->nbuf, p, take);
    s->nbuf += take;
    p += take;
    n -= take;
    if (s->nbuf < 64) {
      return;
    }
    mls_sha1_block(s->h, s->buf);
    s->nbuf = 0;
  }
  for (; n >= 64; p += 64, n -= 64) {
    mls_sha1_block(s->h, p);
  }
  memcpy(s->buf, p, n);
  s->nbuf = n;
}

void mls_sha1_final(mls_sha1 *s, unsigned char out[MLS_SHA1_BYTES])
{
  uint64_t bits = s->total * 8;
  unsigned char pad[72];
  size_t npad = (s->nbuf < 56 ? 56 : 120) - s->nbuf;

  /* 0x80, zeros up to 56 mod 64, then the length in bits, big-endian. */
  memset(pad, 0, sizeof(pad));
  pad[0] = 0x80;
  for (int i = 0; i < 8; i++) {
    pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
  }
  mls_sha1_update(s, pad, npad + 8);
  for (int i = 0; i < MLS_SHA1_BYTES; i++) {
    out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
  }
}
