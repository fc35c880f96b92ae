/**
 * The emulator output, derived from the real synth output (test tooling; the product never
 * sees it). The real output is synthesized as always, the policy pack checking it; then, per
 * stack directory:
 *
 * - `cdk.tf.json` is rewritten by {@link emulateTerraformJson}: the resources of the types
 *   {@link EMULATOR_GAPS} omits are removed together with the `depends_on` entries naming them
 *   (any other reference to them is an error, not silently dropped), the declared
 *   arguments are added to `lifecycle.ignore_changes`, and the declared `sets` overwrite arguments;
 * - `emulator_override.tf.json` ({@link EMULATOR_OVERRIDE_FILE}) is written next to it by
 *   {@link emulatorOverride}: the AWS provider's endpoints and fake credentials, and, for an
 *   S3 backend, the backend block with the emulator's endpoints added (an override file
 *   replaces a backend block as a whole, so it repeats the real settings).
 *
 * Everything else in the output directory (manifest, assets, metadata) stays as synthesized.
 */
import * as fs from "fs";
import * as path from "path";
import {
  checkEmulatorEndpoint,
  emulatorBackendOverrides,
  EmulatorGap,
  emulatorIgnoredChanges,
  emulatorOmittedTypes,
  emulatorProviderSettings,
  emulatorSetArguments,
  EMULATOR_GAPS,
} from "./emulator-gaps";
import { JsonObject, blocks, isObject } from "../../lib/policy/json-values";

/** Synthesized Terraform JSON (cdk.tf.json). */
export type TerraformJson = JsonObject;

/** Name of the override file written next to each stack's cdk.tf.json. */
export const EMULATOR_OVERRIDE_FILE = "emulator_override.tf.json";

/** Top-level blocks of `type -> name -> body` whose bodies may carry `depends_on` (outputs and modules are `name -> body`). */
const DEPENDS_ON_BLOCKS = ["resource", "data"] as const;

/** `parent[key]` when it is an object (the live object, for in-place edits), else an empty one. */
function objectAt(parent: JsonObject, key: string): JsonObject {
  const v = parent[key];
  return isObject(v) ? v : {};
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `terraform`-style paths of every string in `value` that names `address` (`type.name`) as a
 * reference, outside cdktf's `//` metadata.
 */
function referencesIn(value: unknown, address: string, at: string, found: string[]): void {
  if (typeof value === "string") {
    if (new RegExp(`(^|[^\\w.-])${escapeRe(address)}($|[^\\w-])`).test(value)) found.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => referencesIn(v, address, `${at}[${i}]`, found));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) if (k !== "//") referencesIn(v, address, at ? `${at}.${k}` : k, found);
  }
}

/**
 * The emulator's version of one stack's Terraform JSON (a new object; `real` is not changed):
 * resources of omitted types removed, `depends_on` entries naming them dropped (an emptied
 * list goes), declared `ignore_changes` added, declared `sets` written. Throws when anything else still refers to a
 * removed resource, naming the referrer, the resource and the gap.
 */
