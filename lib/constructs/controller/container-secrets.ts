import { Token } from "../../cdktf-core";
import { Flag } from "../foundation/inputs";

/** One ECS secret of a container, present while `enabled` holds. */
export interface ContainerSecret {
  readonly name: string;
  readonly valueFrom: string;
  /** @default true */
  readonly enabled?: Flag;
}

/** Stands for the secrets list in container definitions until the JSON text is written. */
export const SECRETS_PLACEHOLDER = "__CONTAINER_SECRETS__";

/**
 * The `secrets` of a container definition. With every switch known it is the list itself
 * (`known`). With a switch only Terraform knows (the registry module) it is the JSON text of
 * the list (`json`), to splice into the definitions' JSON text in place of
 * {@link SECRETS_PLACEHOLDER}: each switched entry is a Terraform conditional giving `,{...}`
 * or nothing, so a secret that is off is not in the list at all. The conditional is written as
 * template text (references inside `${...}` resolve bare), not with cdktf functions, whose
 * arguments cannot carry the templates of ARNs. The first secret must be unconditional (it
 * carries no leading comma).
 */
export function containerSecrets(secrets: readonly ContainerSecret[]): { known?: { name: string; valueFrom: string }[]; json?: string } {
  const entry = (s: ContainerSecret) => ({ name: s.name, valueFrom: s.valueFrom });
  if (secrets.every((s) => typeof (s.enabled ?? true) === "boolean")) return { known: secrets.filter((s) => s.enabled ?? true).map(entry) };
  const [first, ...rest] = secrets;
  if (first === undefined || (first.enabled ?? true) !== true) throw new Error("containerSecrets: the first secret must always be present");
  const parts = rest.map((s) => {
    const on = s.enabled ?? true;
    if (typeof on === "boolean") return on ? `,${JSON.stringify(entry(s))}` : "";
    // An HCL string literal `",{\"name\":\"X\",\"valueFrom\":\"${value}\"}"`.
    const literal = `,{"name":${JSON.stringify(s.name)},"valueFrom":"`.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    return `\${${Token.asString(on)} ? "${literal}\${${s.valueFrom}}\\"}" : ""}`;
  });
  return { json: `[${JSON.stringify(entry(first))}${parts.join("")}]` };
}
