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
import { JsonObject, isObject, expressionsIn } from "./json-values";
import { renderPolicyDocument, renderDocumentReferences, renderVariables, renderEach, forEachInstances } from "./render";
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
