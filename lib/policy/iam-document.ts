/**
 * IAM policy documents in one shape, whether they come from a `data.aws_iam_policy_document`
 * (`statement` blocks, snake_case) or from a JSON policy (a string, `jsonencode` result,
 * object with `Statement`, or a data source rendered into the argument that references it).
 */
import { TfResource } from "./terraform-config";
import { blocks, stringList } from "./json-values";

/** A principal entry: `{ type: "AWS", ids: [...] }`; the bare `"*"` principal is type `*`. */
export interface IamPrincipal {
  readonly type: string;
  readonly ids: string[];
}

/** A condition entry: operator (`test`), key (`variable`), values. */
export interface IamCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: string[];
}

/** A statement, normalized. */
export interface IamStatement {
  /** `Allow` or `Deny`; absent effects are `Allow`. */
  readonly effect: string;
  /** Whether the effect was written (checkov's CKV2_AWS_40 only sees explicit ones in data sources). */
  readonly effectExplicit: boolean;
  readonly actions?: string[];
  readonly notActions?: string[];
  readonly resources?: string[];
  readonly notResources?: string[];
  readonly principals: IamPrincipal[];
  readonly notPrincipals: IamPrincipal[];
  readonly conditions: IamCondition[];
  readonly sid?: string;
}

/** A document. */
export interface IamDocument {
  readonly statements: IamStatement[];
  /** Where it came from: a data source, or a literal JSON policy. */
  readonly origin: "data" | "literal";
}

function principalsFromJson(p: unknown): IamPrincipal[] {
  if (p === undefined || p === null) return [];
  if (typeof p === "string") return [{ type: p === "*" ? "*" : "AWS", ids: [p] }];
  if (typeof p === "object" && !Array.isArray(p)) {
    return Object.entries(p as Record<string, unknown>).map(([type, ids]) => ({ type, ids: stringList(ids) }));
  }
  return [];
}

function conditionsFromJson(c: unknown): IamCondition[] {
  if (!c || typeof c !== "object" || Array.isArray(c)) return [];
  const out: IamCondition[] = [];
  for (const [test, byKey] of Object.entries(c as Record<string, unknown>)) {
    if (!byKey || typeof byKey !== "object") continue;
    for (const [variable, values] of Object.entries(byKey as Record<string, unknown>)) {
      out.push({ test, variable, values: Array.isArray(values) ? values.map(String) : [String(values)] });
    }
  }
  return out;
}

const listOrUndefined = (v: unknown): string[] | undefined => (v === undefined || v === null ? undefined : stringList(v));

/** A JSON policy object (`{ Statement: ... }`) normalized; undefined when it is not one. */
export function documentFromJson(policy: unknown): IamDocument | undefined {
  if (!policy || typeof policy !== "object" || Array.isArray(policy)) return undefined;
  const raw = (policy as Record<string, unknown>).Statement;
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const statements = list
    .filter((s): s is Record<string, unknown> => !!s && typeof s === "object" && !Array.isArray(s))
    .map((s) => ({
      effect: typeof s.Effect === "string" ? s.Effect : "Allow",
      effectExplicit: typeof s.Effect === "string",
      actions: listOrUndefined(s.Action),
      notActions: listOrUndefined(s.NotAction),
      resources: listOrUndefined(s.Resource),
      notResources: listOrUndefined(s.NotResource),
      principals: principalsFromJson(s.Principal),
      notPrincipals: principalsFromJson(s.NotPrincipal),
      conditions: conditionsFromJson(s.Condition),
      sid: typeof s.Sid === "string" ? s.Sid : undefined,
    }));
  return { statements, origin: "literal" };
}

/** The `statement` blocks of a `data.aws_iam_policy_document`, normalized. */
export function documentFromData(r: TfResource): IamDocument {
  const statements = blocks(r.body.statement).map((s) => ({
    effect: typeof s.effect === "string" ? s.effect : "Allow",
    effectExplicit: typeof s.effect === "string",
    actions: listOrUndefined(s.actions),
    notActions: listOrUndefined(s.not_actions),
    resources: listOrUndefined(s.resources),
    notResources: listOrUndefined(s.not_resources),
    principals: blocks(s.principals).map((p) => ({ type: String(p.type), ids: stringList(p.identifiers) })),
    notPrincipals: blocks(s.not_principals).map((p) => ({ type: String(p.type), ids: stringList(p.identifiers) })),
    conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: stringList(c.values) })),
    sid: typeof s.sid === "string" ? s.sid : undefined,
  }));
  return { statements, origin: "data" };
}

/**
 * The document of a policy argument: a JSON object (a `data.aws_iam_policy_document`
 * reference arrives rendered as one, see lib/policy/terraform-config.ts), or a JSON string
 * (cdktf writes `JSON.stringify` output; `${...}` inside values is fine). Undefined when it
 * cannot be read (checkov's UNKNOWN), e.g. a reference to another resource's attribute.
 */
export function policyDocument(value: unknown): IamDocument | undefined {
  if (value && typeof value === "object") return documentFromJson(value);
  if (typeof value !== "string") return undefined;
  try {
    return documentFromJson(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** Whether a statement names `*` among its principals (`"*"`, `{AWS: "*"}`, or a data principal with identifier `*`). */
export function hasWildcardPrincipal(s: IamStatement, types: readonly string[] = ["*", "AWS"]): boolean {
  return s.principals.some((p) => types.includes(p.type) && p.ids.includes("*"));
}

/** The AWS principal identifiers of a statement. */
export function awsPrincipals(s: IamStatement): string[] {
  return s.principals.filter((p) => p.type === "AWS").flatMap((p) => p.ids);
}

/** True when the statement allows (effect Allow). */
export function allows(s: IamStatement): boolean {
  return s.effect.toLowerCase() === "allow";
}
