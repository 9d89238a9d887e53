/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_hash.c -- md5, sha1, sha256, sha512 and their base64
 * forms, and uuidv5().
 *
 * Stage: evaluation. Terraform hashes the UTF-8 bytes of the string and
 * prints lower-case hex (md5(), sha1(), ...) or standard base64 of the raw
 * digest (base64sha256(), ...). Resource names and S3 keys are built from
 * these, so they must be exact. The algorithms follow RFC 1321, FIPS 180-4;
 * they are small enough that linking a crypto library for them would cost
 * more than it saves, and nothing here is used for security.
 *
 * Trusts nothing: input lengths are any size_t, processed in blocks.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/sha1.h"

#include <string.h>

/* ---- MD5 (RFC 1321) ------------------------------------------------------ */

static uint32_t rol32(uint32_t x, unsigned n)
{
  return (x << n) | (x >> (32 - n));
}

static void md5_block(uint32_t h[4], const unsigned char *p)
{
  static const uint32_t k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
    0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
    0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
    0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
    0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
  };
  static const unsigned r[64] = { 7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17,
                                  22, 7,  12, 17, 22, 5,  9,  14, 20, 5,  9,
                                  14, 20, 5,  9,  14, 20, 5,  9,  14, 20, 4,
                                  11, 16, 23, 4,  11, 16, 23, 4,  11, 16, 23,
                                  4,  11, 16, 23, 6,  10, 15, 21, 6,  10, 15,
                                  21, 6,  10, 15, 21, 6,  10, 15, 21 };
  uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3];

  for (int i = 0; i < 16; i++) {
    w[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
           (uint32_t)p[i * 4 + 2] << 16 | (uint32_t)p[i * 4 + 3] << 24;
  }
  for (unsigned i = 0; i < 64; i++) {
    uint32_t f, g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    f = f + a + k[i] + w[g];
    a = d;
    d = c;
    c = b;
    b = b + rol32(f, r[i]);
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
}

/* ---- SHA-1 and SHA-256 (FIPS 180-4) -------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static uint32_t ror32(uint32_t x, unsigned n)
{
  return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
  static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  };
  uint32_t w[64], v[8];
  for (int i = 0; i < 16; i++) {
    w[i] = be32(p + i * 4);
  }
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(v, h, sizeof(v));
  for (int i = 0; i < 64; i++) {
    uint32_t s1 = ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25);
    uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
    uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
    uint32_t s0 = ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22);
    uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
    uint32_t t2 = s0 + maj;
    memmove(v + 1, v, 7 * sizeof(v[0]));
    v[4] += t1;
    v[0] = t1 + t2;
  }
  for (int i = 0; i < 8; i++) {
    h[i] += v[i];
  }
}

/* ---- SHA-512 (FIPS 180-4) ------------------------------------------------ */

static uint64_t ror64(uint64_t x, unsigned n)
{
  return (x >> n) | (x << (64 - n));
}

static uint64_t be64(const unsigned char *p)
{
  return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static void sha512_block(uint64_t h[8], const unsigned char *p)
{
  static const uint64_t k[80] = {
    0x428a2f98d728ae22u, 0x7137449123ef65cdu, 0xb5c0fbcfec4d3b2fu,
    0xe9b5dba58189dbbcu, 0x3956c25bf348b538u, 0x59f111f1b605d019u,
    0x923f82a4af194f9bu, 0xab1c5ed5da6d8118u, 0xd807aa98a3030242u,
    0x12835b0145706fbeu, 0x243185be4ee4b28cu, 0x550c7dc3d5ffb4e2u,
    0x72be5d74f27b896fu, 0x80deb1fe3b1696b1u, 0x9bdc06a725c71235u,
    0xc19bf174cf692694u, 0xe49b69c19ef14ad2u, 0xefbe4786384f25e3u,
    0x0fc19dc68b8cd5b5u, 0x240ca1cc77ac9c65u, 0x2de92c6f592b0275u,
    0x4a7484aa6ea6e483u, 0x5cb0a9dcbd41fbd4u, 0x76f988da831153b5u,
    0x983e5152ee66dfabu, 0xa831c66d2db43210u, 0xb00327c898fb213fu,
    0xbf597fc7beef0ee4u, 0xc6e00bf33da88fc2u, 0xd5a79147930aa725u,
    0x06ca6351e003826fu, 0x142929670a0e6e70u, 0x27b70a8546d22ffcu,
    0x2e1b21385c26c926u, 0x4d2c6dfc5ac42aedu, 0x53380d139d95b3dfu,
    0x650a73548baf63deu, 0x766a0abb3c77b2a8u, 0x81c2c92e47edaee6u,
    0x92722c851482353bu, 0xa2bfe8a14cf10364u, 0xa81a664bbc423001u,
    0xc24b8b70d0f89791u, 0xc76c51a30654be30u, 0xd192e819d6ef5218u,
    0xd69906245565a910u, 0xf40e35855771202au, 0x106aa07032bbd1b8u,
    0x19a4c116b8d2d0c8u, 0x1e376c085141ab53u, 0x2748774cdf8eeb99u,
    0x34b0bcb5e19b48a8u, 0x391c0cb3c5c95a63u, 0x4ed8aa4ae3418acbu,
    0x5b9cca4f7763e373u, 0x682e6ff3d6b2b8a3u, 0x748f82ee5defb2fcu,
    0x78a5636f43172f60u, 0x84c87814a1f0ab72u, 0x8cc702081a6439ecu,
    0x90befffa23631e28u, 0xa4506cebde82bde9u, 0xbef9a3f7b2c67915u,
    0xc67178f2e372532bu, 0xca273eceea26619cu, 0xd186b8c721c0c207u,
    0xeada7dd6cde0eb1eu, 0xf57d4f7fee6ed178u, 0x06f067aa72176fbau,
    0x0a637dc5a2c898a6u, 0x113f9804bef90daeu, 0x1b710b35131c471bu,
    0x28db77f523047d84u, 0x32caab7b40c72493u, 0x3c9ebe0a15c9bebcu,
    0x431d67c49c100d4cu, 0x4cc5d4becb3e42b6u, 0x597f299cfc657e2au,
    0x5fcb6fab3ad6faecu, 0x6c44198c4a475817u
  };
  uint64_t w[80], v[8];
  for (int i = 0; i < 16; i++) {
    w[i] = be64(p + i * 8);
  }
  for (int i = 16; i < 80; i++) {
    uint64_t s0 = ror64(w[i - 15], 1) ^ ror64(w[i - 15], 8) ^ (w[i - 15] >> 7);
    uint64_t s1 = ror64(w[i - 2], 19) ^ ror64(w[i - 2], 61) ^ (w[i - 2] >> 6);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(v, h, sizeof(v));
  for (int i = 0; i < 80; i++) {
    uint64_t s1 = ror64(v[4], 14) ^ ror64(v[4], 18) ^ ror64(v[4], 41);
    uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
    uint64_t t1 = v[7] + s1 + ch + k[i] + w[i];
    uint64_t s0 = ror64(v[0], 28) ^ ror64(v[0], 34) ^ ror64(v[0], 39);
    uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
    memmove(v + 1, v, 7 * sizeof(v[0]));
    v[4] += t1;
    v[0] = t1 + s0 + maj;
  }
  for (int i = 0; i < 8; i++) {
    h[i] += v[i];
  }
}

/* ---- driver -------------------------------------------------------------- */

size_t tf_fn__hash(int algo, const unsigned char *s, size_t n,
                   unsigned char out[64])
{
  uint32_t h32[8];
  uint64_t h64[8] = { 0x6a09e667f3bcc908u, 0xbb67ae8584caa73bu,
                      0x3c6ef372fe94f82bu, 0xa54ff53a5f1d36f1u,
                      0x510e527fade682d1u, 0x9b05688c2b3e6c1fu,
                      0x1f83d9abfb41bd6bu, 0x5be0cd19137e2179u };
  size_t block = algo == TF_FN__HASH_SHA512 ? 128 : 64;
  size_t lenbytes = algo == TF_FN__HASH_SHA512 ? 16 : 8;
  unsigned char tail[256];
  size_t full = n - n % block, rest = n % block, tlen;
  uint64_t bits = (uint64_t)n * 8;

  /* SHA-1 is core/base/sha1.c's, which the objects read without libgit2
   * share (and which uses the processor's SHA extensions when it can). */
  if (algo == TF_FN__HASH_SHA1) {
    mls_sha1 st;
    mls_sha1_init(&st);
    mls_sha1_update(&st, s, n);
    mls_sha1_final(&st, out);
    return MLS_SHA1_BYTES;
  }
  switch (algo) {
  case TF_FN__HASH_MD5:
    h32[0] = 0x67452301;
    h32[1] = 0xefcdab89;
    h32[2] = 0x98badcfe;
    h32[3] = 0x10325476;
    break;
  default: {
    static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                      0xa54ff53a, 0x510e527f, 0x9b05688c,
                                      0x1f83d9ab, 0x5be0cd19 };
    memcpy(h32, init, sizeof(init));
    break;
  }
  }
  /* Padding: 0x80, zeros, then the bit length (little-endian for MD5). */
  memset(tail, 0, sizeof(tail));
  if (rest) {
    memcpy(tail, s + full, rest);
  }
  tail[rest] = 0x80;
  tlen = rest + 1 + lenbytes <= block ? block : 2 * block;
  for (size_t i = 0; i < 8; i++) {
    tail[algo == TF_FN__HASH_MD5 ? tlen - 8 + i : tlen - 1 - i] =
        (unsigned char)(bits >> (8 * i));
  }
  for (size_t off = 0; off < full + tlen; off += block) {
    const unsigned char *p = off < full ? s + off : tail + (off - full);
    switch (algo) {
    case TF_FN__HASH_MD5:
      md5_block(h32, p);
      break;
    case TF_FN__HASH_SHA256:
      sha256_block(h32, p);
      break;
    default:
      sha512_block(h64, p);
      break;
    }
  }
  switch (algo) {
  case TF_FN__HASH_MD5:
    for (int i = 0; i < 16; i++) {
      out[i] = (unsigned char)(h32[i / 4] >> (8 * (i % 4)));
    }
    return 16;
  case TF_FN__HASH_SHA256:
    for (size_t i = 0; i < 32; i++) {
      out[i] = (unsigned char)(h32[i / 4] >> (24 - 8 * (i % 4)));
    }
    return 32;
  default:
    for (size_t i = 0; i < 64; i++) {
      out[i] = (unsigned char)(h64[i / 8] >> (56 - 8 * (i % 8)));
    }
    return 64;
  }
}

/* Hash argument 0 and return hex or base64 of the digest. */
static int digest(tf_fn__call *c, mls_value **out, int algo, bool b64)
{
  static const char hex[] = "0123456789abcdef";
  unsigned char d[64];
  mls_span s;
  tf_fn__sb sb;
  size_t n;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  n = tf_fn__hash(algo, (const unsigned char *)s.ptr, s.len, d);
  tf_fn__sb_init(&sb, c);
  if (b64) {
    tf_fn__base64(&sb, d, n);
  } else {
    for (size_t i = 0; i < n; i++) {
      char x[2] = { hex[d[i] >> 4], hex[d[i] & 15] };
      tf_fn__sb_put(&sb, x, 2);
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_md5(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_MD5, false);
}

int tf_fn__fn_sha1(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_SHA1, false);
}

int tf_fn__fn_sha256(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_SHA256, false);
}

int tf_fn__fn_sha512(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_SHA512, false);
}

int tf_fn__fn_base64sha256(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_SHA256, true);
}

