/**
 * Builds the registry module `terraform-aws-serverless-jenkins` into a directory, plus a
 * reproducible `.tar.gz` of it:
 *
 *   <outDir>/terraform-aws-serverless-jenkins/
 *     main.tf             the generated wrapper: module "this" { source = "./modules/core",
 *                         count = var.create ? 1 : 0, every variable passed } (module-wrapper.ts)
 *     variables.tf        from lib/module/variables/ (schema-derived validations), plus `create`
 *     outputs.tf          one(module.this[*].<name>) per output: null when create is false
 *     versions.tf         required_version and required_providers only
 *     modules/core/       the module JenkinsModuleStack synthesizes:
 *       main.tf.json      resources, data sources and locals
 *       variables.tf      the same variables without `create` and without validation blocks
 *       outputs.tf        from the synthesized outputs
 *       versions.tf
 *     README.md           usage, and generated inputs/outputs tables between TF_DOCS markers
 *     examples/complete/  a root module with a provider block calling "../../" (your VPC)
 *     examples/new-vpc/   the fewest inputs: a new VPC, plans with no input at all
 *     LICENSE, CHANGELOG.md
 *   <outDir>/terraform-aws-serverless-jenkins-<version>.tar.gz   the same files at the archive's
 *                                                               root (no top-level directory), so
 *                                                               an http or registry source needs
 *                                                               no `//subdir`
 *
 * Provider configuration, backends and cdktf metadata never reach the files; no absolute
 * path of the build machine does either (checked before anything is written). Each resource
 * and data source keeps one comment, `"//": "construct: <path>"`, its construct path relative
 * to the stack root (cdktf's metadata path without the stack id): the policy pack
 * (lib/policy) keys its suppressions by that path, so they apply to the module as they do to
 * the `jenkins` stack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "../cdktf-core";
import { JenkinsModuleStack, MODULE_NAME } from "./jenkins-module-stack";
import { completeExample, usageBlock } from "./module-example";
import { newVpcExample } from "./module-example-new-vpc";
import { outputsTf, variablesTf, versionsTf } from "./module-files";
import { moduleReadme } from "./module-readme";
import { CORE_DIR, CREATE_VARIABLE, wrapperMainTf, wrapperOutputsTf } from "./module-wrapper";
import { writeTarGz } from "./tarball";
import { moduleChecksJson } from "./module-rules";
import { MODULE_PATH_COMMENT } from "../policy/terraform-config";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Options of {@link buildModule}. */
export interface BuildModuleOptions {
  /** Directory that receives the module directory and the archive (e.g. `dist`). */
  readonly outDir: string;
  /**
   * Module version.
   * @default - the version in package.json
   */
  readonly version?: string;
}

/** What {@link buildModule} wrote. */
export interface ModuleBuild {
  readonly version: string;
  /** The module directory. */
  readonly dir: string;
  /** The archive. */
  readonly archive: string;
  /** Files of the module, relative to `dir`. */
  readonly files: string[];
  /** Entries of the archive. */
  readonly archiveEntries: string[];
}

type Json = Record<string, unknown>;

function stripMetadata(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripMetadata);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const [k, x] of Object.entries(v as Json)) if (k !== "//") out[k] = stripMetadata(x);
    return out;
  }
  return v;
}

/**
 * Replaces cdktf's `"//": { metadata: { path, uniqueId } }` of every resource and data source
 * with `"//": "construct: <path relative to the stack root>"` (Terraform ignores `//`).
 */
function constructPathComments(tf: Json): Json {
  const out: Json = { ...tf };
  for (const section of ["resource", "data"]) {
    const byType = tf[section] as Record<string, Record<string, Json>> | undefined;
    if (!byType) continue;
    out[section] = Object.fromEntries(
      Object.entries(byType).map(([type, byName]) => [
        type,
        Object.fromEntries(
          Object.entries(byName).map(([name, body]) => {
            const { "//": meta, ...rest } = body;
            const full = ((meta as Json | undefined)?.metadata as Json | undefined)?.path;
            if (typeof full !== "string") throw new Error(`${section}.${type}.${name} has no construct path metadata`);
            return [name, { "//": `${MODULE_PATH_COMMENT}${full.split("/").slice(1).join("/")}`, ...(stripMetadata(rest) as Json) }];
          }),
        ),
      ]),
    );
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const k of Object.keys(v as Json).sort()) out[k] = sortKeys((v as Json)[k]);
    return out;
  }
  return v;
}

