/**
 * One input variable of the registry module and the builder that derives it from a schema
 * field: type, default, description and validation blocks come from lib/config/schema.ts
 * (regexes, enums, ranges, literal sets and their messages) and lib/config/fargate-sizes.ts
 * (task sizes). Rules the schema states in code (`superRefine`) are added by the section files
 * as cross-variable validations (Terraform >= 1.9), each citing the rule it mirrors.
 */
import { FARGATE_CPU_VALUES, describeFargateMemory, fargateMemoryFor } from "../../config/fargate-sizes";
import { ConditionOptions, TfCondition, conditionsOf, fieldInfo, terraformType } from "../zod-terraform";

/** A validation block. */
export interface ModuleValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

/** One input variable of the module. */
export interface ModuleVariable {
  readonly name: string;
  /** The schema fields it mirrors (lib/config/schema.ts paths); empty for module-only inputs. */
  readonly schemaPaths: string[];
  /** Terraform type expression. */
  readonly type: string;
  readonly description: string;
  /** Whether the caller must set it (no default). */
  readonly required: boolean;
  /** The default (absent when required). */
  readonly default?: unknown;
  /** `nullable = false` is written when this is false. */
  readonly nullable: boolean;
  readonly sensitive?: boolean;
  readonly validations: ModuleValidation[];
}

/** Config field names in schema descriptions -> the module's variable names. */
const RENAMES: Array<[string, string]> = [
  ["`agents.defaultImage`", "`agent_default_image`"],
  ["`dns.hostname`", "`hostname`"],
  ["`dns.zoneId`", "`route53_zone_id`"],
  ["`throughputMode`", "`efs_throughput_mode`"],
  ["`jenkins_admin_password`", "`admin_password`"],
];

export function rename(text: string): string {
  return RENAMES.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** Fargate CPU units -> allowed memory, as a Terraform map literal keyed by tostring(cpu). */
export function fargateSizesMap(): string {
  return `{ ${FARGATE_CPU_VALUES.map((cpu) => `"${cpu}" = [${fargateMemoryFor(cpu).join(", ")}]`).join(", ")} }`;
}

/** Human description of all Fargate task sizes, for messages. */
export function fargateSizesText(): string {
  return FARGATE_CPU_VALUES.map((cpu) => `${cpu} CPU: ${describeFargateMemory(cpu)} MiB`).join("; ");
}

export const fargateCpu = (v: string) => `contains([${FARGATE_CPU_VALUES.join(", ")}], ${v})`;
export const fargateSize = (cpu: string, memory: string) => `contains(lookup(${fargateSizesMap()}, tostring(${cpu}), []), ${memory})`;

export interface FromSchemaOptions extends ConditionOptions {
  /** No default: the caller must set it. */
  readonly required?: boolean;
  /** Replaces the schema's description. */
  readonly description?: string;
  /** Replaces the schema's default. */
  readonly default?: unknown;
  /** Replaces the derived type. */
  readonly type?: string;
  /** Further rules (cross-variable): full conditions, not skipped for null. */
  readonly rules?: TfCondition[];
}

/** A full-sentence error message: "<part> <name> must ...", or "<part> <name>: <noun phrase>". */
export function message(name: string, m: string, part?: string): string {
  const subject = part ? `${part} ${name}` : name;
  const text = /^(must|needs|is|and) /.test(m) ? `${subject} ${m}` : `${subject}: ${m}`;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** A variable mirroring the schema field at `path`. */
export function fromSchema(name: string, path: string, o: FromSchemaOptions = {}): ModuleVariable {
  const info = fieldInfo(path);
  const ref = `var.${name}`;
  const required = o.required ?? false;
  const dflt = required ? undefined : "default" in o ? o.default : info.hasDefault ? info.default : null;
  const nullable = !required && dflt === null;
  const validations: ModuleValidation[] = conditionsOf(info.schema, ref, o).map((c) => ({
    condition: nullable ? `${ref} == null ? true : (${c.condition})` : c.condition,
    errorMessage: message(name, c.message, c.part),
  }));
  for (const r of o.rules ?? []) validations.push({ condition: r.condition, errorMessage: message(name, r.message) });
  return {
    name,
    schemaPaths: [path],
    type: o.type ?? terraformType(info.schema),
    description: rename(o.description ?? info.description),
    required,
    default: dflt,
    nullable,
    validations,
  };
}
