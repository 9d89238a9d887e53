/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/yaml.c -- CloudFormation YAML into the node tree, through
 * libyaml's event API.
 *
 * Stage: blob -> file model. libyaml does the YAML 1.1 syntax; this file
 * composes its events into nodes the way PyYAML's SafeLoader composes them
 * for the reference dumper (../shared/tools/cfnref): plain scalars typed by
 * scalar.c, short-form tags rewritten by node.c, keys taken as their text.
 * Most templates never reach libyaml: yaml_fast.c makes the same events
 * for the plain subset they are written in, and on_event() takes either.
 * Trusts nothing in the input:
 *
 *  - Positions. libyaml marks count characters, not bytes, and start after
 *    the UTF-8 BOM this file strips first. A pure-ASCII file maps a mark to
 *    a byte directly; otherwise a forward cursor converts character indexes
 *    to byte offsets in amortised O(1), so a long line of multi-byte text
 *    stays linear. Lines are libyaml's (LF, CR, CRLF, NEL, LS, PS, as
 *    PyYAML counts them); columns are bytes from the line start.
 *  - Aliases. CloudFormation rejects them, so each one is an error, but the
 *    tree is still built: an alias shares the anchored node (no copy), and
 *    every node reachable through it counts against
 *    MLS_MAX_YAML_ALIAS_NODES, so a "billion laughs" file ends in
 *    MLS_ELIMIT after visiting at most that many nodes. An anchor is
 *    registered when its node is complete, so an alias cannot build a
 *    cycle. Merge keys (`<<`) stay ordinary keys, as CloudFormation and
 *    cfnref read them, with a warning.
 *  - Bounds. Nesting past MLS_MAX_NESTING (short-form maps count as a
 *    level, an alias adds the height of what it shares), scalars past
 *    MLS_MAX_STRING_BYTES and the arena cap stop the read with MLS_ELIMIT.
 *    libyaml keeps its own state on the heap without recursion, so deep
 *    input cannot exhaust the stack before the bound is seen.
 *  - Tabs. PyYAML, which cfnref reads with, takes only spaces between
 *    tokens: a TAB after a colon, at the end of a line or inside a plain
 *    scalar is a syntax error there, while libyaml follows the YAML spec
 *    and accepts it. After a clean read, a TAB outside quoted and block
 *    scalars and comments is reported as an error (the tree is kept), so
 *    `ok` agrees with the reference on such files.
 *  - Encoding. Only UTF-8 (cfnref decodes as utf-8-sig); a UTF-16 BOM is
 *    refused here, and libyaml rejects invalid UTF-8 and the control
 *    characters YAML 1.1 forbids, as PyYAML does.
 */
#include "parsers/cfn/cfn_int.h"
#include "parsers/cfn/yaml_fast.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>
#include <yaml.h>

static const char yaml_tag_prefix[] = "tag:yaml.org,2002:";
#define YAML_TAG_PREFIX_LEN (sizeof(yaml_tag_prefix) - 1)

/* What a tag asks for. */
typedef enum tag_kind {
  TAG_NONE = 0,    /* no tag: plain scalars are resolved, others are strings */
  TAG_NONSPECIFIC, /* "!": resolved as plain, whatever the style (PyYAML) */
  TAG_LOCAL,       /* "!Name": a short-form intrinsic function */
  TAG_STR,         /* !!str */
  TAG_NULL,        /* !!null */
  TAG_BOOL,        /* !!bool */
  TAG_INT,         /* !!int */
  TAG_FLOAT,       /* !!float */
  TAG_SEQ,         /* !!seq */
  TAG_MAP,         /* !!map */
  TAG_OTHER        /* anything else: CloudFormation and cfnref reject it */
} tag_kind;

/* An open sequence or mapping. */
typedef struct yframe {
  cfn_node *node;    /* arena: the collection being built */
  size_t first;      /* builder stack index of its first child */
  unsigned level;    /* collections enclosing its children, this one and
                        short-form maps included */
  unsigned base;     /* the level of its parent (0 at the document) */
  unsigned maxlevel; /* deepest level reached inside it so far */
  bool block;        /* block style: it ends where its last entry ends */
  bool is_key;       /* it is a mapping key (becomes its JSON text) */
  mls_span tag;      /* arena: a local tag's name (after '!'), or empty */
  mls_span anchor;   /* arena: its anchor, or empty */
} yframe;

/* One registered anchor. */
typedef struct yanchor {
  mls_span name;   /* arena: the anchor's name */
  cfn_node *node;  /* arena: the finished node it names */
  unsigned height; /* nesting levels of node (0 for a scalar) */
} yanchor;

