/**
 * Read-only view of a synthesized Terraform JSON configuration (cdk.tf.json, or the *.tf.json
 * files of a module directory merged): resources and data sources by type, Terraform
 * addresses, and the reference graph that checkov's graph checks call "connected".
 */

/** A resource or data source of the configuration. */
export interface TfResource {
  /** `aws_s3_bucket` (without `data.` for data sources). */
  readonly type: string;
  /** Logical id (the Terraform resource name). */
  readonly name: string;
  readonly kind: "resource" | "data";
  /** `aws_s3_bucket.Name` or `data.aws_iam_policy_document.Name`. */
  readonly address: string;
  /** Type as the checks name it: `aws_s3_bucket` or `data.aws_iam_policy_document`. */
  readonly checkType: string;
  /** The resource's arguments (cdktf's `//` metadata removed). */
  readonly body: Record<string, unknown>;
  /** cdktf construct path, from the `//` metadata. */
  readonly constructPath?: string;
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
  private readonly refs = new Map<string, Set<string>>();
  private readonly referrers = new Map<string, Set<string>>();

  /** One configuration object, or several (the files of a module directory). */
  constructor(configs: unknown | unknown[]) {
    const list = (Array.isArray(configs) ? configs : [configs]).filter(isObject);
    this.raw = list;
    for (const cfg of list) {
      for (const kind of ["resource", "data"] as const) {
        for (const [type, byName] of Object.entries(sectionOf(cfg[kind]))) {
          for (const [name, rawBody] of Object.entries(byName)) {
            if (!isObject(rawBody)) continue;
            const { "//": meta, ...body } = rawBody;
            const metadata = isObject(meta) && isObject(meta.metadata) ? meta.metadata : undefined;
            const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
            const r: TfResource = {
              type,
              name,
              kind,
              address,
              checkType: kind === "data" ? `data.${type}` : type,
              body,
              constructPath: typeof metadata?.path === "string" ? metadata.path : undefined,
            };
            this.all.push(r);
            this.byAddress.set(address, r);
          }
        }
      }
    }
    for (const r of this.all) {
      const strings: string[] = [];
      collectStrings(r.body, strings);
      const found = new Set<string>();
      for (const s of strings) {
        for (const expr of expressionsIn(s)) {
          for (const m of expr.matchAll(REF)) {
            const address = m[1] ? `data.${m[2]}.${m[3]}` : `${m[2]}.${m[3]}`;
            if (address !== r.address && this.byAddress.has(address)) found.add(address);
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

  /** Account ids the configuration deploys into: the aws providers' `allowed_account_ids`. */
  public ownAccountIds(): string[] {
    const ids = new Set<string>();
    for (const cfg of this.raw) {
      const aws = isObject(cfg.provider) ? cfg.provider.aws : undefined;
      for (const p of Array.isArray(aws) ? aws : [aws]) if (isObject(p)) stringList(p.allowed_account_ids).forEach((id) => ids.add(id));
    }
    return [...ids];
  }
}
