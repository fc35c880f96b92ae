/**
 * `create` (issue 16): the packaged module's root is a generated wrapper that calls the
 * synthesized module (modules/core) with `count = var.create ? 1 : 0`, passes every variable,
 * and returns every output through `one(module.this[*].<name>)`. create = false plans nothing
 * and every output is null; the inputs are still validated (at the root).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_CREDENTIALS, offlineInit, terraform, terraformOk } from "../../tools/terraform/offline-terraform";
import { ModuleBuild, buildModule, synthesizeModule } from "../../lib/module/package-module";
import { wrapperOutputsTf } from "../../lib/module/module-wrapper";
import { describeTerraform } from "../support/terraform";
import { writeConsumerRoot } from "../support/consumer-root";

let build: ModuleBuild;
beforeAll(() => {
  build = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-create-")) });
});
const read = (rel: string) => fs.readFileSync(path.join(build.dir, rel), "utf8");
const blockNames = (text: string, kind: string) => [...text.matchAll(new RegExp(`^${kind} "([a-z0-9_]+)" \\{$`, "gm"))].map((m) => m[1]);

describe("the wrapper root", () => {
  test("main.tf calls ./modules/core once per var.create and passes every variable of the core as itself", () => {
    const main = read("main.tf");
    expect(main).toMatch(/^module "this" \{\n {2}source = "\.\/modules\/core"\n {2}count {2}= var\.create \? 1 : 0\n/m);
    const passed = [...main.matchAll(/^ {2}([a-z0-9_]+)\s+= var\.([a-z0-9_]+)$/gm)].map((m) => [m[1], m[2]]);
    for (const [arg, variable] of passed) expect({ arg, variable }).toEqual({ arg, variable: arg });
    const core = blockNames(read("modules/core/variables.tf"), "variable");
    expect(passed.map(([arg]) => arg).sort()).toEqual([...core].sort());
    expect(core.length).toBeGreaterThan(60);
  });

  test("variables.tf at the root: the core's variables plus create (bool, default true, not nullable), with the validation blocks", () => {
    const root = read("variables.tf");
    const core = read("modules/core/variables.tf");
    expect(blockNames(root, "variable").sort()).toEqual(["create", ...blockNames(core, "variable")].sort());
    expect(root).toMatch(/^variable "create" \{\n {2}description = "[^"]+"\n {2}type {8}= bool\n {2}default {5}= true\n {2}nullable {4}= false\n\}$/m);
    // Each rule is checked once, where the caller's values arrive.
    const validations = synthesizeModule().stack.variables.reduce((n, v) => n + v.validations.length, 0);
    expect(root.match(/^ {2}validation \{$/gm)).toHaveLength(validations);
    expect(validations).toBeGreaterThan(100);
    expect(core).not.toContain("validation {");
    // The validations that read the provider's region and partition find them at the root.
    expect(root).toContain("data.aws_region.current.name");
    expect(read("main.tf")).toContain('data "aws_partition" "current" {}\ndata "aws_region" "current" {}');
  });

  test("outputs.tf: every core output as one(module.this[*].<name>) with the core's description", () => {
    const root = read("outputs.tf");
    const core = read("modules/core/outputs.tf");
    const outputs = (text: string) =>
      [...text.matchAll(/^output "([a-z0-9_]+)" \{\n {2}description = ("[^\n]*")\n {2}value {7}= ([^\n]+)\n/gm)].map((m) => ({
        name: m[1],
        description: m[2],
        value: m[3],
      }));
    const coreOutputs = outputs(core);
    expect(coreOutputs.length).toBeGreaterThan(30);
    expect(outputs(root)).toEqual(coreOutputs.map((o) => ({ ...o, value: `one(module.this[*].${o.name})` })));
  });

  test("a sensitive output stays sensitive at the root", () => {
    const text = wrapperOutputsTf({ secret: { description: "A secret.", sensitive: true }, plain: { description: "Not one." } }, ["secret", "plain"]);
    expect(text).toContain('output "secret" {\n  description = "A secret."\n  value       = one(module.this[*].secret)\n  sensitive   = true\n}');
    expect(text).toContain('output "plain" {\n  description = "Not one."\n  value       = one(module.this[*].plain)\n}');
  });
});

describeTerraform("create with terraform (offline)", () => {
  let work: string;
  const rootWith = (name: string, extra: string) =>
    writeConsumerRoot(path.join(work, name), {
      moduleDir: path.join(work, "module"),
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000",
      inputs: extra,
      outputs: 'output "jenkins" {\n  value = module.jenkins\n}\n',
    });

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-create-tf-"));
    fs.cpSync(build.dir, path.join(work, "module"), { recursive: true });
  });

  test("create = false: no change at all, nothing planned in module.this, every output null", () => {
    const dir = rootWith("off", "  create             = false");
    offlineInit(dir);
    const run = terraformOk(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    const plan = JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as {
      resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
      planned_values: { outputs: { jenkins: { value: Record<string, unknown> } } };
    };
    expect((plan.resource_changes ?? []).filter((r) => !r.change.actions.includes("no-op")).map((r) => r.address)).toEqual([]);
    expect((plan.resource_changes ?? []).filter((r) => r.address.includes("module.this"))).toEqual([]);
    const outputs = plan.planned_values.outputs.jenkins.value;
    expect(Object.keys(outputs).length).toBeGreaterThan(30);
    expect(Object.entries(outputs).filter(([, v]) => v !== null)).toEqual([]);
    // The plan as Terraform prints it (the same rendering `terraform show p.tfplan` gives, without a
    // second provider start-up): nothing to add.
    expect(run.stdout).toMatch(/No changes\.|Changes to Outputs:/);
    expect(run.stdout).not.toMatch(/Plan: \d+ to add/);
  }, 300_000);

  test("create = false still validates the inputs (the root's validation blocks)", () => {
    const dir = rootWith("off-invalid", "  create             = false\n  controller_cpu     = 3000");
    offlineInit(dir);
    const r = terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
    expect(r.status).not.toBe(0);
    expect(r.stderr.replace(/\s+/g, " ")).toContain("controller_cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 CPU units.");
  }, 300_000);
});
