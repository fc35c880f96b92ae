/**
 * Test support (issue 16): moving a deployed `jenkins` stack's state to the registry module on
 * the AWS API emulator. The e2e (__tests__/e2e/e2e.moto.test.ts) calls {@link planStateMove}
 * after its apply and before its destroy: a consumer root calls the built module
 * (`module "jenkins" { source = "./terraform-aws-serverless-jenkins" ... }`) with inputs
 * equivalent to the stack's configuration ({@link moduleInputsFor}), holds a copy of the
 * stack's state, and gets the moves `npm run module:moves` generates
 * (lib/module/module-moves.ts) as `moved` blocks; `terraform plan` then says what the move
 * would do. Nothing is applied. (The `terraform state mv` variant is not run here: the script's
 * 115 commands took 320 to 430 s on the shared test machine, each rewriting the 400 KB state.)
 *
 * The module is the one `npm run build:module` writes, with the emulator's gaps applied to its
 * main.tf.json as tools/emulator/emulator-output.ts applies them to the stack's cdk.tf.json
 * (test harness only): what moto cannot hold is left out of both sides alike.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "../../lib/cdktf-core";
import { buildProject } from "../../lib/app";
import type { JenkinsConfig } from "../../lib/config/schema";
import { JenkinsModuleStack, MODULE_NAME } from "../../lib/module/jenkins-module-stack";
import { movedBlocks, stackResources, stackToModuleMoves, StackToModuleMoves } from "../../lib/module/module-moves";
import { buildModule } from "../../lib/module/package-module";
import { emulatorProviderSettings } from "../../tools/emulator/emulator-gaps";
import { emulateTerraformJson, TerraformJson } from "../../tools/emulator/emulator-output";
import { snakeCased } from "./module-plan";
import { terraformOkAsync } from "./terraform-async";

/** The name of the consumer's module block. */
export const MOVE_MODULE_NAME = "jenkins";

/** The stack's controller task definition (cdktf's hashed id is stable). */
export const CONTROLLER_TASK_DEFINITION = /^aws_ecs_task_definition\.Controller_TaskDefinition_[0-9A-F]{8}$/;

/** One managed resource change of a plan (`terraform show -json`), reduced to what the move test judges. */
export interface MoveChange {
  readonly address: string;
  /** The stack address it moved from. */
  readonly previousAddress?: string;
  /** Terraform's actions: ["no-op"], ["update"], ["create"], ["delete"], ["delete","create"], ... */
  readonly actions: string[];
  /** Top-level arguments whose planned value differs from the state's, for updates and replacements. */
  readonly changed: string[];
  /** Of those, the ones whose value is unknown until apply. */
  readonly unknown: string[];
  /** Terraform's `replace_paths` (the arguments that force a replacement). */
  readonly replacePaths?: unknown[];
  /** The state's and the planned values (replacements only). */
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

/** What {@link planStateMove} found. */
export interface StateMovePlan {
  /** The consumer root directory. */
  readonly dir: string;
  /** The generator's output for the stack's configuration. */
  readonly moves: StackToModuleMoves;
  /** Every managed resource change of the plan. */
  readonly changes: MoveChange[];
  readonly seconds: number;
}

/** The moves `npm run module:moves` prints for `config` (scripts/module-moves.ts builds them the same way). */
export function generatedMoves(config: JenkinsConfig, moduleName = MOVE_MODULE_NAME): StackToModuleMoves {
  const project = buildProject(config, new App({ skipValidation: true }));
  const moduleStack = new JenkinsModuleStack(new App({ skipValidation: true }), MODULE_NAME);
  return stackToModuleMoves(stackResources(project.jenkins), stackResources(moduleStack), moduleName);
}

/** Every `*.tf.json` file under `dir` (the module's and any nested module's). */
function tfJsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tfJsonFiles(path.join(dir, e.name)) : e.name.endsWith(".tf.json") ? [path.join(dir, e.name)] : []));
}

/**
 * Builds the module into `dir/<MODULE_NAME>` (without its examples) with the emulator's gaps
 * applied to each of its `*.tf.json` files (the synthesized resources, wherever the packaging
 * puts them); returns that directory.
 */
