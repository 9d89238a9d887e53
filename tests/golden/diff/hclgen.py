#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/golden/diff/hclgen.py -- random, mostly-valid HCL2 native syntax.
#
# A grammar-based generator for differential testing of mlsweep's HCL
# parser against hclref (hclsyntax 2.14.1). It covers bodies, blocks
# (nested, one-line, quoted/bare labels), comments in odd places, every
# expression form (numbers, templates with escapes/interpolation/
# directives/strip markers, heredocs, tuples, objects, calls, traversals,
# splats, for expressions, conditionals, operators), Unicode, BOM and CRLF.
# A small share of the output is deliberately invalid (bad escapes, stray
# tokens, duplicate attributes) so that error handling is compared too.
#
# usage: hclgen.py [--seed N] [--count N] [--out DIR] [--prefix P]
#        hclgen.py --seed N            # one file on stdout
# Python 3 standard library only; output is a pure function of the seed.
import argparse
import os
import random
import sys

ASCII_IDS = ["a", "b", "c", "foo", "bar_baz", "x-y", "_u", "var", "local",
             "each", "count", "self", "path", "v1", "aws_instance", "name",
             "tags", "x__", "A", "Z9", "t-"]
ODD_IDS = ["for", "in", "if", "true", "false", "null", "endif", "else",
           "endfor", "true_", "null_x", "fortune", "index"]
UNI_IDS = ["café", "naïve", "e\u0301x", "日本", "Σσ", "привет", "x\u0301",
           "Åb", "\u212bc", "ñ_1", "α-β"]
UNI_TEXT = ["é", "e\u0301", "👩\u200d💻", "🇫🇷", "\u212b", "Å", "日本語",
            "\u1100\u1161\u11a8", "ﬁ", "\u2028", "\u00a0", "ß", "Ω", "\u0301",
            "😀", "\ufeff", "a\u0308", "\U0001F44D\U0001F3FD", "\u0301",
            "\u200d", "\U000E0041", "\udcff", "\udcc3", "\u0085", "\x7f",
            "\x0b", "\x0c", "\ud55c\uae00", "\u1100\u1161"]
