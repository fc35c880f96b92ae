/**
 * Test support: configurations derived from vars.example.json and syntheses of both stacks.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "../../lib/cdktf-core";
import { buildProject, ProjectStacks } from "../../lib/app";
import { ConfigError, parseConfig } from "../../lib/config/load-config";
import type { JenkinsConfig } from "../../lib/config/schema";
import { instancesOf } from "../../tools/terraform/instances";
import type { JsonBlock } from "./json-block";

export type { JsonBlock } from "./json-block";

export const ROOT = path.resolve(__dirname, "..", "..");

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** vars.example.json as parsed JSON (the input, before defaults). */
export function exampleInput(): Record<string, Json> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "vars.example.json"), "utf8"));
}

function merge(base: Json, over: Json): Json {
  if (over === undefined) return base;
  if (base && over && typeof base === "object" && typeof over === "object" && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Record<string, Json> = { ...(base as Record<string, Json>) };
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete out[k];
      else out[k] = merge(out[k], v);
    }
    return out;
  }
  return over;
}

/** The example input with `overrides` deep-merged (arrays replace; `undefined` deletes a key). */
export function inputWith(overrides: Record<string, unknown> = {}): Record<string, Json> {
  return merge(exampleInput(), overrides as Json) as Record<string, Json>;
}

/** A validated configuration: the example with overrides. */
export function configWith(overrides: Record<string, unknown> = {}): JenkinsConfig {
  return parseConfig(inputWith(overrides), "test configuration");
}

/** The problems a configuration (the example with `overrides`) is rejected with; fails if it is accepted. */
export function problemsOf(overrides: Record<string, unknown>): string[] {
  try {
    parseConfig(inputWith(overrides));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be rejected`);
}

/** Both stacks built in a fresh app (not yet synthesized). */
export function project(config: JenkinsConfig = configWith()): ProjectStacks {
  return buildProject(config, Testing.app());
}

/** The synthesized JSON of a stack, parsed. */
export function synthJson(stack: Parameters<typeof Testing.synth>[0]): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Both stacks synthesized to a temp directory, assets included, like `cdktf synth`. */
export function synthToDir(config: JenkinsConfig = configWith()): { outdir: string; stateDir: string; jenkinsDir: string; stacks: ProjectStacks } {
  // Nested like the real cdktf.out, so a stack's relative local state path (../../../) stays in the temp dir.
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-synth-")), "cdktf.out");
  const app = new App({ outdir, stackTraces: false });
  const stacks = buildProject(config, app);
  app.synth();
  return { outdir, stateDir: path.join(outdir, "stacks", "state"), jenkinsDir: path.join(outdir, "stacks", "jenkins"), stacks };
}

/** Shape of synthesized cdk.tf.json used by tests (a type, not an interface, so it is also a JSON object with an index signature). */
export type SynthJson = {
  resource: Record<string, Record<string, JsonBlock>>;
  data?: Record<string, Record<string, JsonBlock>>;
  output?: Record<string, { value: unknown; description?: string }>;
  terraform: JsonBlock;
  provider?: JsonBlock;
  variable?: JsonBlock;
  removed?: { from: string; lifecycle?: { destroy: boolean } }[];
};

/**
 * All resources of a type, as [address, body], with the instances Terraform would create from
 * a literal `for_each` (`toset([...])` or a map: `id["key"]`, `each.key`/`each.value`
 * substituted) or a literal `count` (`id[0]`, `count.index` and `element([...], count.index)`
 * substituted). A resource whose for_each/count is an expression is listed once, as written.
 */
export function resources(json: SynthJson, type: string): [string, JsonBlock][] {
  return Object.entries(json.resource[type] ?? {}).flatMap(([id, body]) => instancesOf(id, body) as [string, JsonBlock][]);
}

/** The only resource of a type (fails if there are none or several). */
export function only(json: SynthJson, type: string): JsonBlock {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0][1];
}

/** A resource whose logical id contains `idPart`. */
export function byId(json: SynthJson, type: string, idPart: string): JsonBlock {
  const found = resources(json, type).filter(([id]) => id.includes(idPart));
  if (found.length !== 1) throw new Error(`expected one ${type} with id containing ${idPart}, found ${found.map(([i]) => i).join(", ") || "none"}`);
  return found[0][1];
}

/** The statements of an aws_iam_policy_document data source whose id contains `idPart`. */
export function policyStatements(json: SynthJson, idPart: string): JsonBlock[] {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([id]) => id.includes(idPart));
  if (docs.length !== 1) throw new Error(`expected one policy document with id containing ${idPart}, found ${docs.map(([i]) => i).join(", ") || "none"}`);
  return docs[0][1].statement;
}