int tf_fn__fn_base64sha512(tf_fn__call *c, mls_value **out)
{
  return digest(c, out, TF_FN__HASH_SHA512, true);
}

/* ---- uuidv5 (RFC 4122, as github.com/google/uuid) ------------------------ */

/* Parse a UUID in the forms uuid.Parse accepts: canonical, urn:uuid:,
 * braced, or 32 hex digits. */
static bool parse_uuid(mls_span s, unsigned char out[16])
{
  static const size_t dashes[] = { 8, 13, 18, 23 };
  const char *p = s.ptr;
  size_t n = s.len, k = 0;

  if (n == 45 && memcmp(p, "urn:uuid:", 9) == 0) {
    p += 9;
    n -= 9;
  } else if (n == 38 && p[0] == '{' && p[37] == '}') {
    p++;
    n -= 2;
  }
  if (n != 36 && n != 32) {
    return false;
  }
  for (size_t i = 0; i < n;) {
    int hi, lo;
    if (n == 36 && (i == dashes[0] || i == dashes[1] || i == dashes[2] ||
                    i == dashes[3])) {
      if (p[i] != '-') {
        return false;
      }
      i++;
      continue;
    }
    hi = mls_hexval((unsigned char)p[i]);
    lo = i + 1 < n ? mls_hexval((unsigned char)p[i + 1]) : -1;
    if (hi < 0 || lo < 0 || k >= 16) {
      return false;
    }
    out[k++] = (unsigned char)(hi << 4 | lo);
    i += 2;
  }
  return k == 16;
}