export function writeEmulatorModule(dir: string): string {
  const built = buildModule({ outDir: path.join(dir, "dist") });
  const moduleDir = path.join(dir, MODULE_NAME);
  fs.cpSync(built.dir, moduleDir, { recursive: true });
  fs.rmSync(path.join(moduleDir, "examples"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, "dist"), { recursive: true, force: true });
  const files = tfJsonFiles(moduleDir);
  let resources = 0;
  for (const file of files) {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson;
    if (json.resource) resources++;
    fs.writeFileSync(file, `${JSON.stringify(emulateTerraformJson(json), null, 2)}\n`);
  }
  if (resources === 0) throw new Error(`no *.tf.json file with resources in the built module ${moduleDir}: ${files.join(", ") || "none"}`);
  return moduleDir;
}

/**
 * The module block's arguments equivalent to the settings a stack configuration gives (those
 * the e2e sets; the others are left at defaults equal to the stack's, which the plan checks).
 * `templateImages`: the image each template with a `build` runs in the stack (the module has no
 * per-template build; a template takes a built image as `image`).
 */
export function moduleInputsFor(config: JenkinsConfig, templateImages: Record<string, string> = {}): Record<string, unknown> {
  const sm = config.credentials.secretsManager;
  return {
    name_prefix: config.namePrefix,
    account_id: config.accountId,
    tags: config.tags,
    vpc_cidr: config.network.cidr,
    availability_zones: config.network.availabilityZones,
    nat_gateways: config.network.natGateways,
    vpc_flow_logs: config.network.flowLogs,
    vpc_endpoints: { enabled: config.vpcEndpoints.enabled },
    certificate_arn: config.loadBalancer.certificateArn,
    allowed_cidrs: config.loadBalancer.allowedCidrs,
    alb_deletion_protection: config.loadBalancer.deletionProtection,
    alert_emails: config.alerts.emails,
    // Teardown mode (the e2e deploys with it): force_delete/force_destroy on the repositories, the vault and the Cloud Map service.
    force_destroy: config.dataProtection.forceDestroy,
    agent_templates: Object.fromEntries(
      config.agents.templates.map((t) => {
        if (t.build && !templateImages[t.label]) throw new Error(`template ${t.label} is built by the stack: give its image`);
        return [t.label, { spot: t.spot, cpu: t.cpu, memory: t.memory, ...(t.build ? { image: templateImages[t.label] } : {}) }];
      }),
    ),
    // Team setup (issue 18): `auth` and `jobs` as the module's object variables (the same sections,
    // defaults applied, in snake case); `credentials.secretsManager` as its credentials_* variables.
    auth: snakeCased(config.auth),
    jobs: snakeCased(config.jobs),
    credentials_secrets_manager_enabled: sm.enabled,
    credentials_secret_name_prefix: sm.namePrefix,
    credentials_secret_tag: sm.tag ?? null,
    credentials_kms_key_arns: sm.kmsKeyArns,
    credentials_cache: sm.cache,
  };
}

/** Options of {@link planStateMove}. */
export interface StateMoveOptions {
  /** A fresh directory for the consumer root. */
  readonly dir: string;
  /** The stack's configuration (the generator's input). */
  readonly config: JenkinsConfig;
  /** The stack's state (`terraform state pull` of the jenkins stack). */
  readonly state: string;
  /** The emulator endpoint. */
  readonly endpoint: string;
  /** The module block's arguments besides `source`. */
  readonly moduleInputs: Record<string, unknown>;
  /** A module directory {@link writeEmulatorModule} wrote; copied into the root. */
  readonly moduleDir: string;
}

/** Whether a plan's `after_unknown` value marks anything unknown. */
function anyUnknown(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(anyUnknown);
  if (v && typeof v === "object") return Object.values(v).some(anyUnknown);
  return false;
}

/** The plan's resource change, as `terraform show -json` writes it. */
interface PlanResourceChange {
  address: string;
  previous_address?: string;
  mode: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown: Record<string, unknown> | null;
    replace_paths?: unknown[];
  };
}

