/** Small readers of Terraform JSON values: blocks, paths, booleans, lists, numbers, `${...}` expressions. */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The first (or only) block of a nested block: cdktf writes single blocks as objects, Terraform JSON as lists. */
export function block(v: unknown): JsonObject | undefined {
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}

/** All blocks of a nested block (object or list of objects). */
export function blocks(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** A block path such as `configuration.execute_command_configuration.logging`, unwrapping single blocks. */
export function dig(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const key of path.split(".")) {
    const b = block(cur);
    if (!b) return undefined;
    cur = b[key];
  }
  return cur;
}

/** Boolean true as Terraform accepts it (`true` or `"true"`). */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}

/** Boolean false as Terraform accepts it. */
export function isFalse(v: unknown): boolean {
  return v === false || (typeof v === "string" && v.toLowerCase() === "false");
}

/** A value that is (or contains) a Terraform expression, so its runtime value is unknown here. */
export function isExpression(v: unknown): boolean {
  return typeof v === "string" && v.includes("${");
}

/** Present with a non-empty value (checkov's "any value" checks: a reference counts). */
export function hasValue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** A string or list of strings as a list (anything else: empty). */
export function stringList(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** Integer value of a number or numeric string; undefined for references and anything else. */
export function toInt(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** The `${...}` expressions inside a string (balanced braces). */
export function expressionsIn(s: string): string[] {
  const out: string[] = [];
  let i = s.indexOf("${");
  while (i !== -1) {
    let depth = 0;
    let j = i + 1;
    for (; j < s.length; j++) {
      if (s[j] === "{") depth++;
      else if (s[j] === "}" && --depth === 0) break;
    }
    out.push(s.slice(i + 2, j));
    i = s.indexOf("${", j);
  }
  return out;
}
