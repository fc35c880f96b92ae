/**
 * Offline plans of the registry module from a root module: the module built once into a temp
 * directory, one `init` for a base root whose providers every other root copies, then
 * `plan` + `show -json` per set of inputs (HCL expressions by variable name); or a root with one
 * module call per case ({@link ModulePlanner.callsRoot}), so one plan covers several cases. Used
 * by the module's team tests (__tests__/module/module-credentials.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildModule } from "../../lib/module/package-module";
import { snakeCase } from "../../lib/module/variables/object-variable";
import { hclInline } from "../../lib/module/hcl";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraformOk } from "../../tools/terraform/offline-terraform";
import { callOutputsHcl } from "./module-calls";

/** What the tests read of `terraform show -json`. */
export interface ModulePlan {
  readonly resource_changes?: Array<{ address: string; type: string; change: { after?: Record<string, unknown> | null } }>;
  readonly planned_values: { outputs: Record<string, { value: unknown }> };
}

/** A vars.json section with snake-case attribute names, as the module's object variables take it. */
export function snakeCased(section: unknown): unknown {
  if (Array.isArray(section)) return section.map(snakeCased);
  if (section && typeof section === "object") return Object.fromEntries(Object.entries(section).map(([k, x]) => [snakeCase(k), snakeCased(x)]));
  return section;
}

/** A vars.json section as a module input (HCL): the same object with snake-case attribute names. */
export function hcl(section: unknown): string {
  return hclInline(snakeCased(section));
}

/** A planner; call `setUp()` in beforeAll and `tearDown()` in afterAll. */
export class ModulePlanner {
  private work = "";
  private moduleDir = "";

  /** @param base inputs every root gets (required variables and the like) */
  constructor(private readonly base: Record<string, string>) {}

  /** Builds the module; the base root is initialized when a root first needs it. */
  setUp(): void {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-plan-"));
    this.moduleDir = buildModule({ outDir: path.join(this.work, "build") }).dir;
  }

  tearDown(): void {
    if (this.work) fs.rmSync(this.work, { recursive: true, force: true });
  }

  /** A root module calling the module with `inputs` (over the base ones), its JCasC as output `jcasc_yaml`. */
  root(name: string, inputs: Record<string, string>): string {
    if (name !== "base" && !fs.existsSync(path.join(this.work, "base", ".terraform"))) offlineInit(this.root("base", {}));
    const dir = path.join(this.work, name);
    fs.mkdirSync(dir, { recursive: true });
    const args = Object.entries({ ...this.base, ...inputs })
      .map(([k, v]) => `  ${k} = ${v}`)
      .join("\n");
    const output = 'output "jcasc_yaml" {\n  value = module.jenkins.jcasc_yaml\n}\n';
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `provider "aws" {\n  region = "eu-west-1"\n}\n\nmodule "jenkins" {\n  source = "${this.moduleDir}"\n${args}\n}\n\n${output}`,
    );
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    if (name !== "base") {
      fs.cpSync(path.join(this.work, "base", ".terraform"), path.join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
      fs.copyFileSync(path.join(this.work, "base", ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"));
    }
    return dir;
  }

  /**
   * A root module calling the module once per entry of `calls` (call name → inputs over the base
   * ones), each call's JCasC as output `<call>__jcasc_yaml` (module-calls.ts); initialized.
   */
  callsRoot(name: string, calls: Record<string, Record<string, string>>): string {
    const dir = path.join(this.work, name);
    fs.mkdirSync(dir, { recursive: true });
    const blocks = Object.entries(calls).map(([call, inputs]) => {
      const args = Object.entries({ ...this.base, ...inputs })
        .map(([k, v]) => `  ${k} = ${v}`)
        .join("\n");
      return `module "${call}" {\n  source = "${this.moduleDir}"\n${args}\n}\n`;
    });
    const outputs = callOutputsHcl(Object.keys(calls), ["jcasc_yaml"]);
    fs.writeFileSync(path.join(dir, "main.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${blocks.join("\n")}\n${outputs}`);
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    offlineInit(dir);
    return dir;
  }

  /** The plan of a root with one module call per entry of `calls` ({@link callsRoot}); throws with Terraform's output when it fails. */
  planCalls(name: string, calls: Record<string, Record<string, string>>): ModulePlan {
    const dir = this.callsRoot(name, calls);
    terraformOk(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    return JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as ModulePlan;
  }

  /** The plan of a root with `inputs`; throws with Terraform's output when it fails. */
  plan(name: string, inputs: Record<string, string>): ModulePlan {
    const dir = this.root(name, inputs);
    terraformOk(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    return JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as ModulePlan;
  }
}

/** The planned policy (JSON) of the inline role policy named `name`, or undefined. */
export function plannedRolePolicy(plan: ModulePlan, name: string): { Version: string; Statement: Record<string, unknown>[] } | undefined {
  const rp = (plan.resource_changes ?? []).find((r) => r.type === "aws_iam_role_policy" && r.change.after?.name === name);
  return rp ? JSON.parse(rp.change.after!.policy as string) : undefined;
}
