/**
 * Read-only view of a synthesized Terraform JSON configuration (cdk.tf.json, or the *.tf.json
 * files of a module directory merged): resources and data sources by type, Terraform
 * addresses, construct paths, and the reference graph that checkov's graph checks call
 * "connected". Like checkov's graph, it renders `data.aws_iam_policy_document` into the
 * arguments that reference its `.json` (a role policy's `policy`, a role's
 * `assume_role_policy`, a topic policy, ...), so the checks of those resources see the
 * document itself; and, given variable defaults (a module directory), it renders `var.x` and
 * expands `for_each = var.x` the way checkov evaluates a module with its defaults.
 */
import { jsonVariableDefaults } from "./terraform-variables";

/** A resource or data source of the configuration. */
export interface TfResource {
  /** `aws_s3_bucket` (without `data.` for data sources). */
  readonly type: string;
  /** Logical id (the Terraform resource name). */
  readonly name: string;
  readonly kind: "resource" | "data";
  /** `aws_s3_bucket.Name` or `data.aws_iam_policy_document.Name`; `aws_x.Name["key"]` for an expanded `for_each` instance. */
  readonly address: string;
  /** Type as the checks name it: `aws_s3_bucket` or `data.aws_iam_policy_document`. */
  readonly checkType: string;
  /**
   * The resource's arguments (the `//` comment removed), with every
   * `${data.aws_iam_policy_document.X.json}` replaced by the document rendered as an IAM JSON
   * policy object (see {@link renderPolicyDocument}).
   */
  readonly body: Record<string, unknown>;
  /** The arguments as written (references not rendered). */
  readonly rawBody: Record<string, unknown>;
  /** Full cdktf construct path (stack id first), from cdktf's `//` metadata. */
  readonly constructPath?: string;
  /**
   * Construct path relative to the stack root (`Alerts/Topic`): cdktf's metadata path without
   * the stack id, or the module packager's `"//": "construct: Alerts/Topic"` comment. The same
   * construct has the same path in the `jenkins` stack and in the registry module.
   */
  readonly path?: string;
}

/** The comment lib/module/package-module.ts writes into each resource of the module: `construct: <path>`. */
export const MODULE_PATH_COMMENT = "construct: ";

/** Construct paths from a `//` comment: cdktf metadata (`{ metadata: { path } }`) or the module's `construct: <path>`. */
function pathsFromComment(comment: unknown): { constructPath?: string; path?: string } {
  if (typeof comment === "string") return comment.startsWith(MODULE_PATH_COMMENT) ? { path: comment.slice(MODULE_PATH_COMMENT.length) } : {};
  const metadata = isObject(comment) && isObject(comment.metadata) ? comment.metadata : undefined;
  if (typeof metadata?.path !== "string") return {};
  const full = metadata.path;
  const slash = full.indexOf("/");
  return { constructPath: full, path: slash < 0 ? full : full.slice(slash + 1) };
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
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

// `data.X.json`, or for a document switched by `count`: `one(data.X.*.json)` / `data.X[0].json`.
const POLICY_DOCUMENT_JSON = /^\$\{(?:data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[0\])?\.json|one\(data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)\.\*\.json\))\}$/;

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
function renderDocumentReferences(v: unknown, render: (name: string) => JsonObject | undefined): unknown {
  if (typeof v === "string") {
    const m = POLICY_DOCUMENT_JSON.exec(v.trim());
    return (m && render(m[1] ?? m[2])) ?? v;
  }
  if (Array.isArray(v)) return v.map((x) => renderDocumentReferences(x, render));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderDocumentReferences(x, render)]));
  return v;
}

const WHOLE_VAR = /^\$\{var\.([A-Za-z_][\w-]*)\}$/;
const VAR_IN_TEMPLATE = /\$\{var\.([A-Za-z_][\w-]*)\}/g;
const FOR_EACH_VAR = /^\$\{(?:toset\()?var\.([A-Za-z_][\w-]*)\)?\}$/;

const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

/**
 * `v` with `${var.x}` replaced by the variable's default (as checkov renders variables): a
 * whole-string reference takes the default's value, a reference inside a template its text.
 * Variables without a known, non-null default stay references (unknown).
 */
function renderVariables(v: unknown, defaults: ReadonlyMap<string, unknown>): unknown {
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
function renderEach(v: unknown, key: string, value: unknown): unknown {
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
function forEachInstances(forEach: unknown, defaults: ReadonlyMap<string, unknown>): [string, unknown][] | undefined {
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

const REF = /(?<![\w.])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
/** Arguments that are not references in checkov's graph (meta-arguments and cdktf metadata). */
const NON_REFERENCE_KEYS = new Set(["//", "depends_on", "lifecycle", "provider", "provisioner"]);

function collectStrings(v: unknown, out: string[], top = true): void {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, out, false));
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) if (!(top && NON_REFERENCE_KEYS.has(k)) && k !== "//") collectStrings(x, out, false);
  }
}

