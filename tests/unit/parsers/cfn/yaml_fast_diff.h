/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/yaml_fast_diff.h -- holds cfn__yaml_fast() to
 * libyaml: for one input, either the fast reader declines, or libyaml reads
 * the input without error into the same events.
 *
 * "The same" is every field parsers/cfn/yaml.c reads: the event types in
 * order; a scalar's value, length, style, tag and anchor
 * and both marks; a collection start's tag, anchor, style and both marks;
 * a flow collection end's end mark. Stream, document and block end marks
 * are not read by yaml.c and not compared. libyaml's marks count
 * characters and the fast reader's bytes: libyaml's are converted to bytes
 * first, as yaml.c converts them.
 *
 * Test code only (the unit suite and the yaml_fast fuzz target).
 */
#ifndef MLS_TESTS_YAML_FAST_DIFF_H
#define MLS_TESTS_YAML_FAST_DIFF_H

#include "parsers/cfn/yaml_fast.h"

#include "core/base/alloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

typedef enum yfast_verdict {
  YFAST_SAME = 0, /* accepted, and libyaml's events */
  YFAST_DECLINED = 1 /* left to libyaml */,
  YFAST_DIFFERENT = -1
} yfast_verdict;

/* c2b[i]: the byte offset of character i of the UTF-8 text (one past the
 * last character: its length). */
static inline yaml_mark_t yfast_to_bytes(const yaml_mark_t *m,
                                         const size_t *c2b, size_t nchars)
{
  yaml_mark_t b = *m;
  if (m->index <= nchars && m->column <= m->index) {
    b.index = c2b[m->index];
    b.column = c2b[m->index] - c2b[m->index - m->column];
  }
  return b;
}

/* a: the fast reader's mark (bytes); b: libyaml's (characters). */
static inline bool yfast_mark_eq_c2b(const yaml_mark_t *a, const yaml_mark_t *l,
                                     const size_t *c2b, size_t nchars)
{
  yaml_mark_t b = yfast_to_bytes(l, c2b, nchars);
  return a->index == b.index && a->line == b.line && a->column == b.column;
}

static inline bool yfast_str_eq(const yaml_char_t *a, const yaml_char_t *b)
{
  return (!a && !b) ||
         (a && b && strcmp((const char *)a, (const char *)b) == 0);
}

/* Compares fast event f with libyaml's event l; `flow_end`: l closes a flow
 * collection. A difference is described in why. */
static inline bool yfast_event_eq(const yaml_event_t *f, const yaml_event_t *l,
                                  bool flow_end, const size_t *c2b,
                                  size_t nchars, char *why, size_t whylen)
{
  const char *what = NULL;

  if (f->type != l->type) {
    what = "type";
  } else if (f->type == YAML_SCALAR_EVENT) {
    if (f->data.scalar.length != l->data.scalar.length ||
        memcmp(f->data.scalar.value, l->data.scalar.value,
               l->data.scalar.length) != 0) {
      what = "scalar value";
    } else if (f->data.scalar.style != l->data.scalar.style) {
      what = "scalar style";
    } else if (!yfast_str_eq(f->data.scalar.tag, l->data.scalar.tag)) {
      what = "scalar tag";
    } else if (!yfast_str_eq(f->data.scalar.anchor, l->data.scalar.anchor)) {
      what = "scalar anchor";
    }
  } else if (f->type == YAML_SEQUENCE_START_EVENT) {
    if (!yfast_str_eq(f->data.sequence_start.tag, l->data.sequence_start.tag) ||
        !yfast_str_eq(f->data.sequence_start.anchor,
                      l->data.sequence_start.anchor)) {
      what = "sequence tag or anchor";
    } else if ((f->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE) !=
               (l->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE)) {
      what = "sequence style";
    }
  } else if (f->type == YAML_MAPPING_START_EVENT) {
    if (!yfast_str_eq(f->data.mapping_start.tag, l->data.mapping_start.tag) ||
        !yfast_str_eq(f->data.mapping_start.anchor,
                      l->data.mapping_start.anchor)) {
      what = "mapping tag or anchor";
    } else if ((f->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE) !=
               (l->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE)) {
      what = "mapping style";
    }
  }
  if (!what &&
      (f->type == YAML_SCALAR_EVENT || f->type == YAML_SEQUENCE_START_EVENT ||
       f->type == YAML_MAPPING_START_EVENT) &&
      !yfast_mark_eq_c2b(&f->start_mark, &l->start_mark, c2b, nchars)) {
    what = "start mark";
  }
  if (!what &&
      (f->type == YAML_SCALAR_EVENT || f->type == YAML_SEQUENCE_START_EVENT ||
       f->type == YAML_MAPPING_START_EVENT || flow_end) &&
      !yfast_mark_eq_c2b(&f->end_mark, &l->end_mark, c2b, nchars)) {
    what = "end mark";
  }
  if (what) {
    snprintf(why, whylen,
             "%s: type %d/%d, fast [%zu:%zu:%zu-%zu:%zu:%zu], libyaml "
             "[%zu:%zu:%zu-%zu:%zu:%zu]",
             what, (int)f->type, (int)l->type, f->start_mark.index,
             f->start_mark.line, f->start_mark.column, f->end_mark.index,
             f->end_mark.line, f->end_mark.column, l->start_mark.index,
             l->start_mark.line, l->start_mark.column, l->end_mark.index,
             l->end_mark.line, l->end_mark.column);
    return false;
  }
  return true;
}

