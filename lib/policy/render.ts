/**
 * Rendering of references the way checkov's graph evaluates them: `data.aws_iam_policy_document`
 * into the arguments that use its `.json`, `var.x` into its default, and `each.key`/`each.value`
 * of a literal `for_each`.
 */
import { JsonObject, isObject, blocks, stringList } from "./json-values";

// `data.X.json`, or for a document switched by `count`: `one(data.X.*.json)` / `data.X[0].json`.
export const POLICY_DOCUMENT_JSON =
  /^\$\{(?:data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[0\])?\.json|one\(data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)\.\*\.json\))\}$/;

/**
 * A `data.aws_iam_policy_document` body rendered as the provider renders its `json`: an IAM
 * policy object with `Version`, `Sid`, `Effect` (always written, Allow by default), `Action`,
 * `NotAction`, `Resource`, `NotResource`, `Principal`/`NotPrincipal` (`"*"` for the `*`
 * type) and `Condition` (operator -> key -> values). `source_policy_documents` and
 * `override_policy_documents` are not merged (the stacks use neither).
 */
export function renderPolicyDocument(body: Record<string, unknown>): JsonObject {
  const principals = (v: unknown): unknown => {
    const list = blocks(v);
    if (!list.length) return undefined;
    if (list.some((p) => p.type === "*")) return "*";
    const out: Record<string, string[]> = {};
    for (const p of list) out[String(p.type)] = [...(out[String(p.type)] ?? []), ...stringList(p.identifiers)];
    return out;
  };
  const statements = blocks(body.statement).map((st) => {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of blocks(st.condition)) {
      const byKey = (conditions[String(c.test)] ??= {});
      byKey[String(c.variable)] = [...(byKey[String(c.variable)] ?? []), ...stringList(c.values)];
    }
    const entries: [string, unknown][] = [
      ["Sid", st.sid],
      ["Effect", typeof st.effect === "string" ? st.effect : "Allow"],
      ["Action", st.actions],
      ["NotAction", st.not_actions],
      ["Resource", st.resources],
      ["NotResource", st.not_resources],
      ["Principal", principals(st.principals)],
      ["NotPrincipal", principals(st.not_principals)],
      ["Condition", Object.keys(conditions).length ? conditions : undefined],
    ];
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== null && v !== ""));
  });
  return { Version: typeof body.version === "string" ? body.version : "2012-10-17", Statement: statements };
}

/** `value` with every exact `${data.aws_iam_policy_document.X.json}` string replaced by `render(X)`. */
export function renderDocumentReferences(v: unknown, render: (name: string) => JsonObject | undefined): unknown {
  if (typeof v === "string") {
    const m = POLICY_DOCUMENT_JSON.exec(v.trim());
    return (m && render(m[1] ?? m[2])) ?? v;
  }
  if (Array.isArray(v)) return v.map((x) => renderDocumentReferences(x, render));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderDocumentReferences(x, render)]));
  return v;
}

export const WHOLE_VAR = /^\$\{var\.([A-Za-z_][\w-]*)\}$/;
export const VAR_IN_TEMPLATE = /\$\{var\.([A-Za-z_][\w-]*)\}/g;
export const FOR_EACH_VAR = /^\$\{(?:toset\()?var\.([A-Za-z_][\w-]*)\)?\}$/;

export const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

/**
 * `v` with `${var.x}` replaced by the variable's default (as checkov renders variables): a
 * whole-string reference takes the default's value, a reference inside a template its text.
 * Variables without a known, non-null default stay references (unknown).
 */
export function renderVariables(v: unknown, defaults: ReadonlyMap<string, unknown>): unknown {
  if (typeof v === "string") {
    const whole = WHOLE_VAR.exec(v);
    if (whole) {
      const d = defaults.get(whole[1]);
      return d === undefined || d === null ? v : d;
    }
    return v.replace(VAR_IN_TEMPLATE, (ref, name: string) => {
      const d = defaults.get(name);
      return isScalar(d) ? String(d) : ref;
    });
  }
  if (Array.isArray(v)) return v.map((x) => renderVariables(x, defaults));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderVariables(x, defaults)]));
  return v;
}

/** `v` with `${each.key}` / `${each.value}` replaced for one `for_each` instance. */
export function renderEach(v: unknown, key: string, value: unknown): unknown {
  if (typeof v === "string") {
    if (v === "${each.value}") return value;
    if (v === "${each.key}") return key;
    return v.replace(/\$\{each\.key\}/g, key).replace(/\$\{each\.value\}/g, (ref) => (isScalar(value) ? String(value) : ref));
  }
  if (Array.isArray(v)) return v.map((x) => renderEach(x, key, value));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderEach(x, key, value)]));
  return v;
}

/**
 * The instances of a resource whose `for_each` is `var.x` or `toset(var.x)` with a known
 * default (a list of strings, or a map): one `[key, value]` per element, as checkov expands
 * them. Undefined when `for_each` is absent or cannot be evaluated (the resource is then
 * checked once, unexpanded).
 */
export function forEachInstances(forEach: unknown, defaults: ReadonlyMap<string, unknown>): [string, unknown][] | undefined {
  // A literal map, or a literal set `toset([...])`, as the jenkins stack writes known lists.
  if (isObject(forEach)) return Object.entries(forEach);
  const literalSet = typeof forEach === "string" ? /^\$\{toset\((\[[^$]*\])\)\}$/.exec(forEach) : null;
  if (literalSet) {
    try {
      const items: unknown = JSON.parse(literalSet[1]);
      if (Array.isArray(items) && items.every((x) => typeof x === "string")) return [...new Set(items as string[])].map((x) => [x, x]);
    } catch {
      return undefined;
    }
  }
  const m = typeof forEach === "string" ? FOR_EACH_VAR.exec(forEach) : null;
  const d = m ? defaults.get(m[1]) : undefined;
  if (Array.isArray(d) && d.every((x) => typeof x === "string")) return [...new Set(d as string[])].map((x) => [x, x]);
  if (isObject(d) && !forEach!.toString().includes("toset(")) return Object.entries(d);
  return undefined;
}
