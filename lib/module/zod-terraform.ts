/**
 * Terraform variable types, defaults, descriptions and validation conditions derived from the
 * project's zod schema (lib/config/schema.ts), so the registry module validates its inputs
 * with the same rules and messages as `vars.json`.
 *
 * Terraform's `regex()` is RE2: no lookaround. Lookaheads at the start of a pattern (the only
 * place the schema uses them) become separate `can(regex(...))` terms; any other lookaround
 * is an error at build time rather than a silently different rule.
 */
import type { z } from "zod";
import { ConfigSchema } from "../config/schema-with-rules";
import { hclString } from "./hcl";

/** A validation rule for a non-null value: a Terraform condition and what must hold. */
export interface TfCondition {
  /** Terraform expression, true when the value is valid. */
  readonly condition: string;
  /** What must hold, without subject, e.g. "must be a VPC id like vpc-0123456789abcdef0". */
  readonly message: string;
  /** For collections: which part the message is about, e.g. "each item of". */
  readonly part?: string;
}

/** What a schema field says about itself. */
export interface FieldInfo {
  /** The innermost schema (no default/optional wrappers). */
  readonly schema: z.ZodType;
  /** Description from `.describe()`. */
  readonly description: string;
  /** Whether the field has a default. */
  readonly hasDefault: boolean;
  /** The default value, when there is one. */
  readonly default?: unknown;
  /** Whether the field may be left out with no default. */
  readonly optional: boolean;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly"]);

/** The schema at a dotted path of ConfigSchema, e.g. `network.vpcId` or `agents.templates[].cpu`. */
export function configField(path: string): z.ZodType {
  let cur: unknown = ConfigSchema;
  for (const raw of path.split(".")) {
    const isElement = raw.endsWith("[]");
    const key = isElement ? raw.slice(0, -2) : raw;
    cur = unwrap(cur).schema;
    const shape = (cur as { shape?: Record<string, unknown> }).shape;
    if (!shape || !(key in shape)) throw new Error(`schema has no field ${path} (at ${key})`);
    cur = shape[key];
    if (isElement) {
      const arr = unwrap(cur).schema;
      if (defOf(arr).type !== "array") throw new Error(`${path}: ${key} is not an array`);
      cur = defOf(arr).element;
    }
  }
  return cur as z.ZodType;
}

function unwrap(s: unknown): { schema: z.ZodType; description?: string; hasDefault: boolean; default?: unknown; optional: boolean } {
  let cur = s as z.ZodType;
  let description: string | undefined;
  let hasDefault = false;
  let dflt: unknown;
  let optional = false;
  for (;;) {
    description ??= (cur as { description?: string }).description;
    const d = defOf(cur);
    if (!WRAPPERS.has(d.type)) break;
    if ((d.type === "default" || d.type === "prefault") && !hasDefault) {
      hasDefault = true;
      const v = d.defaultValue;
      dflt = typeof v === "function" ? (v as () => unknown)() : v;
    }
    if (d.type === "optional" || d.type === "nullable") optional = true;
    cur = d.innerType as z.ZodType;
  }
  return { schema: cur, description, hasDefault, default: dflt, optional };
}

/** Description, default and optionality of a schema field. */
export function fieldInfo(path: string): FieldInfo {
  const u = unwrap(configField(path));
  if (!u.description) throw new Error(`schema field ${path} has no description; add .describe() in lib/config/schema.ts`);
  return { schema: u.schema, description: u.description, hasDefault: u.hasDefault, default: u.default, optional: u.optional && !u.hasDefault };
}

function checkMessage(c: Def): string | undefined {
  const err = c.error as ((issue: unknown) => unknown) | undefined;
  if (!err) return undefined;
  const m = err({});
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && typeof (m as { message?: unknown }).message === "string") return (m as { message: string }).message;
  return undefined;
}

