# SPDX-License-Identifier: Apache-2.0
#
# tests/lint/strip_c.awk -- print C source with comments and the contents
# of string and character literals blanked, keeping every line (and so
# every line number) in place, so that the lint greps see only code.
# A literal's quotes stay; its contents become spaces. Handles /* */ across
# lines, //, and backslash escapes inside literals. Not a preprocessor:
# an #include's <...> is kept as written.
{
  line = $0
  out = ""
  n = length(line)
  i = 1
  while (i <= n) {
    c = substr(line, i, 1)
    two = substr(line, i, 2)
    if (in_block) {
      if (two == "*/") {
        in_block = 0
        out = out "  "
        i += 2
      } else {
        out = out " "
        i++
      }
      continue
    }
    if (two == "/*") {
      in_block = 1
      out = out "  "
      i += 2
      continue
    }
    if (two == "//") {
      break
    }
    if (c == "\"" || c == "'") {
      q = c
      out = out q
      i++
      while (i <= n) {
        c = substr(line, i, 1)
        if (c == "\\") {
          out = out "  "
          i += 2
          continue
        }
        if (c == q) {
          break
        }
        out = out " "
        i++
      }
      if (i <= n) {
        out = out q
        i++
      }
      continue
    }
    out = out c
    i++
  }
  print out
}