/** Merges `resource`/`data` sections that Terraform JSON also allows as lists of objects. */
function sectionOf(v: unknown): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of Array.isArray(v) ? v : [v]) {
    if (!isObject(part)) continue;
    for (const [type, byName] of Object.entries(part)) {
      for (const entry of Array.isArray(byName) ? byName : [byName]) {
        if (isObject(entry)) merged[type] = { ...(merged[type] ?? {}), ...entry };
      }
    }
  }
  return merged;
}

/** The configuration, indexed. */
export class TerraformConfig {
  /** The raw configuration objects (one per file). */
  public readonly raw: readonly JsonObject[];
  private readonly all: TfResource[] = [];
  private readonly byAddress = new Map<string, TfResource>();
  /** `type.name` -> its instances (one, or one per `for_each` key). */
  private readonly byBase = new Map<string, TfResource[]>();
  private readonly refs = new Map<string, Set<string>>();
  private readonly referrers = new Map<string, Set<string>>();

  /**
   * One configuration object, or several (the files of a module directory).
   * @param options.variables default values of input variables (e.g. from a module's
   *   variables.tf, see lib/policy/terraform-variables.ts), rendered into `var.x` references
   *   and `for_each`, as checkov does; `variable` sections of the JSON configs are read too.
   */
  constructor(configs: unknown | unknown[], options: { readonly variables?: Record<string, unknown> } = {}) {
    const list = (Array.isArray(configs) ? configs : [configs]).filter(isObject);
    this.raw = list;
    const defaults = new Map<string, unknown>([...list.flatMap((c) => Object.entries(jsonVariableDefaults(c))), ...Object.entries(options.variables ?? {})]);
    const parsed: Omit<TfResource, "body">[] = [];
    for (const cfg of list) {
      for (const kind of ["resource", "data"] as const) {
        for (const [type, byName] of Object.entries(sectionOf(cfg[kind]))) {
          for (const [name, rawBody] of Object.entries(byName)) {
            if (!isObject(rawBody)) continue;
            const { "//": comment, ...body } = rawBody;
            const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
            parsed.push({ type, name, kind, address, checkType: kind === "data" ? `data.${type}` : type, rawBody: body, ...pathsFromComment(comment) });
          }
        }
      }
    }
    const documents = new Map<string, JsonObject>();
    const render = (name: string): JsonObject | undefined => {
      const doc = parsed.find((r) => r.address === `data.aws_iam_policy_document.${name}`);
      if (!doc) return undefined;
      if (!documents.has(name)) documents.set(name, renderPolicyDocument(doc.rawBody));
      return documents.get(name);
    };
    for (const p of parsed) {
      const base = p.address;
      const body = renderDocumentReferences(renderVariables(p.rawBody, defaults), render) as JsonObject;
      const instances = forEachInstances(p.rawBody.for_each, defaults);
      const expanded: TfResource[] = instances
        ? instances.map(([key, value]) => ({ ...p, address: `${base}[${JSON.stringify(key)}]`, body: renderEach(body, key, value) as JsonObject }))
        : [{ ...p, body }];
      for (const r of expanded) {
        this.all.push(r);
        this.byAddress.set(r.address, r);
      }
      this.byBase.set(base, expanded);
    }
    for (const r of this.all) {
      const strings: string[] = [];
      collectStrings(r.rawBody, strings);
      const found = new Set<string>();
      const own = r.kind === "data" ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
      for (const s of strings) {
        for (const expr of expressionsIn(s)) {
          for (const m of expr.matchAll(REF)) {
            const base = m[1] ? `data.${m[2]}.${m[3]}` : `${m[2]}.${m[3]}`;
            if (base !== own) for (const target of this.byBase.get(base) ?? []) found.add(target.address);
          }
        }
      }
      this.refs.set(r.address, found);
      for (const a of found) {
        if (!this.referrers.has(a)) this.referrers.set(a, new Set());
        this.referrers.get(a)!.add(r.address);
      }
    }
  }

  /** Resources of the given check types (`aws_x` or `data.aws_x`), in configuration order. */
  public resources(...checkTypes: string[]): TfResource[] {
    return this.all.filter((r) => checkTypes.includes(r.checkType));
  }

  /** Every resource and data source. */
  public get everything(): readonly TfResource[] {
    return this.all;
  }

  /** A resource by address. */
  public get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** Addresses this resource references. */
  public referencesOf(r: TfResource): ReadonlySet<string> {
    return this.refs.get(r.address) ?? new Set();
  }

  /**
   * Resources of the given types connected to `r` in checkov's sense: either one references
   * the other in any argument (a literal name or ARN makes no connection).
   */
  public connected(r: TfResource, ...checkTypes: string[]): TfResource[] {
    const addresses = new Set([...(this.refs.get(r.address) ?? []), ...(this.referrers.get(r.address) ?? [])]);
    return [...addresses].map((a) => this.byAddress.get(a)!).filter((x) => checkTypes.includes(x.checkType));
  }

  /** Resources of the given types that reference `r`. */
  public referrersOf(r: TfResource, ...checkTypes: string[]): TfResource[] {
    return [...(this.referrers.get(r.address) ?? [])].map((a) => this.byAddress.get(a)!).filter((x) => checkTypes.includes(x.checkType));
  }
}