function closingParen(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in /${src}/`);
}

/**
 * A JavaScript regular expression as a Terraform condition on `v`. Leading lookaheads
 * `(?=X)` / `(?!X)` after `^` become `can(regex("^X", v))` / `!can(regex("^X", v))`.
 */
export function regexCondition(re: RegExp, v: string): string {
  if (re.flags.replace("u", "")) throw new Error(`/${re.source}/${re.flags}: flags cannot be carried over to Terraform regex()`);
  const src = re.source;
  if (!src.startsWith("^") || !src.endsWith("$")) throw new Error(`/${src}/ must be anchored with ^ and $ to become a Terraform validation`);
  let rest = src.slice(1);
  const terms: string[] = [];
  while (rest.startsWith("(?=") || rest.startsWith("(?!")) {
    const end = closingParen(rest, 0);
    const negative = rest[2] === "!";
    terms.push(`${negative ? "!" : ""}can(regex(${hclString(`^${rest.slice(3, end)}`)}, ${v}))`);
    rest = rest.slice(end + 1);
  }
  if (/\(\?[=!<]/.test(rest)) throw new Error(`/${src}/ has lookaround after its start; Terraform's RE2 cannot express it`);
  terms.push(`can(regex(${hclString(`^${re2Repeats(rest)}`)}, ${v}))`);
  return terms.join(" && ");
}

/** RE2 (Terraform's regex) refuses repeat counts over 1000. */
export const RE2_MAX_REPEAT = 1000;

/**
 * `[class]{m,n}` with n over 1000 as `[class]{m',1000}[class]{m'',n-1000}`: the same strings,
 * each count within RE2's limit. Any other repeat over the limit is an error at build time.
 */
export function re2Repeats(src: string): string {
  const out = src.replace(/(\[(?:\\.|[^\]\\])*\])\{(\d+),(\d+)\}/g, (whole, cls: string, lo: string, hi: string) => {
    const min = Number(lo);
    const max = Number(hi);
    if (max <= RE2_MAX_REPEAT) return whole;
    if (max > 2 * RE2_MAX_REPEAT) throw new Error(`/${src}/: repeat {${lo},${hi}} is too long to split for RE2`);
    const first = Math.min(min, RE2_MAX_REPEAT);
    return `${cls}{${first},${RE2_MAX_REPEAT}}${cls}{${Math.max(0, min - RE2_MAX_REPEAT)},${max - RE2_MAX_REPEAT}}`;
  });
  for (const m of out.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > RE2_MAX_REPEAT || Number(m[2] || 0) > RE2_MAX_REPEAT)
      throw new Error(`/${src}/: repeat ${m[0]} exceeds RE2's limit of ${RE2_MAX_REPEAT}`);
  }
  return out;
}

/** Options of {@link conditionsOf}. */
export interface ConditionOptions {
  /**
   * Conditions for `.refine()` checks, which carry code, not data. Each custom check of the
   * field needs one, in order; its message comes from the schema.
   */
  readonly custom?: ReadonlyArray<(v: string) => string>;
}

function literalValues(s: z.ZodType): Array<string | number | boolean> | undefined {
  const d = defOf(s);
  if (d.type === "enum") return Object.values(d.entries as Record<string, string | number>);
  if (d.type === "literal") return d.values as Array<string | number | boolean>;
  if (d.type === "union") {
    const all: Array<string | number | boolean> = [];
    for (const o of d.options as z.ZodType[]) {
      const vals = literalValues(unwrap(o).schema);
      if (!vals) return undefined;
      all.push(...vals);
    }
    return all;
  }
  return undefined;
}