KEYWORD_LITS = ["true", "false", "null"]
BINOPS = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
          "%"]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.heredoc_ok = True
        self.noise = rng.choice([0.9, 1.0, 1.0, 1.03, 1.08])
        self.maxd = rng.choice([1, 2, 2, 3, 3, 4])

    # ---- helpers ---------------------------------------------------------
    def p(self, x):
        return self.r.random() < x

    def pick(self, seq):
        return self.r.choice(seq)

    def ident(self):
        x = self.r.random()
        if x < 0.80:
            return self.pick(ASCII_IDS)
        if x < 0.88:
            return self.pick(UNI_IDS)
        if x < 0.95:
            # random ascii identifier
            first = self.pick("abcxyz_ABC")
            rest = "".join(self.pick("abz09_-") for _ in range(self.r.randint(0, 6)))
            return first + rest
        return self.pick(ODD_IDS)

    def inline_comment(self):
        body = self.pick(["", " c ", " * ", " /* ", "#", "//", " x\ny ",
                          " é ", "*", " } ] ) ", " ${x} ", "\n", "\r\n",
                          " \u0301 ", " \udcff ", "**", "/", " <<EOT\n"])
        return "/*" + body + "*/"

    def line_comment(self):
        lead = self.pick(["#", "//"])
        body = self.pick(["", " c", " a = 1", " /* x", " }", " é😀", "#",
                          " ${x}", " \t", " \\", " \udcff", " \r", " \u0301",
                          " \u2028 x", " \x0c", " */"])
        return lead + body

    def ws(self, nl=False, force=False):
        """Whitespace between tokens; nl=True when newlines are ignored."""
        x = self.r.random() * self.noise
        if x < 0.70:
            return " "
        if x < 0.82 and not force:
            return ""
        if x < 0.86:
            return self.pick(["\t", "  ", " \t "])
        if x < 0.90:
            return " " + self.inline_comment() + " "
        if not nl:
            return " "
        if x < 0.96:
            return self.pick(["\n", "\n\n", "\n  ", "\n\t"])
        if x < 0.99:
            return " " + self.line_comment() + "\n"
        return "\n/* multi\n line */\n"

    # ---- literals --------------------------------------------------------
    def number(self):
        return self.pick([
            "0", "1", "42", "007", "00", "1.5", "0.0", "3.14159", "1e3", "1E3",
            "1e+3", "1e-7", "1.25e-3", "2.50", "100.000", "0.1",
            "12345678901234567890123", "1e400", "9" * 60, "0.000000000001",
            "1.7976931348623157e308", "5e-324", "1e+0", "10E-01",
            "123456789.987654321",
        ] + (["1.", "1.e3", "0x10", "1e", "1e+", ".5", "1_000", "01.10",
              "1E-0", "0e0", "0.0e-10"] if self.p(0.05) else []))

    def escape(self):
        x = self.r.random()
        if x < 0.97:
            return self.pick(["\\n", "\\r", "\\t", "\\\"", "\\\\", "\\u00e9",
                              "\\u0041", "\\U0001F600", "\\u0301", "\\u2028",
                              "\\U00000041", "\\u0000", "\\u212B",
                              "\\U0001f44d", "\\u00C5"])
        return self.pick(["\\x", "\\u12", "\\uZZZZ", "\\U0011FFFF",
                          "\\uD800", "\\a", "\\0", "\\U1234", "\\'", "\\$",
                          "\\%", "\\{"])

    def text_chunk(self, quoted):
        """A run of literal template text."""
        x = self.r.random()
        if x < 0.35:
            return "".join(self.pick("abc xyz-_.:/=,[]()*+") for _ in range(self.r.randint(1, 8)))
        if x < 0.50 and quoted:
            return self.escape()
        if x < 0.58:
            return self.pick(UNI_TEXT)
        if x < 0.70:
            return self.pick(["$${", "%%{", "$${x}", "%%{if}", "$$", "%%",
                              "$", "%", "$ {", "% {", "{", "}", "$$$${",
                              "a$", "b%", "$}", "%}"])
        if x < 0.78:
            return self.pick(["\t", "  ", " "])
        if x < 0.84 and not quoted:
            return self.pick(["\\n", "\\\\", "\\\"", "\\u0041", "\"", "'"])
        return self.pick(["hello", "world", "x", "0", "key=value", "#", "//",
                          "/*", "*/", "<<EOT", "~", "\\"[:0]])

    def strip_l(self):
        return "~" if self.p(0.25) else ""

    def interp(self, d, heredoc=False):
        e = self.expr(d + 1, nl=True)
        return ("${" + self.strip_l() + self.ws(nl=True) + e +
                self.ws(nl=True) + self.strip_l() + "}")

    def directive(self, d, quoted, heredoc=False):
        s = lambda: self.strip_l()
        w = lambda: self.ws(nl=False)
        if self.p(0.5):
            out = "%{" + s() + w() + "if " + self.expr(d + 1, nl=True) + w() + s() + "}"
            out += self.template_body(d + 1, quoted, heredoc, short=True)
            if self.p(0.5):
                out += "%{" + s() + w() + "else" + w() + s() + "}"
                out += self.template_body(d + 1, quoted, heredoc, short=True)
            out += "%{" + s() + w() + "endif" + w() + s() + "}"
            return out
        if self.p(0.6):
            head = "for " + self.ident_var() + " in "
        else:
            head = "for " + self.ident_var() + ", " + self.ident_var() + " in "
        out = "%{" + s() + w() + head + self.expr(d + 1, nl=True) + w() + s() + "}"
        out += self.template_body(d + 1, quoted, heredoc, short=True)
        out += "%{" + s() + w() + "endfor" + w() + s() + "}"
        return out

    def ident_var(self):
        return self.pick(["v", "k", "i", "item", "x", "élan", "each_"])

    def template_body(self, d, quoted, heredoc=False, short=False):
        n = self.r.randint(0, 3 if short else 6)
        parts = []
        for _ in range(n):
            x = self.r.random()
            if x < 0.55 or d > self.maxd:
                parts.append(self.text_chunk(quoted))
            elif x < 0.82:
                parts.append(self.interp(d, heredoc))
            else:
                parts.append(self.directive(d, quoted, heredoc))
            if heredoc and self.p(0.25):
                parts.append("\n" + self.pick(["", " ", "  ", "\t", "    ", " \t"]))
        return "".join(parts)

    def quoted(self, d):
        if self.p(0.15):
            return '"' + self.interp(d) + '"'          # template_wrap
        if self.p(0.1):
            return '""'
        return '"' + self.template_body(d, True) + '"'

    def heredoc(self, d):
        marker = self.pick(["EOT", "EOF", "END", "X", "eot", "EOT_1",
                            "MARK-ER", "EOT"])
        flush = self.p(0.5)
        lines = []
        for _ in range(self.r.randint(0, 5)):
            indent = self.pick(["", " ", "  ", "    ", "\t", "\t\t", " \t",
                                "\t ", "      "])
            x = self.r.random()
            if x < 0.12:
                lines.append(self.pick(["", "  ", "\t"]))     # blank-ish line
                continue
            if x < 0.25:
                content = self.interp(d) + self.template_body(d, False, True, short=True)
            else:
                content = self.template_body(d, False, True)
            # a heredoc line must not be exactly the marker; keep it honest
            content = content.replace("\n", "\n" + indent)
            lines.append(indent + content)
        close_indent = self.pick(["", "", "", "  ", "\t", "    "])
        close_tail = ""
        if self.p(0.08):
            close_tail = self.pick([" ", "\t", "  ", "\r", " # c", "x",
                                    " \t", "\u00a0"])
        if self.p(0.05):
            lines.insert(self.r.randint(0, len(lines)),
                         self.pick([marker + "x", "x" + marker, " " + marker + " a",
                                    marker.lower(), "<<" + marker, "${" + marker + "}"]))
        text = "<<" + ("-" if flush else "") + marker + "\n"
        for ln in lines:
            text += ln + "\n"
        text += close_indent + marker + close_tail
        return text

    # ---- expressions -----------------------------------------------------
    def traversal_steps(self, d, nl):
        steps = ""
        for _ in range(self.r.randint(0, 4)):
            x = self.r.random()
            if x < 0.35:
                steps += "." + self.ident()
            elif x < 0.50:
                steps += "[" + self.pick(["0", "1", "10", "00", "1.5", "-1"]) + "]"
            elif x < 0.60:
                steps += '["' + self.pick(["k", "a b", "é", "e\u0301", "${x}", "\\n", ""]) + '"]'
            elif x < 0.68:
                steps += "." + self.pick(["0", "1", "12", "0.1" if self.p(0.05) else "3"])
            elif x < 0.78:
                steps += self.pick(["[*]", ".*", "[ * ]"])
            elif x < 0.92:
                steps += "[" + self.ws(nl) + self.expr(d + 1, nl=True) + self.ws(nl) + "]"
            else:
                steps += "[" + self.quoted(d + 1) + "]"
        return steps

    def primary(self, d, nl):
        x = self.r.random()
        if d >= self.maxd:
            x = x * 0.45
        if x < 0.10:
            return self.number()
        if x < 0.15:
            return self.pick(KEYWORD_LITS)
        if x < 0.30:
            return self.ident() + self.traversal_steps(d, nl)
        if x < 0.42:
            return self.quoted(d)
        if x < 0.45 and self.heredoc_ok and nl:
            return self.heredoc(d) + "\n"
        if x < 0.55:
            return self.call(d, nl)
        if x < 0.65:
            return self.tuple(d) + (self.traversal_steps(d, nl) if self.p(0.2) else "")
        if x < 0.75:
            return self.obj(d) + (self.traversal_steps(d, nl) if self.p(0.2) else "")
        if x < 0.85:
            return self.for_expr(d) + (self.traversal_steps(d, nl) if self.p(0.15) else "")
        return "(" + self.ws(True) + self.expr(d + 1, nl=True) + self.ws(True) + ")" + \
            (self.traversal_steps(d, nl) if self.p(0.3) else "")

    def unary(self, d, nl):
        pre = ""
        if self.p(0.15):
            pre = "".join(self.pick(["-", "!", "- ", "! "]) for _ in range(self.r.randint(1, 3)))
        return pre + self.primary(d, nl)

    def expr(self, d=0, nl=False):
        x = self.r.random()
        if d > self.maxd:
            return self.pick([self.number(), self.ident(), '"s"', "true",
                              self.ident() + "." + self.ident()])
        if x < 0.55:
            return self.unary(d, nl)
        if x < 0.82:
            n = self.r.randint(1, 4)
            out = self.unary(d + 1, nl)
            for _ in range(n):
                op = self.pick(BINOPS)
                out += self.ws(nl) + op + self.ws(nl, force=True) + self.unary(d + 1, nl)
            return out
        # conditional, possibly nested
        c = self.unary(d + 1, nl)
        t = self.expr(d + 2, nl) if self.p(0.3) else self.unary(d + 1, nl)
        f = self.expr(d + 2, nl) if self.p(0.4) else self.unary(d + 1, nl)
        return c + self.ws(nl) + "?" + self.ws(nl, True) + t + self.ws(nl) + ":" + self.ws(nl, True) + f

    def call(self, d, nl):
        name = self.pick(["f", "concat", "lookup", "merge", "jsonencode",
                          "tolist", "length", "format", "max", "cidrsubnet",
                          "fn_2", "é"])
        if self.p(0.003):
            name = "provider::ns::" + name
        args = [self.expr(d + 1, nl=True) for _ in range(self.r.randint(0, 4))]
        sep = lambda: self.ws(True) + "," + self.ws(True)
        out = name + "(" + self.ws(True) + sep().join(args)
        if args and self.p(0.15):
            out += "..."
        if args and self.p(0.2):
            out += self.ws(True) + ","
        return out + self.ws(True) + ")" + (self.traversal_steps(d, nl) if self.p(0.2) else "")

    def tuple(self, d):
        items = [self.expr(d + 1, nl=True) for _ in range(self.r.randint(0, 4))]
        out = "[" + self.ws(True)
        out += (self.ws(True) + "," + self.ws(True)).join(items)
        if items and self.p(0.25):
            out += self.ws(True) + ","
        return out + self.ws(True) + "]"

    def obj_key(self, d):
        x = self.r.random()
        if x < 0.45:
            return self.ident()
        if x < 0.65:
            return '"' + self.template_body(d + 1, True, short=True) + '"'
        if x < 0.75:
            return '"${' + self.ident() + '}"'
        if x < 0.87:
            return "(" + self.expr(d + 1, nl=True) + ")"
        if x < 0.93:
            return self.ident() + "." + self.ident()
        return self.pick(["1", "true", "null", "-1", "a.b[0]", "f(x)"])

    def obj(self, d):
        items = []
        for _ in range(self.r.randint(0, 4)):
            eq = self.pick(["=", "=", ":", " = ", ": "])
            items.append(self.obj_key(d) + self.ws() + eq + self.ws(False, True) +
                         self.expr(d + 1, nl=False))
        out = "{" + self.ws(True)
        for i, it in enumerate(items):
            out += it
            if i < len(items) - 1:
                out += self.pick([",", ", ", "\n", ",\n", " # c\n", " // x\n",
                                  ",\n\n", " /* c */,", "\n  "])
        if items and self.p(0.3):
            out += self.pick([",", ",\n", "\n"])
        return out + self.ws(True) + "}"

    def for_expr(self, d):
        objf = self.p(0.45)
        w = lambda: self.ws(True)
        head = "for" + " " + w()
        if self.p(0.5) or objf:
            head += self.ident_var() + w() + "," + w() + self.ident_var()
        else:
            head += self.ident_var()
        head += " " + w() + "in" + " " + w() + self.expr(d + 1, nl=True) + w() + ":" + w()
        if objf:
            body = self.expr(d + 1, nl=True) + w() + "=>" + w() + self.expr(d + 1, nl=True)
            if self.p(0.25):
                body += "..."
        else:
            body = self.expr(d + 1, nl=True)
        if self.p(0.3):
            body += " " + w() + "if" + " " + w() + self.expr(d + 1, nl=True)
        return ("{" if objf else "[") + w() + head + body + w() + ("}" if objf else "]")

    # ---- structure -------------------------------------------------------
    def label(self):
        if self.p(0.6):
            return '"' + self.pick(["x", "web", "aws_instance", "a b", "é",
                                    "e\u0301", "", "\\n", "\\u00e9", "日本",
                                    "\\\"q\\\"", "😀", "$${x}", "%%{",
                                    "${x}" if self.p(0.1) else "x"]) + '"'
        return self.ident()

    def attribute(self, d, names):
        name = self.ident()
        if name in names and not self.p(0.03):
            name = name + "_" + str(len(names))
        names.add(name)
        self.heredoc_ok = True
        if self.heredoc_ok and self.p(0.08):
            return name + self.ws() + "=" + self.ws(False, True) + self.heredoc(1)
        e = self.expr(0 if d == 0 else 1, nl=False)
        line = name + self.ws() + "=" + self.ws(False, True) + e
        if self.p(0.2):
            line += self.pick([" # trailing", " // trailing", " /* t */",
                               "\t#", " /* a\nb */"])
        return line

    def block(self, d, indent):
        btype = self.pick(["resource", "data", "locals", "module",
                           "variable", "b", "dynamic", "provisioner",
                           "lifecycle", "nested", "日本"]) if self.p(0.9) else self.ident()
        labels = [self.label() for _ in range(self.r.randint(0, 3))]
        head = btype
        for lab in labels:
            head += (self.pick([" ", " ", "\t", " /* c */ ", "/**/", ""]) if lab.startswith('"') else " ") + lab
        head += self.pick([" ", "", "\t", " /* c */ "])
        if self.p(0.15):
            # one-line block
            x = self.r.random()
            if x < 0.4:
                return head + "{}"
            if x < 0.8:
                self.heredoc_ok = False
                a = self.attribute(d + 1, set())
                self.heredoc_ok = True
                if "\n" in a:
                    a = "a = 1"
                return head + "{" + self.pick([" ", "", "  "]) + a + self.pick([" ", "", "  "]) + "}"
            return head + self.pick(["{ a = 1, b = 2 }", "{ c {} }", "{ a = 1\n}",
                                     "{\n}", "{ }"])
        body = self.body(d + 1, indent + self.pick(["  ", "\t", "    "]))
        return head + "{" + self.pick(["", " # c", " // c", " /* c */", "  "]) + "\n" + body + indent + "}"

    def body(self, d, indent=""):
        out = ""
        names = set()
        n = self.r.randint(1 if d == 0 else 0, 5 if d < 2 else 2)
        for _ in range(n):
            x = self.r.random()
            if x < 0.08:
                out += indent + self.line_comment() + "\n"
                continue
            if x < 0.12:
                out += self.pick(["\n", "\n\n", "  \n", "\t\n"])
                continue
            if x < 0.15:
                out += indent + self.inline_comment() + self.pick(["\n", " "])
                if not out.endswith("\n"):
                    out += "\n"
                continue
            if x < 0.60 or d >= 3:
                out += indent + self.attribute(d, names) + "\n"
            else:
                out += indent + self.block(d, indent) + self.pick(["\n", "\n", " # c\n", "\n\n"])
        return out


