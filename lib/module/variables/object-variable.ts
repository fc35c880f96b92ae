/**
 * Object-typed input variables (`auth`, `jobs`) mirroring a section of the config schema: the
 * Terraform type with `optional()` defaults and one validation per schema rule of each
 * attribute, at any depth (optional objects and lists of objects are iterated, so a rule
 * holds for every element that is set). Attribute names are the schema's in snake case.
 */
import { message, ModuleValidation } from "./variable";
import { ConditionOptions, conditionsOf, fieldInfo, terraformType } from "../zod-terraform";
import { hclInline } from "../hcl";

/** One attribute: its schema field, and its children when it is an object or a list of objects. */
export interface ObjectAttribute {
  /** Schema path, e.g. `auth.oidc.issuer` or `jobs.repositories[].name`. */
  readonly path: string;
  /** Attributes of an object (or of each element of a list of objects). @default - a leaf */
  readonly children?: ObjectAttribute[];
  /** Whether it is a list of objects (its path ends in `[]`). @default false */
  readonly list?: boolean;
  /** `.refine()` checks of a leaf, as in {@link ConditionOptions}. @default - none */
  readonly custom?: ConditionOptions["custom"];
}

/** `camelCase` -> `snake_case`. */
export function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

const lastKey = (path: string) => path.replace(/\[\]$/, "").split(".").pop()!;

/** The attribute's Terraform name. */
export const attrName = (a: ObjectAttribute) => snakeCase(lastKey(a.path));

/** Terraform type of an object with these attributes, each `optional()` unless the schema requires it. */
export function objectType(attrs: ObjectAttribute[]): string {
  const parts = attrs.map((a) => {
    const info = fieldInfo(a.path.replace(/\[\]$/, ""));
    let type: string;
    if (a.children) type = a.list ? `list(${objectType(a.children)})` : objectType(a.children);
    else type = terraformType(info.schema);
    const required = !info.hasDefault && !info.optional;
    if (required) return `${attrName(a)} = ${type}`;
    return `${attrName(a)} = optional(${type}${info.hasDefault && info.default !== undefined && !(a.children && !a.list) ? `, ${hclInline(info.default)}` : ""})`;
  });
  return `object({ ${parts.join(", ")} })`;
}

/**
 * Validations of every leaf under `attrs` of the object `ref` (e.g. `var.auth`), named
 * `subject.attr` in messages; `wrap` quantifies a condition over the enclosing elements.
 */
export function objectValidations(
  attrs: ObjectAttribute[],
  ref: string,
  subject: string,
  wrap: (c: string) => string = (c) => c,
  depth = 0,
): ModuleValidation[] {
  const out: ModuleValidation[] = [];
  for (const a of attrs) {
    const r = `${ref}.${attrName(a)}`;
    const name = `${subject}.${attrName(a)}`;
    if (a.children) {
      const x = `x${depth}`;
      // An optional object is a list of zero or one (`[r]` without nulls).
      const each = (c: string) => (a.list ? `alltrue([for ${x} in ${r} : ${c}])` : `alltrue([for ${x} in [${r}] : ${c} if ${x} != null])`);
      out.push(...objectValidations(a.children, x, a.list ? `${name}[*]` : name, (c) => wrap(each(c)), depth + 1));
      continue;
    }
    const info = fieldInfo(a.path);
    for (const c of conditionsOf(info.schema, r, { custom: a.custom })) {
      const cond = info.hasDefault ? c.condition : `${r} == null ? true : (${c.condition})`;
      out.push({ condition: wrap(cond), errorMessage: message(name, c.message, c.part) });
    }
  }
  return out;
}

/** Schema paths of every leaf under `attrs` (for the tests that compare rules with the schema). */
export function leafPaths(attrs: ObjectAttribute[]): string[] {
  return attrs.flatMap((a) => (a.children ? leafPaths(a.children) : [a.path]));
}
