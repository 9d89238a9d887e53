/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/yaml_fast.h -- libyaml's events for the plain subset of YAML
 * that CloudFormation templates are mostly written in, without libyaml.
 *
 * libyaml spends ~130 instructions a byte on a template; most templates use
 * only block mappings and sequences, one-line plain and quoted scalars,
 * literal and folded block scalars, one-line flow collections, comments
 * and short-form tags. For such a file cfn__yaml_fast() makes the very
 * events libyaml would (types, values, styles, tags and every mark yaml.c
 * reads) at a fraction of the cost. One difference: its marks count bytes
 * where libyaml's count characters (the same in ASCII text), which is
 * what yaml.c converts libyaml's marks into anyway. For anything else it
 * declines, having produced nothing the caller keeps, and the caller asks
 * libyaml: the subset is a fast path, never a second dialect. The
 * yaml_fast fuzz target and tests/unit/parsers/cfn/test_yaml_fast.c hold
 * it to libyaml's events.
 *
 * Declined, among others: TAB, a CR not before LF, control characters,
 * invalid UTF-8 and the characters libyaml treats specially (NEL, LS, PS,
 * BOM), anchors, aliases, plain and quoted scalars over more than one
 * line, the escapes \N \_ \L \P and bad ones, flow collections over more
 * than one line, block scalars with an indentation indicator, leading
 * empty lines or lines of spaces only, complex keys (?), directives,
 * document markers other than one leading "---", empty sequence entries,
 * tags other than !Name, every syntax error, and nesting deeper than
 * MLS_YAML_FAST_MAX_DEPTH.
 */
#ifndef MLS_CFN_YAML_FAST_H
#define MLS_CFN_YAML_FAST_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* Deeper input is libyaml's, which reports yaml.c's nesting limit. */
#define MLS_YAML_FAST_MAX_DEPTH 128

/* Bigger input is libyaml's too, which streams its events: the fast
 * reader holds all of them (about 100 bytes each) and a text buffer of
 * twice the input, so it stops at CloudFormation's own template size
 * limit (1 MB) and at 65,536 events (6.5 MB of them). */
#define MLS_YAML_FAST_MAX_BYTES  ((size_t)1 << 20)
#define MLS_YAML_FAST_MAX_EVENTS ((size_t)1 << 16)

typedef struct cfn_yfast {
  yaml_event_t *ev; /* owned: the events, stream start to stream end */
  size_t n;         /* events used in ev */
  size_t cap;       /* events allocated in ev */
  char *text;       /* owned: scalar values and tags, NUL-terminated, that
                       the events point into */
  size_t used;      /* bytes used in text */
  size_t size;      /* bytes allocated in text */
} cfn_yfast;

/* The events of src[0..len) (no BOM) into *out, true; or false when the
 * input is outside the subset or memory ran out, *out then empty. Events
 * point into out->text: they are not to be passed to yaml_event_delete(). */
bool cfn__yaml_fast(cfn_yfast *out, const unsigned char *src, size_t len);

void cfn__yaml_fast_dispose(cfn_yfast *f);

#endif /* MLS_CFN_YAML_FAST_H */