function pick(o: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** The module's version: package.json's. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** Synthesizes the module stack and splits it; exported for tests. */
export function synthesizeModule(): { stack: JenkinsModuleStack; main: Json; outputs: Json } {
  const app = new App({ outdir: path.join(os.tmpdir(), "serverless-jenkins-module-synth"), skipValidation: true });
  const stack = new JenkinsModuleStack(app, MODULE_NAME);
  stack.runAllValidations();
  const synthesized = stack.toTerraform() as Json;
  const tf = { ...(stripMetadata(synthesized) as Json), ...pick(constructPathComments(synthesized), ["resource", "data"]) };
  const terraformBlock = (tf.terraform ?? {}) as Json;
  const extra = Object.keys(terraformBlock).filter((k) => k !== "required_providers");
  if (extra.length) throw new Error(`the module stack must not configure terraform.${extra.join(", terraform.")} (versions.tf is written separately)`);
  // `variable`: the stack's TerraformVariable references; variables.tf is written from the table.
  const unexpected = Object.keys(tf).filter((k) => !["terraform", "provider", "data", "locals", "resource", "output", "variable"].includes(k));
  if (unexpected.length) throw new Error(`unexpected top-level blocks in the module stack: ${unexpected.join(", ")}`);
  const main = sortKeys({ data: tf.data, locals: tf.locals, resource: tf.resource }) as Json;
  return { stack, main, outputs: (tf.output ?? {}) as Json };
}

function changelog(version: string): string {
  return `# Changelog

All notable changes to this module are listed here. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow
[Semantic Versioning](https://semver.org/).

## [${version}]

### Added

- First release. The module is generated from the \`jenkins\` stack of serverless-jenkins-cdktf
  ${version}: a Jenkins controller on ECS Fargate with EFS, an HTTPS ALB (TLS 1.3 policy) and
  Cloud Map discovery, and FARGATE and FARGATE_SPOT agent clusters wired into the amazon-ecs
  plugin through JCasC. It includes an ECR repository with an optional CodeBuild image build,
  AWS Backup, and KMS-encrypted SNS alerts.
- Your own VPC, or a new one as the stack creates it (\`vpc_id\` unset). Your own ACM certificate.
  An optional Route 53 alias record.
- Variables with the validation rules and messages of the project's configuration schema,
  Fargate task sizes included.
- \`examples/complete\` (your VPC) and \`examples/new-vpc\` (no input needed).
- \`create\` (default true): false creates nothing and every output is null. The resources
  live in the child \`modules/core\`, at \`module.this[0]\` in your state.
- Resource addresses: the primary resource of a type is \`<type>.this\` (\`aws_vpc.this\`,
  \`aws_alb.this\`, \`aws_efs_file_system.this\`, \`aws_sns_topic.this\`, \`aws_backup_vault.this\`,
  ...; the table is lib/module/this-names.ts of serverless-jenkins-cdktf), every other one its
  construct path in snake case.

### Migrating from earlier builds of this module

Builds before \`create\` kept the resources at the module's root under their snake-case
construct paths (\`module.jenkins.aws_vpc.network_vpc[0]\`, \`module.jenkins.aws_alb.load_balancer_alb\`).
Move each to its address now before planning, e.g.
\`terraform state mv 'module.jenkins.aws_vpc.network_vpc' 'module.jenkins.module.this[0].aws_vpc.this'\`
and \`terraform state mv 'module.jenkins.aws_ecs_cluster.agents_spot_cluster' 'module.jenkins.module.this[0].aws_ecs_cluster.agents_spot_cluster'\`
(or the same pairs as \`moved\` blocks in your root module). The module does not ship these
\`moved\` blocks itself: Terraform refuses two moves into one address ("Ambiguous move
statements"), and the moves from the \`jenkins\` stack (\`npm run module:moves\`) target the
same addresses.
`;
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string, rel = ""): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

/** Builds the module directory and its archive. */
export function buildModule(opts: BuildModuleOptions): ModuleBuild {
  const version = opts.version ?? packageVersion();
  const { stack, main, outputs } = synthesizeModule();

  const order = stack.outputs.map((o) => o.name);
  const synthesized = outputs as Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  const core = (name: string) => path.posix.join(CORE_DIR, name);
  const rootVariables = [CREATE_VARIABLE, ...stack.variables];
  const files: Record<string, string> = {
    // The root: a generated wrapper that calls the core once, or not at all (var.create).
    "main.tf": wrapperMainTf(stack.variables),
    "variables.tf": variablesTf(rootVariables),
    "outputs.tf": wrapperOutputsTf(synthesized, order),
    "versions.tf": versionsTf(),
    // The core: what JenkinsModuleStack synthesizes.
    [core("main.tf.json")]:
      `${JSON.stringify({ "//": `Generated by serverless-jenkins-cdktf ${version} (npm run build:module) from lib/module/; edit it there.`, ...main, check: moduleChecksJson() }, null, 2)}\n`,
    [core("variables.tf")]: variablesTf(stack.variables, { validations: false }),
    [core("outputs.tf")]: outputsTf(synthesized, order),
    [core("versions.tf")]: versionsTf(),
    "README.md": moduleReadme({
      moduleName: MODULE_NAME,
      version,
      variables: rootVariables,
      outputs: stack.outputs,
      resources: Object.entries((main.resource ?? {}) as Record<string, Json>).flatMap(([t, rs]) => Object.keys(rs).map((n) => `${t}.${n}`)),
      dataSources: Object.entries((main.data ?? {}) as Record<string, Json>).flatMap(([t, rs]) => Object.keys(rs).map((n) => `${t}.${n}`)),
      usage: usageBlock(`./${MODULE_NAME}`),
    }),
    LICENSE: fs.readFileSync(path.join(__dirname, "LICENSE-Apache-2.0.txt"), "utf8"),
    "CHANGELOG.md": changelog(version),
  };
  for (const [name, text] of Object.entries(completeExample(MODULE_NAME))) files[path.posix.join("examples", "complete", name)] = text;
  for (const [name, text] of Object.entries(newVpcExample(MODULE_NAME))) files[path.posix.join("examples", "new-vpc", name)] = text;

  // No path of this machine may leak into a published module.
  const machinePaths = [PROJECT_ROOT, os.tmpdir(), os.homedir(), fs.realpathSync(os.tmpdir())].filter((p) => p.length > 1);
  for (const [name, text] of Object.entries(files)) {
    const leak = machinePaths.find((p) => text.includes(p));
    if (leak) throw new Error(`${name} contains the build machine's path ${leak}`);
  }

  const outDir = path.resolve(opts.outDir);
  const dir = path.join(outDir, MODULE_NAME);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const archive = path.join(outDir, `${MODULE_NAME}-${version}.tar.gz`);
  // The module at the archive's root: `source = "https://.../<archive>.tar.gz"` works as is.
  const archiveEntries = writeTarGz(dir, "", archive);
  return { version, dir, archive, files: listFiles(dir), archiveEntries };
}