typedef struct yreader {
  cfn_builder b;            /* the shared node builder */
  const unsigned char *src; /* borrowed: the whole blob */
  size_t len;               /* bytes in src */
  size_t bom;               /* bytes skipped before libyaml's input */
  bool ascii;               /* no byte >= 0x80: a mark index is a byte */
  size_t cur_index;         /* cursor: a character index ... */
  size_t cur_byte;          /* ... and its byte offset (after bom) */
  size_t line_index;        /* character index of the cursor line start */
  size_t line_byte;         /* byte offset of the cursor line start */
  yframe *frames;           /* owned: open collections, MLS_MAX_NESTING+2 */
  unsigned nframes;         /* entries used in frames */
  yanchor *anchors;         /* owned: open-addressing table of anchors */
  size_t capanchors;        /* entries allocated in anchors (power of 2) */
  size_t nanchors;          /* distinct anchors registered */
  size_t alias_nodes;       /* nodes reached through aliases so far */
  bool has_tab;             /* a TAB byte occurs after the BOM */
  uint32_t *quoted;         /* owned: [start, end) byte pairs of quoted and
                               block scalars, in order (only with has_tab) */
  size_t nquoted;           /* pairs used in quoted */
  size_t capquoted;         /* pairs allocated in quoted */
  bool seen_doc;            /* a document has started */
  bool done;                /* the stream or the read ended */
  cfn_node *root;           /* arena: the document node, once complete */
} yreader;

/* ---------------------------------------------------------------------- */
/* Marks to positions.                                                     */

static bool all_ascii(const unsigned char *p, size_t n)
{
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; i++) {
    acc |= p[i];
  }
  return (acc & UINT64_C(0x8080808080808080)) == 0;
}

/* Bytes of the UTF-8 character starting with c (1 for anything invalid:
 * libyaml has accepted every character it marks past). */
