/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/sha1.c -- SHA-1 (FIPS 180-4 section 6.1).
 */
#include "core/base/sha1.h"

#include <stdatomic.h>
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

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define SHA1_HAVE_EXT 1

/* n blocks with the SHA extensions (SHA1RNDS4 does four rounds; SHA1MSG1,
 * SHA1MSG2 and a XOR extend the message schedule four words at a time,
 * three groups ahead of its use; SHA1NEXTE derives E). Group g of the
 * twenty uses schedule register g % 4 and round function g / 5. */
__attribute__((target("sha,sse4.1"))) static void
blocks_ext(uint32_t h[5], const unsigned char *p, size_t n)
{
  const __m128i swap =
      _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const void *)h), 0x1b);
  __m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0), e1;

  for (; n > 0; n--, p += 64) {
    __m128i abcd0 = abcd, e00 = e0, m[4];
    for (int i = 0; i < 4; i++) {
      m[i] =
          _mm_shuffle_epi8(_mm_loadu_si128((const void *)(p + 16 * i)), swap);
    }
    e0 = _mm_add_epi32(e0, m[0]);
    e1 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
#define SHA1_GROUP(g, ecur, enext)                                             \
  do {                                                                         \
    ecur = _mm_sha1nexte_epu32(ecur, m[(g) % 4]);                              \
    enext = abcd;                                                              \
    if ((g) >= 3) {                                                            \
      m[((g) + 1) % 4] = _mm_sha1msg2_epu32(m[((g) + 1) % 4], m[(g) % 4]);     \
    }                                                                          \
    abcd = _mm_sha1rnds4_epu32(abcd, ecur, (g) / 5);                           \
    m[((g) + 3) % 4] = _mm_sha1msg1_epu32(m[((g) + 3) % 4], m[(g) % 4]);       \
    if ((g) >= 2) {                                                            \
      m[((g) + 2) % 4] = _mm_xor_si128(m[((g) + 2) % 4], m[(g) % 4]);          \
    }                                                                          \
  } while (0)
    SHA1_GROUP(1, e1, e0);
    SHA1_GROUP(2, e0, e1);
    SHA1_GROUP(3, e1, e0);
    SHA1_GROUP(4, e0, e1);
    SHA1_GROUP(5, e1, e0);
    SHA1_GROUP(6, e0, e1);
    SHA1_GROUP(7, e1, e0);
    SHA1_GROUP(8, e0, e1);
    SHA1_GROUP(9, e1, e0);
    SHA1_GROUP(10, e0, e1);
    SHA1_GROUP(11, e1, e0);
    SHA1_GROUP(12, e0, e1);
    SHA1_GROUP(13, e1, e0);
    SHA1_GROUP(14, e0, e1);
    SHA1_GROUP(15, e1, e0);
    SHA1_GROUP(16, e0, e1);
    SHA1_GROUP(17, e1, e0);
    SHA1_GROUP(18, e0, e1);
    SHA1_GROUP(19, e1, e0);
#undef SHA1_GROUP
    e0 = _mm_sha1nexte_epu32(e0, e00);
    abcd = _mm_add_epi32(abcd, abcd0);
  }
  abcd = _mm_shuffle_epi32(abcd, 0x1b);
  _mm_storeu_si128((void *)h, abcd);
  h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

/* SHA (CPUID leaf 7, EBX bit 29), SSSE3 and SSE4.1 (leaf 1, ECX bits 9
 * and 19). */
static bool cpu_has_ext(void)
{
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) ||
      !(c & (1u << 19))) {
    return false;
  }
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}
#else
#define SHA1_HAVE_EXT 0
#endif

/* -1: not decided yet; then 0 or 1. Decided once, the same on every
 * thread (a race stores the same value). */
static atomic_int use_ext = -1;

bool mls_sha1_ext(void)
{
#if SHA1_HAVE_EXT
  int v = atomic_load_explicit(&use_ext, memory_order_relaxed);
  if (v < 0) {
    v = cpu_has_ext() ? 1 : 0;
    atomic_store_explicit(&use_ext, v, memory_order_relaxed);
  }
  return v == 1;
#else
  return false;
#endif
}

void mls__sha1_use_ext(bool on)
{
#if SHA1_HAVE_EXT
  atomic_store_explicit(&use_ext, on && cpu_has_ext() ? 1 : 0,
                        memory_order_relaxed);
#else
  (void)on;
#endif
}

static void blocks(uint32_t h[5], const unsigned char *p, size_t n)
{
#if SHA1_HAVE_EXT
  if (mls_sha1_ext()) {
    blocks_ext(h, p, n);
    return;
  }
#endif
  for (; n > 0; n--, p += 64) {
    mls_sha1_block(h, p);
  }
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
    blocks(s->h, s->buf, 1);
    s->nbuf = 0;
  }
  if (n >= 64) {
    blocks(s->h, p, n / 64);
    p += n / 64 * 64;
    n %= 64;
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