function moveChange(r: PlanResourceChange): MoveChange {
  const { actions, before, after, after_unknown: unknownAfter } = r.change;
  const judged = actions.includes("update") || (actions.includes("delete") && actions.includes("create"));
  const keys = judged ? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort() : [];
  const unknown = keys.filter((k) => anyUnknown(unknownAfter?.[k]));
  const changed = keys.filter((k) => unknown.includes(k) || JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null));
  const replaced = actions.includes("delete") && actions.includes("create");
  return {
    address: r.address,
    ...(r.previous_address ? { previousAddress: r.previous_address } : {}),
    actions,
    changed,
    unknown,
    ...(r.change.replace_paths ? { replacePaths: r.change.replace_paths } : {}),
    ...(replaced ? { before: before ?? {}, after: after ?? {} } : {}),
  };
}

/**
 * Writes the consumer root (provider pointed at the emulator, the module block, the generated
 * `moved.tf`), puts the stack's state in it (local backend), and plans with a refresh of every
 * resource from the emulator.
 */
export async function planStateMove(opts: StateMoveOptions): Promise<StateMovePlan> {
  const t0 = Date.now();
  const { dir } = opts;
  fs.mkdirSync(dir, { recursive: true });
  const source = path.basename(opts.moduleDir);
  fs.cpSync(opts.moduleDir, path.join(dir, source), { recursive: true });
  const root = {
    provider: { aws: { region: opts.config.region, allowed_account_ids: [opts.config.accountId], ...emulatorProviderSettings(opts.endpoint) } },
    module: { [MOVE_MODULE_NAME]: { source: `./${source}`, ...opts.moduleInputs } },
  };
  fs.writeFileSync(path.join(dir, "main.tf.json"), `${JSON.stringify(root, null, 2)}\n`);
  const moves = generatedMoves(opts.config);
  fs.writeFileSync(path.join(dir, "moved.tf"), movedBlocks(moves));
  fs.writeFileSync(path.join(dir, "terraform.tfstate"), opts.state);
  await terraformOkAsync(dir, ["init", "-input=false", "-no-color"]);
  await terraformOkAsync(dir, ["plan", "-input=false", "-no-color", "-lock=false", "-out=move.tfplan"]);
  const plan = JSON.parse(await terraformOkAsync(dir, ["show", "-json", "move.tfplan"])) as { resource_changes?: PlanResourceChange[] };
  const changes = (plan.resource_changes ?? []).filter((r) => r.mode === "managed").map(moveChange);
  return { dir, moves, changes, seconds: (Date.now() - t0) / 1000 };
}

/** The image each built template runs in the stack, read from the controller's environment in the state (`AGENT_IMAGE_<LABEL>`). */
export function builtTemplateImages(config: JenkinsConfig, state: string): Record<string, string> {
  const json = JSON.parse(state) as { resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }> };
  const td = json.resources.find((r) => r.type === "aws_ecs_task_definition" && CONTROLLER_TASK_DEFINITION.test(`${r.type}.${r.name}`));
  const defs = JSON.parse((td?.instances[0]?.attributes.container_definitions as string | undefined) ?? "[]") as Array<{
    environment?: Array<{ name: string; value: string }>;
  }>;
  const env = new Map((defs[0]?.environment ?? []).map((e) => [e.name, e.value]));
  const images: Record<string, string> = {};
  for (const t of config.agents.templates.filter((x) => x.build)) {
    const name = `AGENT_IMAGE_${t.label.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
    const image = env.get(name);
    if (!image) throw new Error(`the state's controller task definition has no ${name} for the built template ${t.label}`);
    images[t.label] = image;
  }
  return images;
}

/** Builds the module for the emulator and plans the move of `state` to it in `dir`. */
export async function planMoveToModule(opts: { dir: string; config: JenkinsConfig; state: string; endpoint: string }): Promise<StateMovePlan> {
  const moduleDir = writeEmulatorModule(path.join(opts.dir, "module"));
  const moduleInputs = moduleInputsFor(opts.config, builtTemplateImages(opts.config, opts.state));
  return planStateMove({ ...opts, dir: path.join(opts.dir, "root"), moduleDir, moduleInputs });
}