static size_t utf8_width(unsigned char c)
{
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Whether the character at byte offset `at` (after bom) ends a line:
 * LF, CR not followed by LF, NEL, LS or PS. */
static bool ends_line(const yreader *r, size_t at, size_t width)
{
  const unsigned char *s = r->src + r->bom, *end = r->src + r->len;
  unsigned char c = s[at];
  if (c == '\n') {
    return true;
  }
  if (c == '\r') {
    return s + at + 1 >= end || s[at + 1] != '\n';
  }
  if (width == 2) {
    return c == 0xC2 && s[at + 1] == 0x85;
  }
  if (width == 3) {
    return c == 0xE2 && s[at + 1] == 0x80 &&
           (s[at + 2] == 0xA8 || s[at + 2] == 0xA9);
  }
  return false;
}

/* Byte offset (after bom) of character `index`, moving the cursor. */
static size_t byte_of(yreader *r, size_t index)
{
  size_t avail = r->len - r->bom;
  if (index < r->cur_index) {
    /* Marks come in document order; a step back (not seen with libyaml
     * 0.2.5) restarts the cursor rather than guessing. */
    r->cur_index = r->cur_byte = r->line_index = r->line_byte = 0;
  }
  while (r->cur_index < index && r->cur_byte < avail) {
    /* Eight ASCII bytes without a line break are eight characters. */
    while (index - r->cur_index >= 8 && avail - r->cur_byte >= 8) {
      uint64_t w8, lf, cr;
      memcpy(&w8, r->src + r->bom + r->cur_byte, 8);
      lf = w8 ^ UINT64_C(0x0A0A0A0A0A0A0A0A);
      cr = w8 ^ UINT64_C(0x0D0D0D0D0D0D0D0D);
      /* A zero byte in lf or cr is a '\n' or '\r' (the usual SWAR test;
       * bytes >= 0x80 are excluded first, so it has no false hits). */
      if ((w8 & UINT64_C(0x8080808080808080)) != 0 ||
          ((lf - UINT64_C(0x0101010101010101)) & ~lf &
           UINT64_C(0x8080808080808080)) != 0 ||
          ((cr - UINT64_C(0x0101010101010101)) & ~cr &
           UINT64_C(0x8080808080808080)) != 0) {
        break;
      }
      r->cur_byte += 8;
      r->cur_index += 8;
    }
    if (r->cur_index >= index) {
      break;
    }
    size_t w = utf8_width(r->src[r->bom + r->cur_byte]);
    if (w > avail - r->cur_byte) {
      w = avail - r->cur_byte;
    }
    bool brk = ends_line(r, r->cur_byte, w);
    r->cur_byte += w;
    r->cur_index++;
    if (brk) {
      r->line_index = r->cur_index;
      r->line_byte = r->cur_byte;
    }
  }
  return r->cur_byte;
}

static mls_pos pos_of(yreader *r, const yaml_mark_t *m)
{
  mls_pos p;
  size_t byte;

  if (r->ascii) {
    byte = m->index;
    p.col = (uint32_t)m->column + 1;
  } else {
    byte = byte_of(r, m->index);
    if (m->index - m->column == r->line_index) {
      p.col = (uint32_t)(byte - r->line_byte) + 1;
    } else {
      /* The cursor's idea of the line start disagrees with libyaml's:
       * walk back m->column characters from the byte. */
      size_t at = byte, k = m->column;
      const unsigned char *s = r->src + r->bom;
      while (k > 0 && at > 0) {
        at--;
        while (at > 0 && (s[at] & 0xC0) == 0x80) {
          at--;
        }
        k--;
      }
      p.col = (uint32_t)(byte - at) + 1;
    }
  }
  p.byte = (uint32_t)(r->bom + byte);
  p.line = (uint32_t)m->line + 1;
  return p;
}

static mls_range range_of(yreader *r, const yaml_mark_t *a,
                          const yaml_mark_t *b)
{
  mls_range g;
  g.start = pos_of(r, a);
  g.end = pos_of(r, b);
  return g;
}

/* The position of byte offset `off` of the whole blob, by counting lines
 * (error paths only: libyaml's reader errors carry a byte offset). */
static mls_pos pos_of_byte(const yreader *r, size_t off)
{
  mls_pos p;
  size_t line_start = r->bom;
  uint32_t line = 1;
  if (off > r->len) {
    off = r->len;
  }
  for (size_t i = r->bom; i < off; i++) {
    if (r->src[i] == '\n' ||
        (r->src[i] == '\r' && (i + 1 >= r->len || r->src[i + 1] != '\n'))) {
      line++;
      line_start = i + 1;
    }
  }
  p.byte = (uint32_t)off;
  p.line = line;
  p.col = (uint32_t)(off - line_start) + 1;
  return p;
}

/* ---------------------------------------------------------------------- */
/* Tags and anchors.                                                       */

static tag_kind classify_tag(const yaml_char_t *tag, mls_span *local)
{
  const char *t = (const char *)tag;
  size_t n;

  *local = mls_span_of(NULL, 0);
  if (!t) {
    return TAG_NONE;
  }
  n = strlen(t);
  if (n == 1 && t[0] == '!') {
    return TAG_NONSPECIFIC;
  }
  if (t[0] == '!' && t[1] != '!') {
    *local = mls_span_of(t + 1, n - 1);
    return TAG_LOCAL;
  }
  if (n > YAML_TAG_PREFIX_LEN &&
      memcmp(t, yaml_tag_prefix, YAML_TAG_PREFIX_LEN) == 0) {
    const char *s = t + YAML_TAG_PREFIX_LEN;
    static const struct {
      const char *name;
      tag_kind kind;
    } std[] = { { "str", TAG_STR },     { "null", TAG_NULL },
                { "bool", TAG_BOOL },   { "int", TAG_INT },
                { "float", TAG_FLOAT }, { "seq", TAG_SEQ },
                { "map", TAG_MAP } };
    for (size_t i = 0; i < sizeof(std) / sizeof(std[0]); i++) {
      if (strcmp(s, std[i].name) == 0) {
        return std[i].kind;
      }
    }
  }
  return TAG_OTHER;
}

static void unsupported_tag(yreader *r, const yaml_char_t *tag,
                            const mls_range *at)
{
  cfn__fail(&r->b, MLS_EINPUT, false, at,
            "unsupported tag %.80s: CloudFormation reads only the YAML "
            "types str, null, bool, int, float, seq and map",
            (const char *)tag);
}

/* arena: a copy of the local tag name or anchor held by libyaml's event. */
static bool keep(yreader *r, mls_span *s)
{
  if (s->len == 0) {
    return true;
  }
  char *copy = mls_arena_strndup(r->b.arena, s->ptr, s->len);
  if (!copy) {
    cfn__nomem(&r->b);
    return false;
  }
  s->ptr = copy;
  return true;
}

static yanchor *anchor_slot(yreader *r, mls_span name)
{
  size_t mask = r->capanchors - 1;
  size_t h = cfn__hash(name.ptr, name.len) & mask;
  while (r->anchors[h].node &&
         !(r->anchors[h].name.len == name.len &&
           memcmp(r->anchors[h].name.ptr, name.ptr, name.len) == 0)) {
    h = (h + 1) & mask;
  }
  return &r->anchors[h];
}

static bool grow_anchors(yreader *r)
{
  size_t ncap = r->capanchors ? r->capanchors * 2 : 32, bytes;
  yanchor *old = r->anchors, *nv;
  size_t oldcap = r->capanchors;

  if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) || !(nv = mls_calloc(1, bytes))) {
    cfn__fail(&r->b, MLS_ENOMEM, true, NULL, "out of memory");
    return false;
  }
  r->anchors = nv;
  r->capanchors = ncap;
  for (size_t i = 0; i < oldcap; i++) {
    if (old[i].node) {
      *anchor_slot(r, old[i].name) = old[i];
    }
  }
  mls_free(old);
  return true;
}

/* Register `node` under `name` (a later anchor of the same name replaces
 * an earlier one, as in PyYAML). */
static void add_anchor(yreader *r, mls_span name, cfn_node *node,
                       unsigned height)
{
  if (name.len == 0 || r->b.stop) {
    return;
  }
  if ((r->nanchors + 1) * 2 > r->capanchors && !grow_anchors(r)) {
    return;
  }
  yanchor *a = anchor_slot(r, name);
  if (!a->node) {
    r->nanchors++;
  }
  a->name = name;
  a->node = node;
  a->height = height;
}