def corrupt(rng, text):
    """Occasionally break a file with a tiny random edit."""
    if not text:
        return text
    pos = rng.randrange(len(text))
    junk = rng.choice(["{", "}", "[", "]", "(", ")", '"', "$", "%", "~", "=",
                       ",", ".", "<<", "\n", "#", "/*", "?", ":", "!", "\\",
                       "${", "%{", "\x00", "\t"])
    if rng.random() < 0.5:
        return text[:pos] + junk + text[pos:]
    return text[:pos] + text[pos + 1:]


def generate(seed):
    rng = random.Random(seed)
    g = Gen(rng)
    text = g.body(0)
    if rng.random() < 0.05:
        text = corrupt(rng, text)
    if rng.random() < 0.12:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogateescape")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.08 and data.endswith(b"\n"):
        data = data.rstrip(b"\r\n")        # no final newline
    if rng.random() < 0.01:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")   # old Mac
    if rng.random() < 0.02:
        data = data + rng.choice([b"\n\n", b"   ", b"\t", b"#", b"//",
                                  b"/**/", b"\r", b"\n\r\n"])
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--out")
    ap.add_argument("--prefix", default="g")
    ap.add_argument("--max-bytes", type=int, default=0,
                    help="skip seeds whose output exceeds this size")
    a = ap.parse_args()
    if not a.out:
        sys.stdout.buffer.write(generate(a.seed))
        return
    os.makedirs(a.out, exist_ok=True)
    made, seed = 0, a.seed
    while made < a.count:
        data = generate(seed)
        if not a.max_bytes or len(data) <= a.max_bytes:
            with open(os.path.join(a.out, "%s%07d.hcl" % (a.prefix, seed)), "wb") as fh:
                fh.write(data)
            made += 1
        seed += 1


if __name__ == "__main__":
    main()
