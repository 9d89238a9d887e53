/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/rc.c -- names of return codes, for diagnostics and tests.
 */
#include "core/base/rc.h"

const char *mls_rc_name(int rc)
{
  switch (rc) {
  case MLS_OK:
    return "OK";
  case MLS_ERROR:
    return "ERROR";
  case MLS_ENOMEM:
    return "ENOMEM";
  case MLS_EIO:
    return "EIO";
  case MLS_EGIT:
    return "EGIT";
  case MLS_EINPUT:
    return "EINPUT";
  case MLS_ELIMIT:
    return "ELIMIT";
  case MLS_ECANCEL:
    return "ECANCEL";
  default:
    return "?";
  }
}