/* Count the nodes reachable from n (keys included), stopping once the
 * count passes `budget`. */
static size_t count_nodes(const cfn_node *n, size_t budget)
{
  struct {
    const cfn_node *n;
    uint32_t next;
  } stack[MLS_MAX_NESTING + 4];
  size_t top = 0, count = 1;

  if (n->kind != CFN_SEQ && n->kind != CFN_MAP) {
    return 1;
  }
  stack[0].n = n;
  stack[0].next = 0;
  top = 1;
  while (top > 0 && count <= budget) {
    const cfn_node *c = stack[top - 1].n;
    uint32_t i = stack[top - 1].next++;
    if (i >= c->n) {
      top--;
      continue;
    }
    const cfn_node *child;
    if (c->kind == CFN_MAP) {
      count++; /* the key */
      child = c->u.pairs[i].value;
    } else {
      child = c->u.items[i];
    }
    count++;
    if ((child->kind == CFN_SEQ || child->kind == CFN_MAP) && child->n > 0 &&
        top < sizeof(stack) / sizeof(stack[0])) {
      stack[top].n = child;
      stack[top].next = 0;
      top++;
    }
  }
  return count;
}

/* ---------------------------------------------------------------------- */
/* Composing.                                                              */

static yframe *top_frame(yreader *r)
{
  return r->nframes ? &r->frames[r->nframes - 1] : NULL;
}

/* Whether the next node is a key of the open mapping. */
static bool next_is_key(const yreader *r)
{
  const yframe *f = r->nframes ? &r->frames[r->nframes - 1] : NULL;
  return f && f->node->kind == CFN_MAP && ((r->b.nstack - f->first) & 1) == 0;
}

/* Collections enclosing the next node. */
static unsigned level_here(const yreader *r)
{
  return r->nframes ? r->frames[r->nframes - 1].level : 0;
}

/* A node inside the open collection reaches `level`. */
static void note_level(yreader *r, unsigned level)
{
  if (r->nframes && r->frames[r->nframes - 1].maxlevel < level) {
    r->frames[r->nframes - 1].maxlevel = level;
  }
}

/* Hand a finished node to its parent, or make it the document. */
static void attach(yreader *r, cfn_node *n)
{
  if (r->nframes == 0) {
    r->root = n;
    return;
  }
  cfn__push(&r->b, n);
}

/* Move p one byte forward on its line. */
static void step(mls_pos *p, size_t n)
{
  p->byte += (uint32_t)n;
  p->col += (uint32_t)n;
}

/* Where the content of a node starts: after the properties (tag and
 * anchor) libyaml includes in its start mark, and the blanks, line breaks
 * and comments that follow them. Sets *tag to the tag's range (empty at
 * the node's start when it has none). Stays inside `range`. */
static mls_pos content_start(const yreader *r, const mls_range *range,
                             mls_range *tag)
{
  const unsigned char *s = r->src;
  size_t end = range->end.byte;
  mls_pos p = range->start;

  tag->start = tag->end = p;
  while (p.byte < end && (s[p.byte] == '!' || s[p.byte] == '&')) {
    size_t k = p.byte;
    bool is_tag = s[k] == '!';
    while (k < end && s[k] != ' ' && s[k] != '\t' && s[k] != '\n' &&
           s[k] != '\r') {
      k++;
    }
    if (is_tag) {
      tag->start = p;
    }
    step(&p, k - p.byte);
    if (is_tag) {
      tag->end = p;
    }
    while (p.byte < end) {
      unsigned char c = s[p.byte];
      if (c == ' ' || c == '\t') {
        step(&p, 1);
      } else if (c == '\n' || c == '\r') {
        p.byte +=
            (c == '\r' && p.byte + 1 < end && s[p.byte + 1] == '\n') ? 2 : 1;
        p.line++;
        p.col = 1;
      } else if (c == '#') {
        while (p.byte < end && s[p.byte] != '\n' && s[p.byte] != '\r') {
          step(&p, 1);
        }
      } else {
        break;
      }
    }
  }
  return p;
}

/* A mapping key that is a collection becomes a string of its compact
 * JSON, as cfnref writes it. */
static cfn_node *complex_key(yreader *r, cfn_node *n)
{
  mls_buf buf = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  cfn_node *key = NULL;
  int rc = cfn__json_value(&buf, n, 0);

  if (rc == MLS_ENOMEM) {
    cfn__fail(&r->b, MLS_ENOMEM, true, NULL, "out of memory");
  } else if (rc < 0) {
    cfn__fail(&r->b, MLS_ELIMIT, true, &n->range,
              "mapping key too large or too deep");
  } else if ((key = cfn__node(&r->b, CFN_STRING, &n->range))) {
    char *text = mls_arena_memdup(r->b.arena, buf.ptr ? buf.ptr : "", buf.len);
    if (!text) {
      cfn__nomem(&r->b);
      key = NULL;
    } else {
      key->text = mls_span_of(text, buf.len);
      key->flags = CFN_F_COMPLEX_KEY;
    }
  }
  mls_buf_dispose(&buf);
  return key;
}

