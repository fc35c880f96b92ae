/**
 * The shape most checks share: look at every resource of some types, one at a time, and
 * say what is wrong with it (or nothing: pass, or checkov's UNKNOWN).
 */
import type { TerraformConfig, TfResource } from "./terraform-config";
import type { PolicyCheck } from "./types";

/** A per-resource check: `test` returns the failure message, or undefined when the resource passes. */
export type ResourceCheckDefinition = Omit<PolicyCheck, "evaluate"> & {
  readonly test: (r: TfResource, tf: TerraformConfig) => string | undefined;
};

/** Builds a {@link PolicyCheck} that applies `test` to every resource of `resourceTypes`. */
export function resourceCheck(def: ResourceCheckDefinition): PolicyCheck {
  const { test, ...rest } = def;
  return {
    ...rest,
    evaluate: (tf) =>
      tf.resources(...def.resourceTypes).flatMap((r) => {
        const message = test(r, tf);
        return message === undefined ? [] : [{ address: r.address, message }];
      }),
  };
}

/** JSON-ish rendering of a value for messages. */
export function show(v: unknown): string {
  return v === undefined ? "absent" : JSON.stringify(v);
}
