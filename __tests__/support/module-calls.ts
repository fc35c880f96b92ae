/**
 * Several cases of a module test in one root module, one module call each, so that one offline
 * plan (and one `show -json`) covers them all: every plan or show starts the AWS provider and
 * reads its schema, which is most of its time (docs/speed.md). What each case reads is its own
 * call's part of the plan ({@link callView}) or of the failed plan's diagnostics ({@link errorsInCall}).
 */
import { stripVTControlCharacters } from "util";

/** A root output of call `call` named `name` (see {@link callView}). */
export const callOutput = (call: string, name: string) => `${call}__${name}`;

/** `output "<call>__<name>" { value = module.<call>.<name> }` for each call and name. */
export function callOutputsHcl(calls: string[], names: string[], opts: { sensitive?: boolean } = {}): string {
  return calls
    .flatMap((call) =>
      names.map((name) => `output "${callOutput(call, name)}" {\n  value = module.${call}.${name}\n${opts.sensitive ? "  sensitive = true\n" : ""}}\n`),
    )
    .join("\n");
}

/** The parts of `terraform show -json` a view keeps. */
interface ShowJson {
  readonly resource_changes?: ReadonlyArray<{ address: string }>;
  readonly planned_values?: { outputs?: Record<string, unknown> };
  readonly output_changes?: Record<string, unknown>;
}

/**
 * The plan of one module call as if it were the root's only call, named `as`: the resource changes
 * under `module.<call>.` only, their addresses read with `module.<as>.` instead, and the root
 * outputs `<call>__<name>` ({@link callOutput}) as `<name>`. Throws when the call planned nothing.
 */
export function callView<P extends ShowJson>(plan: P, call: string, as = "jenkins"): P {
  const prefix = `module.${call}.`;
  const changes = (plan.resource_changes ?? [])
    .filter((r) => r.address.startsWith(prefix))
    .map((r) => ({ ...r, address: `module.${as}.${r.address.slice(prefix.length)}` }));
  if (changes.length === 0) throw new Error(`no resource change of module.${call} in the plan`);
  const outputs = <T>(all: Record<string, T> | undefined): Record<string, T> | undefined =>
    all && Object.fromEntries(Object.entries(all).flatMap(([k, v]) => (k.startsWith(`${call}__`) ? [[k.slice(call.length + 2), v]] : [])));
  return {
    ...plan,
    resource_changes: changes,
    ...(plan.planned_values ? { planned_values: { ...plan.planned_values, outputs: outputs(plan.planned_values.outputs) } } : {}),
    ...(plan.output_changes ? { output_changes: outputs(plan.output_changes) } : {}),
  };
}

/**
 * The error diagnostics of failed plans (their stderr, `-no-color`) that Terraform located in the
 * call of module `call`, one line each (whitespace collapsed).
 */
export function errorsInCall(stderrs: string[], call: string): string[] {
  return stderrs
    .flatMap((s) => stripVTControlCharacters(s).split(/^Error: /m))
    .filter((d) => d.includes(`in module "${call}":`))
    .map((d) => `Error: ${d}`.replace(/\s+/g, " ").trim());
}