/* Text of a scalar event: the source bytes when they are the same (a
 * plain or unescaped scalar ends with its text), else an arena copy. */
static bool scalar_text(yreader *r, cfn_node *n, const yaml_event_t *ev)
{
  const char *v = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  size_t end = n->range.end.byte;

  if (len > MLS_MAX_STRING_BYTES) {
    cfn__fail(&r->b, MLS_ELIMIT, true, &n->range,
              "scalar of %zu bytes is longer than %u bytes "
              "(MLS_MAX_STRING_BYTES)",
              len, (unsigned)MLS_MAX_STRING_BYTES);
    return false;
  }
  if (len == 0) {
    n->text = mls_span_of("", 0);
    return true;
  }
  if (end >= len && end <= r->len && memcmp(r->src + end - len, v, len) == 0) {
    n->text = mls_span_of((const char *)r->src + end - len, len);
    return true;
  }
  char *copy = mls_arena_memdup(r->b.arena, v, len);
  if (!copy) {
    cfn__nomem(&r->b);
    return false;
  }
  n->text = mls_span_of(copy, len);
  return true;
}

/* Remember where a quoted or block scalar lies, for check_tabs(). */
static void note_quoted(yreader *r, const mls_range *range)
{
  if (r->nquoted == r->capquoted) {
    size_t ncap = r->capquoted ? r->capquoted * 2 : 64, bytes;
    uint32_t *nv;
    if (!mls_mul_sz(&bytes, ncap, 2 * sizeof(*nv)) ||
        !(nv = mls_realloc(r->quoted, bytes))) {
      cfn__fail(&r->b, MLS_ENOMEM, true, NULL, "out of memory");
      return;
    }
    r->quoted = nv;
    r->capquoted = ncap;
  }
  r->quoted[2 * r->nquoted] = range->start.byte;
  r->quoted[2 * r->nquoted + 1] = range->end.byte;
  r->nquoted++;
}

/* Index of the first quoted range that ends after byte `at` (ranges are
 * in document order and do not overlap). */
static size_t quoted_after(const yreader *r, size_t at)
{
  size_t lo = 0, hi = r->nquoted;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->quoted[2 * mid + 1] <= at) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/* Offset of the comment on the line that starts at `ls` -- a '#' at the
 * line start or after a blank, outside quoted scalars -- or SIZE_MAX. */
static size_t comment_on_line(const yreader *r, size_t ls)
{
  size_t q = quoted_after(r, ls);
  for (size_t i = ls; i < r->len && r->src[i] != '\n' && r->src[i] != '\r';
       i++) {
    while (q < r->nquoted && r->quoted[2 * q + 1] <= i) {
      q++;
    }
    if (q < r->nquoted && r->quoted[2 * q] <= i) {
      i = r->quoted[2 * q + 1] - 1; /* skip the scalar */
      continue;
    }
    if (r->src[i] == '#' &&
        (i == ls || r->src[i - 1] == ' ' || r->src[i - 1] == '\t')) {
      return i;
    }
  }
  return SIZE_MAX;
}

/* Report the first TAB that PyYAML would reject (see the file header).
 * Linear: each line with a TAB is searched for its comment once. */
static void check_tabs(yreader *r)
{
  const unsigned char *p = r->src + r->bom, *end = r->src + r->len;
  size_t prev = r->bom, ls = r->bom, comment = SIZE_MAX;
  bool have_line = false;

  while ((p = memchr(p, '\t', (size_t)(end - p))) != NULL) {
    size_t at = (size_t)(p - r->src), q = quoted_after(r, at);
    p++;
    if (q < r->nquoted && r->quoted[2 * q] <= at) {
      continue;
    }
    /* The start of at's line: the last break between the previous TAB
     * and this one, if any. */
    bool moved = false;
    for (size_t i = at; i > prev; i--) {
      if (r->src[i - 1] == '\n' || r->src[i - 1] == '\r') {
        ls = i;
        moved = true;
        break;
      }
    }
    prev = at;
    if (moved || !have_line) {
      comment = comment_on_line(r, ls);
      have_line = true;
    }
    if (comment < at) {
      continue;
    }
    mls_range range;
    range.start = pos_of_byte(r, at);
    range.end = range.start;
    range.end.byte++;
    range.end.col++;
    cfn__fail(&r->b, MLS_EINPUT, false, &range,
              "TAB character between tokens (line %u, column %u): the "
              "reference YAML reader (PyYAML) takes only spaces there",
              (unsigned)range.start.line, (unsigned)range.start.col);
    return;
  }
}