/** Validation conditions of a schema (for a non-null value `v`). */
export function conditionsOf(schema: z.ZodType, v: string, opts: ConditionOptions = {}): TfCondition[] {
  const s = unwrap(schema).schema;
  const d = defOf(s);
  const out: TfCondition[] = [];
  const custom = [...(opts.custom ?? [])];
  const literals = literalValues(s);
  if (literals) {
    const list = `[${literals.map((x) => (typeof x === "string" ? hclString(x) : String(x))).join(", ")}]`;
    out.push({ condition: `contains(${list}, ${v})`, message: `must be one of ${literals.join(", ")}` });
    return out;
  }
  for (const check of (d.checks as unknown[] | undefined) ?? []) {
    const c = defOf(check) as Def & { check: string };
    const msg = checkMessage(c);
    switch (c.check) {
      case "string_format":
        if (c.format !== "regex") throw new Error(`string format ${String(c.format)} has no Terraform equivalent`);
        out.push({ condition: regexCondition(c.pattern as RegExp, v), message: msg ?? `must match ${String(c.pattern)}` });
        break;
      case "min_length":
        out.push({
          condition: `length(${v}) >= ${c.minimum}`,
          message: msg ?? (d.type === "array" ? `must have at least ${c.minimum} item(s)` : `must be at least ${c.minimum} characters`),
        });
        break;
      case "max_length":
        out.push({
          condition: `length(${v}) <= ${c.maximum}`,
          message: msg ?? (d.type === "array" ? `must have at most ${c.maximum} item(s)` : `must be at most ${c.maximum} characters`),
        });
        break;
      case "number_format":
        if (c.format === "safeint") out.push({ condition: `floor(${v}) == ${v}`, message: msg ?? "must be a whole number" });
        break;
      case "greater_than":
        out.push({ condition: `${v} ${c.inclusive ? ">=" : ">"} ${c.value}`, message: msg ?? `must be ${c.inclusive ? "at least" : "more than"} ${c.value}` });
        break;
      case "less_than":
        out.push({ condition: `${v} ${c.inclusive ? "<=" : "<"} ${c.value}`, message: msg ?? `must be ${c.inclusive ? "at most" : "less than"} ${c.value}` });
        break;
      case "custom": {
        const fn = custom.shift();
        if (!fn) throw new Error(`a .refine() check (${msg ?? "no message"}) needs a Terraform condition in ConditionOptions.custom`);
        out.push({ condition: fn(v), message: msg ?? "is invalid" });
        break;
      }
      default:
        throw new Error(`zod check ${c.check} has no Terraform equivalent`);
    }
  }
  if (custom.length) throw new Error(`${custom.length} custom condition(s) given for a schema without that many .refine() checks`);
  if (d.type === "array") {
    for (const e of conditionsOf(d.element as z.ZodType, "x")) {
      out.push({ condition: `alltrue([for x in ${v} : ${e.condition}])`, message: e.message, part: "each item of" });
    }
  }
  if (d.type === "record") {
    for (const e of conditionsOf(d.keyType as z.ZodType, "k"))
      out.push({ condition: `alltrue([for k in keys(${v}) : ${e.condition}])`, message: e.message, part: "each key of" });
    for (const e of conditionsOf(d.valueType as z.ZodType, "x"))
      out.push({ condition: `alltrue([for x in values(${v}) : ${e.condition}])`, message: e.message, part: "each value of" });
  }
  return out;
}

/** The Terraform type of a schema (scalars, enums, literal unions, lists and string maps). */
export function terraformType(schema: z.ZodType): string {
  const s = unwrap(schema).schema;
  const d = defOf(s);
  const literals = literalValues(s);
  if (literals) {
    const kinds = new Set(literals.map((x) => typeof x));
    if (kinds.size !== 1) throw new Error("mixed literal types");
    return ({ string: "string", number: "number", boolean: "bool" } as Record<string, string>)[[...kinds][0]];
  }
  switch (d.type) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    case "array":
      return `list(${terraformType(d.element as z.ZodType)})`;
    case "record":
      return `map(${terraformType(d.valueType as z.ZodType)})`;
    default:
      throw new Error(`no Terraform type for a zod ${d.type}; give the variable an explicit type`);
  }
}