static inline yfast_verdict yfast_diff(const unsigned char *src, size_t len,
                                       char *why, size_t whylen)
{
  cfn_yfast fast;
  yaml_parser_t parser;
  yfast_verdict v = YFAST_SAME;
  bool flow[MLS_YAML_FAST_MAX_DEPTH + 2];
  size_t depth = 0, i = 0;

  size_t *c2b, nchars = 0;

  why[0] = '\0';
  if (!cfn__yaml_fast(&fast, src, len)) {
    return YFAST_DECLINED;
  }
  /* Taken: the text is valid UTF-8, so this is every character's start. */
  if (!(c2b = mls_malloc((len + 1) * sizeof(*c2b)))) {
    snprintf(why, whylen, "out of memory");
    cfn__yaml_fast_dispose(&fast);
    return YFAST_DIFFERENT;
  }
  for (size_t b = 0; b < len; b++) {
    if ((src[b] & 0xC0) != 0x80) {
      c2b[nchars++] = b;
    }
  }
  c2b[nchars] = len;
  if (!yaml_parser_initialize(&parser)) {
    snprintf(why, whylen, "libyaml could not start");
    cfn__yaml_fast_dispose(&fast);
    mls_free(c2b);
    return YFAST_DIFFERENT;
  }
  yaml_parser_set_input_string(&parser, src, len);
  for (;;) {
    yaml_event_t ev;
    bool flow_end = false, end;
    if (!yaml_parser_parse(&parser, &ev)) {
      snprintf(why, whylen, "libyaml fails at event %zu: %s (line %zu)", i,
               parser.problem ? parser.problem : "?",
               parser.problem_mark.line + 1);
      v = YFAST_DIFFERENT;
      break;
    }
    if (ev.type == YAML_SEQUENCE_START_EVENT ||
        ev.type == YAML_MAPPING_START_EVENT) {
      bool f = ev.type == YAML_SEQUENCE_START_EVENT
                   ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                   : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
      if (depth < sizeof(flow) / sizeof(flow[0])) {
        flow[depth] = f;
      }
      depth++;
    } else if (ev.type == YAML_SEQUENCE_END_EVENT ||
               ev.type == YAML_MAPPING_END_EVENT) {
      depth = depth ? depth - 1 : 0;
      flow_end = depth < sizeof(flow) / sizeof(flow[0]) && flow[depth];
    }
    if (i >= fast.n) {
      snprintf(why, whylen, "libyaml has more events than %zu", fast.n);
      v = YFAST_DIFFERENT;
    } else if (!yfast_event_eq(&fast.ev[i], &ev, flow_end, c2b, nchars, why,
                               whylen)) {
      char at[64];
      snprintf(at, sizeof(at), " (event %zu)", i);
      strncat(why, at, whylen - strlen(why) - 1);
      v = YFAST_DIFFERENT;
    }
    end = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    i++;
    if (v != YFAST_SAME || end) {
      break;
    }
  }
  if (v == YFAST_SAME && i != fast.n) {
    snprintf(why, whylen, "fast has %zu events, libyaml %zu", fast.n, i);
    v = YFAST_DIFFERENT;
  }
  yaml_parser_delete(&parser);
  cfn__yaml_fast_dispose(&fast);
  mls_free(c2b);
  return v;
}

#endif /* MLS_TESTS_YAML_FAST_DIFF_H */