int tf_fn__fn_uuidv5(tf_fn__call *c, mls_value **out)
{
  static const char *const names[] = { "dns", "url", "oid", "x500" };
  static const unsigned char last[] = { 0x10, 0x11, 0x12, 0x14 };
  static const char hex[] = "0123456789abcdef";
  unsigned char ns[16], d[64], *buf;
  mls_span nsname, name;
  size_t total;
  bool found = false;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &nsname)) <= 0 ||
      (rc = tf_fn__as_str(c, c->args[1], &name)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "the namespace and the name must "
                                 "be strings");
  }
  for (size_t i = 0; i < 4 && !found; i++) {
    if (mls_span_eq(nsname, names[i])) {
      /* 6ba7b8XX-9dad-11d1-80b4-00c04fd430c8 */
      static const unsigned char base[16] = { 0x6b, 0xa7, 0xb8, 0x10,
                                              0x9d, 0xad, 0x11, 0xd1,
                                              0x80, 0xb4, 0x00, 0xc0,
                                              0x4f, 0xd4, 0x30, 0xc8 };
      memcpy(ns, base, 16);
      ns[3] = last[i];
      found = true;
    }
  }
  if (!found && !parse_uuid(nsname, ns)) {
    return tf_fn__error(c, out, "uuidv5() doesn't support namespace %.*s",
                        (int)(nsname.len > 64 ? 64 : nsname.len), nsname.ptr);
  }
  if (!mls_add_sz(&total, name.len, 16) ||
      !(buf = mls_arena_alloc(c->ctx->arena, total))) {
    return MLS_ENOMEM;
  }
  memcpy(buf, ns, 16);
  if (name.len) {
    memcpy(buf + 16, name.ptr, name.len);
  }
  tf_fn__hash(TF_FN__HASH_SHA1, buf, total, d);
  d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
  d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
  tf_fn__sb_init(&sb, c);
  for (size_t i = 0; i < 16; i++) {
    char x[2] = { hex[d[i] >> 4], hex[d[i] & 15] };
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      tf_fn__sb_putc(&sb, '-');
    }
    tf_fn__sb_put(&sb, x, 2);
  }
  return tf_fn__sb_result(c, &sb, out);
}