export function emulateTerraformJson(real: TerraformJson): TerraformJson {
  const out: TerraformJson = structuredClone(real);
  const omittedTypes = new Set(emulatorOmittedTypes());
  const removed: string[] = [];
  const resources = objectAt(out, "resource");
  for (const type of Object.keys(resources)) {
    if (!omittedTypes.has(type)) continue;
    for (const name of Object.keys(objectAt(resources, type))) removed.push(`${type}.${name}`);
    delete resources[type];
  }
  if (isObject(out.resource) && Object.keys(out.resource).length === 0) delete out.resource;

  const gone = new Set(removed);
  const dropDependencies = (body: unknown) => {
    if (!isObject(body) || !Array.isArray(body.depends_on)) return;
    const kept = body.depends_on.filter((d: unknown) => typeof d !== "string" || !gone.has(d.replace(/^\$\{(.*)\}$/, "$1")));
    if (kept.length === 0) delete body.depends_on;
    else body.depends_on = kept;
  };
  for (const block of DEPENDS_ON_BLOCKS) {
    for (const bodies of Object.values(objectAt(out, block))) if (isObject(bodies)) Object.values(bodies).forEach(dropDependencies);
  }
  Object.values(objectAt(out, "output")).forEach(dropDependencies);
  Object.values(objectAt(out, "module")).forEach(dropDependencies);

  const dangling: string[] = [];
  for (const address of removed) {
    const found: string[] = [];
    referencesIn(out, address, "", found);
    const type = address.split(".")[0];
    const gaps = Object.entries(EMULATOR_GAPS as Record<string, EmulatorGap>).filter(([, g]) => g.omits?.includes(type));
    for (const at of found) dangling.push(`  ${at} refers to ${address} (left out by ${gaps.map(([n]) => `EMULATOR_GAPS.${n}`).join(", ")})`);
  }
  if (dangling.length) {
    throw new Error(
      [
        "emulator output: a resource the emulator leaves out is still referred to outside depends_on, so the emulator output would not be valid Terraform:",
        ...dangling,
        "Leave the referrer out as well (add its type to a gap's `omits` in tools/emulator/emulator-gaps.ts), or refer through something the emulator keeps.",
      ].join("\n"),
    );
  }

  for (const [type, attrs] of Object.entries(emulatorIgnoredChanges())) {
    for (const body of Object.values(objectAt(objectAt(out, "resource"), type))) {
      if (!isObject(body)) continue;
      const lifecycle = isObject(body.lifecycle) ? body.lifecycle : {};
      const current = lifecycle.ignore_changes;
      lifecycle.ignore_changes = current === "all" ? "all" : [...new Set([...(Array.isArray(current) ? current : []), ...attrs])];
      body.lifecycle = lifecycle;
    }
  }
  for (const [type, args] of Object.entries(emulatorSetArguments())) {
    for (const body of Object.values(objectAt(objectAt(out, "resource"), type))) if (isObject(body)) Object.assign(body, args);
  }
  return out;
}

/**
 * The override file of one stack (Terraform override semantics: provider arguments are merged
 * one by one; a backend block replaces the original as a whole): the emulator's endpoints and
 * fake credentials for every AWS provider block, and for an S3 backend its real settings plus
 * the emulator's endpoints. A local backend is left as it is.
 */
export function emulatorOverride(real: TerraformJson, endpoint: string): TerraformJson {
  checkEmulatorEndpoint(endpoint);
  const override: TerraformJson = {};
  const providers = blocks(objectAt(real, "provider").aws);
  if (providers.length) {
    override.provider = { aws: providers.map((p) => ({ ...(p.alias ? { alias: p.alias } : {}), ...emulatorProviderSettings(endpoint) })) };
  }
  const s3 = objectAt(objectAt(real, "terraform"), "backend").s3;
  if (isObject(s3)) override.terraform = { backend: { s3: { ...s3, ...emulatorBackendOverrides(endpoint) } } };
  return override;
}

/** One emulated stack directory. */
export interface EmulatedStack {
  /** The stack's name (manifest). */
  readonly name: string;
  /** Its working directory. */
  readonly dir: string;
  /** The emulator's cdk.tf.json, as written. */
  readonly json: TerraformJson;
  /** The override file, as written. */
  readonly override: TerraformJson;
}

/**
 * Turns a synthesized stack directory into the emulator's: rewrites `cdk.tf.json` with
 * {@link emulateTerraformJson} and writes {@link EMULATOR_OVERRIDE_FILE}.
 */
export function emulateStackDir(dir: string, endpoint: string, name = path.basename(dir)): EmulatedStack {
  checkEmulatorEndpoint(endpoint);
  const file = path.join(dir, "cdk.tf.json");
  const real = JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson;
  const json = emulateTerraformJson(real);
  const override = emulatorOverride(real, endpoint);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, EMULATOR_OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
  return { name, dir, json, override };
}

/** Applies {@link emulateStackDir} to every stack of a synthesized output directory (its manifest.json). */
export function emulateSynthOutput(outdir: string, endpoint: string): EmulatedStack[] {
  checkEmulatorEndpoint(endpoint);
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new Error(`emulator output: ${manifestFile} does not exist; synthesize into ${outdir} first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { workingDirectory: string }> };
  return Object.entries(manifest.stacks).map(([name, s]) => emulateStackDir(path.join(outdir, s.workingDirectory), endpoint, name));
}