static void on_scalar(yreader *r, const yaml_event_t *ev)
{
  mls_range range = range_of(r, &ev->start_mark, &ev->end_mark);
  mls_range tag_range = range;
  mls_span local, anchor;
  tag_kind tk = classify_tag(ev->data.scalar.tag, &local);
  bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  bool is_key = next_is_key(r);
  cfn_node *n = cfn__node(&r->b, CFN_STRING, &range);

  if (!n || !scalar_text(r, n, ev)) {
    return;
  }
  if (!is_key && (ev->data.scalar.tag || ev->data.scalar.anchor)) {
    /* The value starts at its text, not at its tag or anchor. */
    n->range.start = content_start(r, &range, &tag_range);
  }
  if (!plain) {
    n->flags |= CFN_F_QUOTED;
    if (r->has_tab) {
      note_quoted(r, &range);
    }
  }
  if (is_key) {
    /* Keys are their text, whatever the tag (cfnref's key()). */
    if (plain && mls_span_eq(n->text, "<<")) {
      r->b.t->flags |= CFN_T_MERGE_KEYS;
      cfn__warn(&r->b, &range,
                "merge key '<<' kept as an ordinary key: CloudFormation "
                "does not merge mappings");
    }
  } else {
    switch (tk) {
    case TAG_NONE:
      if (plain) {
        cfn__resolve_plain(&r->b, n);
      }
      break;
    case TAG_NONSPECIFIC:
      cfn__resolve_plain(&r->b, n);
      break;
    case TAG_STR:
    case TAG_LOCAL:
      break;
    case TAG_NULL:
    case TAG_BOOL:
    case TAG_INT:
    case TAG_FLOAT: {
      static const cfn_kind kinds[] = { CFN_NULL, CFN_BOOL, CFN_INT,
                                        CFN_FLOAT };
      if (!cfn__resolve_tagged(n, kinds[tk - TAG_NULL])) {
        cfn__fail(&r->b, MLS_EINPUT, false, &range,
                  "the text of this %s is not a value of that type",
                  (const char *)ev->data.scalar.tag);
      }
      break;
    }
    default:
      unsupported_tag(r, ev->data.scalar.tag, &range);
      break;
    }
  }
  if (r->b.stop) {
    return;
  }
  if (!is_key && tk == TAG_LOCAL) {
    if (level_here(r) + 1 > MLS_MAX_NESTING) {
      cfn__fail(&r->b, MLS_ELIMIT, true, &range,
                "nesting deeper than %d levels (MLS_MAX_NESTING)",
                MLS_MAX_NESTING);
      return;
    }
    if (!(n = cfn__short_form(&r->b, local, &tag_range, &range, n))) {
      return;
    }
    note_level(r, level_here(r) + 1);
  }
  anchor = mls_span_of((const char *)ev->data.scalar.anchor,
                       ev->data.scalar.anchor
                           ? strlen((const char *)ev->data.scalar.anchor)
                           : 0);
  if (anchor.len && keep(r, &anchor)) {
    add_anchor(r, anchor, n, n->kind == CFN_MAP ? 1 : 0);
  }
  attach(r, n);
}

static void on_start(yreader *r, const yaml_event_t *ev, bool seq)
{
  const yaml_char_t *tag =
      seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
  const yaml_char_t *anc =
      seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
  bool block = seq ? ev->data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE
                   : ev->data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
  mls_range range = range_of(r, &ev->start_mark, &ev->end_mark);
  mls_span local;
  tag_kind tk = classify_tag(tag, &local);
  unsigned level = level_here(r) + 1 + (tk == TAG_LOCAL ? 1 : 0);
  yframe *f;
  cfn_node *n;

  if (level > MLS_MAX_NESTING) {
    cfn__fail(&r->b, MLS_ELIMIT, true, &range,
              "nesting deeper than %d levels (MLS_MAX_NESTING)",
              MLS_MAX_NESTING);
    return;
  }
  if (tk == TAG_OTHER || (seq && tk == TAG_MAP) || (!seq && tk == TAG_SEQ) ||
      (tk >= TAG_STR && tk <= TAG_FLOAT)) {
    unsupported_tag(r, tag, &range);
  }
  if (!(n = cfn__node(&r->b, seq ? CFN_SEQ : CFN_MAP, &range))) {
    return;
  }
  f = &r->frames[r->nframes];
  memset(f, 0, sizeof(*f));
  f->node = n;
  f->first = r->b.nstack;
  f->level = level;
  f->base = level_here(r);
  f->maxlevel = level;
  f->block = block;
  f->is_key = next_is_key(r);
  if (tk == TAG_LOCAL) {
    f->tag = local;
  }
  f->anchor =
      mls_span_of((const char *)anc, anc ? strlen((const char *)anc) : 0);
  if (!keep(r, &f->tag) || !keep(r, &f->anchor)) {
    return;
  }
  r->nframes++;
}

