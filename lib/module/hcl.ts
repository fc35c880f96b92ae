/**
 * Just enough HCL for the registry module: Terraform expressions built from JavaScript values,
 * string escaping, and `terraform fmt`-compatible blocks for variables.tf, outputs.tf and
 * versions.tf (the module's main.tf.json stays JSON).
 *
 * Values may carry Terraform expressions in two ways:
 * - an {@link HclExpr} object, rendered as its raw text;
 * - a marker (see {@link marker}) inside a string, rendered as an interpolation. Markers let
 *   functions written for plain values (lib/constructs/controller/jcasc.ts, lib/constructs/image/controller-image.ts) produce
 *   Terraform templates: pass `marker("t.cpu")` where they expect a value.
 */

import { interpolationEnd } from "../constructs/foundation/terraform-interpolation";

/** A raw Terraform expression. */
export class HclExpr {
  constructor(public readonly text: string) {}
}

/** Shorthand for a raw Terraform expression. */
export function expr(text: string): HclExpr {
  return new HclExpr(text);
}

const MARK_OPEN = "\u0001";
const MARK_CLOSE = "\u0002";
// eslint-disable-next-line no-control-regex -- \u0001/\u0002 are the markers this file writes around expressions
const MARKERS = /\u0001([^\u0001\u0002]*)\u0002/g;

/** A placeholder for a Terraform expression inside a string value. */
export function marker(expression: string): string {
  return `${MARK_OPEN}${expression}${MARK_CLOSE}`;
}

/** Whether a string contains markers. */
export function hasMarkers(s: string): boolean {
  return s.includes(MARK_OPEN);
}

function escapeChars(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

/** Escapes text for a quoted template so it stays literal: `${` and `%{` are doubled. */
export function escapeLiteral(s: string): string {
  // Replacement functions: in a replacement string "$$" would mean a single "$".
  return escapeChars(s)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
}

/** A quoted HCL string whose content is literal text (no interpolation). */
export function hclString(s: string): string {
  return `"${escapeLiteral(s)}"`;
}

/**
 * A quoted HCL template: `${...}` and `%{...}` in `s` stay Terraform syntax; quotes,
 * backslashes and control characters are escaped. For strings that already are Terraform
 * templates (values of Terraform JSON, where the same template syntax applies).
 */
export function hclTemplate(s: string): string {
  // Literal parts are escaped; `${...}`/`%{...}` parts are expressions and stay as written
  // (their own string literals use plain quotes in HCL, as in Terraform JSON).
  let out = "";
  let literal = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if ((ch === "$" || ch === "%") && s[i + 1] === "{" && s[i - 1] !== ch) {
      const end = interpolationEnd(s, i + 2);
      if (end < 0) break;
      out += escapeChars(literal) + s.slice(i, end + 1);
      literal = "";
      i = end;
      continue;
    }
    literal += ch;
  }
  return `"${out}${escapeChars(literal)}"`;
}

/** A string with markers as an HCL expression: the raw expression, or a template. */
function markedString(s: string): string {
  // eslint-disable-next-line no-control-regex -- the markers written by MARK_OPEN/MARK_CLOSE
  const whole = /^\u0001([^\u0001\u0002]*)\u0002$/.exec(s);
  if (whole) return whole[1];
  let out = "";
  let last = 0;
  for (const m of s.matchAll(MARKERS)) {
    out += escapeLiteral(s.slice(last, m.index));
    out += `\${${m[1]}}`;
    last = m.index! + m[0].length;
  }
  out += escapeLiteral(s.slice(last));
  return `"${out}"`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An object key: bare when it is an identifier, else quoted. */
export function hclKey(k: string): string {
  return IDENT.test(k) ? k : hclString(k);
}

/**
 * A JavaScript value as a one-line HCL expression. Strings are literal unless they carry
 * markers; `undefined` members of objects are left out.
 */
export function hclInline(v: unknown): string {
  if (v instanceof HclExpr) return v.text;
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return hasMarkers(v) ? markedString(v) : hclString(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in HCL`);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(hclInline).join(", ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, x]) => `${hclKey(k)} = ${hclInline(x)}`).join(", ")} }`;
  }
  throw new Error(`cannot write a ${typeof v} in HCL`);
}

/** Attributes of a block or object: aligned like `terraform fmt` (runs of one-line attributes). */
export function alignAttributes(attrs: Array<[string, string]>, indent: string): string[] {
  const lines: string[] = [];
  let run: Array<[string, string]> = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, value] of run) lines.push(`${indent}${k.padEnd(width)} = ${value}`);
    run = [];
  };
  for (const [k, value] of attrs) {
    if (value.includes("\n")) {
      flush();
      lines.push(`${indent}${k} = ${value}`);
    } else {
      run.push([k, value]);
    }
  }
  flush();
  return lines;
}

/**
 * A JavaScript value as a (possibly multi-line) HCL expression, formatted like `terraform fmt`:
 * empty and short scalar-only collections inline, others one member per line.
 */
export function hclPretty(v: unknown, indent = ""): string {
  if (v instanceof HclExpr || v === null || v === undefined || typeof v !== "object") return hclInline(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inline = hclInline(v);
    if (v.every((x) => x === null || typeof x !== "object" || x instanceof HclExpr) && inline.length <= 80) return inline;
    return `[\n${v.map((x) => `${inner}${hclPretty(x, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  const attrs = entries.map(([k, x]) => [hclKey(k), hclPretty(x, inner)] as [string, string]);
  return `{\n${alignAttributes(attrs, inner).join("\n")}\n${indent}}`;
}

/** One block member: an attribute or a nested block. */
export type HclMember = { attr: string; value: string } | { block: string; labels?: string[]; body: HclMember[] } | { blank: true };

/** A block such as `variable "x" { ... }`, formatted like `terraform fmt`. */
export function hclBlock(type: string, labels: string[], body: HclMember[], indent = ""): string {
  const head = [type, ...labels.map((l) => hclString(l))].join(" ");
  const inner = `${indent}  `;
  const lines: string[] = [];
  let attrs: Array<[string, string]> = [];
  const flush = () => {
    lines.push(...alignAttributes(attrs, inner));
    attrs = [];
  };
  for (const m of body) {
    if ("attr" in m) attrs.push([m.attr, m.value]);
    else if ("blank" in m) {
      flush();
      lines.push("");
    } else {
      flush();
      lines.push(hclBlock(m.block, m.labels ?? [], m.body, inner));
    }
  }
  flush();
  return `${indent}${head} {\n${lines.join("\n")}\n${indent}}`;
}

/**
 * A Terraform JSON string value as an HCL expression: `"${expr}"` (one interpolation and
 * nothing else) becomes `expr`; any other string becomes a quoted template.
 */
export function expressionFromJsonValue(v: unknown): string {
  if (typeof v === "string") {
    const inner = singleInterpolation(v);
    return inner !== undefined ? inner.trim() : hclTemplate(v);
  }
  if (v !== null && typeof v === "object") throw new Error(`expected a Terraform expression string, got ${JSON.stringify(v)}`);
  return hclInline(v);
}

/**
 * The expression of a template that is exactly one interpolation (`${expr}`), or undefined.
 * Scans nested braces, quoted strings and templates inside them.
 */
export function singleInterpolation(s: string): string | undefined {
  if (!s.startsWith("${")) return undefined;
  const end = interpolationEnd(s, 2);
  return end === s.length - 1 ? s.slice(2, end) : undefined;
}