static void on_end(yreader *r, const yaml_event_t *ev)
{
  yframe *f = top_frame(r);
  cfn_node *n = f->node;
  unsigned height = f->maxlevel - f->base;

  r->nframes--;
  note_level(r, f->maxlevel);
  if (n->kind == CFN_SEQ ? !cfn__finish_seq(&r->b, n, f->first)
                         : !cfn__finish_map(&r->b, n, f->first)) {
    return;
  }
  if (!f->block) {
    n->range.end = pos_of(r, &ev->end_mark);
  } else if (n->n > 0) {
    const cfn_node *last =
        n->kind == CFN_SEQ ? n->u.items[n->n - 1] : n->u.pairs[n->n - 1].value;
    n->range.end = last->range.end;
    if (last->range.end.byte < n->range.start.byte) {
      n->range.end = n->range.start; /* a shared alias target */
    }
  }
  if (f->tag.len > 0 || f->anchor.len > 0) {
    /* The collection starts at its content; a short form wraps it from
     * the tag on. */
    mls_range whole = n->range, tr;
    n->range.start = content_start(r, &whole, &tr);
    if (f->tag.len > 0 &&
        !(n = cfn__short_form(&r->b, f->tag, &tr, &whole, n))) {
      return;
    }
  }
  if (f->is_key && !(n = complex_key(r, n))) {
    return;
  }
  if (f->anchor.len) {
    add_anchor(r, f->anchor, n, height);
  }
  attach(r, n);
}

static void on_alias(yreader *r, const yaml_event_t *ev)
{
  mls_range range = range_of(r, &ev->start_mark, &ev->end_mark);
  const char *name = (const char *)ev->data.alias.anchor;
  mls_span s = mls_span_of(name, strlen(name));
  yanchor *a = r->capanchors ? anchor_slot(r, s) : NULL;
  cfn_node *n;

  if (!a || !a->node) {
    cfn__fail(&r->b, MLS_EINPUT, true, &range, "found undefined alias *%.60s",
              name);
    return;
  }
  if (!(r->b.t->flags & CFN_T_ALIASES)) {
    /* One error per file: a file of aliases must not flood the job's
     * diagnostics before the budget below is reached. */
    cfn__fail(&r->b, MLS_EINPUT, false, &range,
              "found alias *%.60s: YAML aliases are not allowed in "
              "CloudFormation templates",
              name);
  }
  r->b.t->flags |= CFN_T_ALIASES;
  size_t left = MLS_MAX_YAML_ALIAS_NODES - r->alias_nodes;
  size_t got = count_nodes(a->node, left);
  if (got > left) {
    cfn__fail(&r->b, MLS_ELIMIT, true, &range,
              "YAML aliases expand to more than %d nodes "
              "(MLS_MAX_YAML_ALIAS_NODES)",
              MLS_MAX_YAML_ALIAS_NODES);
    return;
  }
  r->alias_nodes += got;
  note_level(r, level_here(r) + a->height);
  if (level_here(r) + a->height > MLS_MAX_NESTING) {
    cfn__fail(&r->b, MLS_ELIMIT, true, &range,
              "alias nests deeper than %d levels (MLS_MAX_NESTING)",
              MLS_MAX_NESTING);
    return;
  }
  n = a->node;
  if (next_is_key(r)) {
    if (n->kind == CFN_SEQ || n->kind == CFN_MAP) {
      n = complex_key(r, n);
    } else {
      cfn_node *k = cfn__node(&r->b, CFN_STRING, &range);
      if (k) {
        k->text = n->text;
        k->flags = n->flags & CFN_F_QUOTED;
      }
      n = k;
    }
    if (!n) {
      return;
    }
  }
  attach(r, n);
}

/* The libyaml failure as one diagnostic. */
static void yaml_failure(yreader *r, const yaml_parser_t *p)
{
  mls_range at;
  if (p->error == YAML_MEMORY_ERROR) {
    cfn__fail(&r->b, MLS_ENOMEM, true, NULL, "out of memory in libyaml");
    return;
  }
  if (p->error == YAML_READER_ERROR) {
    at.start = pos_of_byte(r, r->bom + p->problem_offset);
    at.end = at.start;
    if (p->problem_value != -1) {
      cfn__fail(&r->b, MLS_EINPUT, true, &at, "%s: #%X (byte %zu)",
                p->problem ? p->problem : "invalid input",
                (unsigned)p->problem_value, r->bom + p->problem_offset);
    } else {
      cfn__fail(&r->b, MLS_EINPUT, true, &at, "%s (byte %zu)",
                p->problem ? p->problem : "invalid input",
                r->bom + p->problem_offset);
    }
    return;
  }
  at.start = pos_of(r, &p->problem_mark);
  at.end = at.start;
  if (p->context) {
    cfn__fail(&r->b, MLS_EINPUT, true, &at, "%s; %s (line %u, column %u)",
              p->context, p->problem ? p->problem : "syntax error",
              (unsigned)p->problem_mark.line + 1,
              (unsigned)p->problem_mark.column + 1);
  } else {
    cfn__fail(&r->b, MLS_EINPUT, true, &at, "%s (line %u, column %u)",
              p->problem ? p->problem : "syntax error",
              (unsigned)p->problem_mark.line + 1,
              (unsigned)p->problem_mark.column + 1);
  }
}

static void on_event(yreader *r, const yaml_event_t *ev)
{
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (r->seen_doc) {
      mls_range at = range_of(r, &ev->start_mark, &ev->end_mark);
      cfn__fail(&r->b, MLS_EINPUT, true, &at,
                "expected a single document in the stream, but found "
                "another document");
    }
    r->seen_doc = true;
    break;
  case YAML_SCALAR_EVENT:
    on_scalar(r, ev);
    break;
  case YAML_SEQUENCE_START_EVENT:
    on_start(r, ev, true);
    break;
  case YAML_MAPPING_START_EVENT:
    on_start(r, ev, false);
    break;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    on_end(r, ev);
    break;
  case YAML_ALIAS_EVENT:
    on_alias(r, ev);
    break;
  case YAML_STREAM_END_EVENT:
    r->done = true;
    break;
  default:
    break;
  }
}

/* Bytes of UTF-8 BOMs at the start: cfnref strips one (utf-8-sig) and
 * PyYAML skips a second; libyaml must see neither, or its marks would not
 * count them. */
static size_t bom_bytes(const unsigned char *s, size_t len)
{
  size_t n = 0;
  while (n < 6 && len - n >= 3 && s[n] == 0xEF && s[n + 1] == 0xBB &&
         s[n + 2] == 0xBF) {
    n += 3;
  }
  return n;
}

int cfn__load_yaml(cfn_template *t, mls_diag *diag)
{
  yreader r;
  yaml_parser_t parser;
  cfn_yfast fast;
  bool parser_ready = false;

  memset(&r, 0, sizeof(r));
  cfn__builder_init(&r.b, t, diag);
  r.src = (const unsigned char *)t->src;
  r.len = t->len;
  r.bom = bom_bytes(r.src, r.len);
  if (r.bom) {
    t->flags |= CFN_T_BOM;
  }
  t->format = CFN_FORMAT_YAML;
  if (r.len > r.bom && (r.src[r.bom] == 0xFE || r.src[r.bom] == 0xFF)) {
    mls_range at;
    at.start = pos_of_byte(&r, r.bom);
    at.end = at.start;
    cfn__fail(&r.b, MLS_EINPUT, true, &at,
              "not UTF-8 (a UTF-16 byte-order mark?)");
    goto done;
  }
  r.has_tab = memchr(r.src + r.bom, '\t', r.len - r.bom) != NULL;
  if (!(r.frames = mls_malloc((MLS_MAX_NESTING + 2) * sizeof(*r.frames)))) {
    cfn__fail(&r.b, MLS_ENOMEM, true, NULL, "out of memory");
    goto done;
  }
  if (!r.has_tab && cfn__yaml_fast(&fast, r.src + r.bom, r.len - r.bom)) {
    /* libyaml's events, without libyaml (yaml_fast.h); their marks count
     * bytes, as an ASCII file's do. */
    r.ascii = true;
    for (size_t i = 0; i < fast.n && !r.done && !r.b.stop; i++) {
      on_event(&r, &fast.ev[i]);
    }
    cfn__yaml_fast_dispose(&fast);
    if (!r.b.stop) {
      t->root = r.root;
    }
    goto done;
  }
  /* libyaml's marks count characters: bytes only in ASCII text. */
  r.ascii = all_ascii(r.src + r.bom, r.len - r.bom);
  if (!yaml_parser_initialize(&parser)) {
    cfn__fail(&r.b, MLS_ENOMEM, true, NULL, "out of memory in libyaml");
    goto done;
  }
  parser_ready = true;
  yaml_parser_set_input_string(&parser, r.src + r.bom, r.len - r.bom);
  while (!r.done && !r.b.stop) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      yaml_failure(&r, &parser);
      break;
    }
    on_event(&r, &ev);
    yaml_event_delete(&ev);
  }
  if (!r.b.stop) {
    t->root = r.root;
    if (r.has_tab) {
      check_tabs(&r);
    }
  }

done:
  if (parser_ready) {
    yaml_parser_delete(&parser);
  }
  mls_free(r.frames);
  mls_free(r.anchors);
  mls_free(r.quoted);
  cfn__builder_dispose(&r.b);
  return r.b.rc;
}

int cfn_yaml_events(const char *src, size_t len, size_t *nevents)
{
  yaml_parser_t parser;
  size_t n = 0;
  int rc = MLS_OK;

  if (!yaml_parser_initialize(&parser)) {
    return MLS_ENOMEM;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      rc = parser.error == YAML_MEMORY_ERROR ? MLS_ENOMEM : MLS_EINPUT;
      break;
    }
    n++;
    bool end = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (end) {
      break;
    }
  }
  yaml_parser_delete(&parser);
  if (nevents) {
    *nevents = n;
  }
  return rc;
}
