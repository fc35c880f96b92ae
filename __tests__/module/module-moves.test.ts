/**
 * Moving from the `jenkins` stack to the registry module (lib/module/module-moves.ts,
 * `npm run module:moves`): stack addresses pair with module addresses by construct path, a
 * resource the module counts moves to `[0]`, and every address named exists on its side.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraformOk } from "../../tools/terraform/offline-terraform";
import { buildModule } from "../../lib/module/package-module";
import { describeTerraform } from "../support/terraform";
import { App } from "../../lib/cdktf-core";
import { JenkinsModuleStack, MODULE_NAME } from "../../lib/module/jenkins-module-stack";
import { movedBlocks, stackResources, stackToModuleMoves, stateMvScript } from "../../lib/module/module-moves";
import { synthesizeModule } from "../../lib/module/package-module";
import { ROOT, configWith, project, synthJson } from "../support/project";

// The example configuration: a new VPC, as the module creates with vpc_id unset.
const stackProject = project(configWith());
const stack = stackResources(stackProject.jenkins);
const moduleResources = stackResources(new JenkinsModuleStack(new App({ skipValidation: true }), MODULE_NAME));
const moves = stackToModuleMoves(stack, moduleResources);
const stackJson = synthJson(stackProject.jenkins);
const moduleMain = synthesizeModule().main as { resource: Record<string, Record<string, { count?: unknown; for_each?: unknown }>> };

test("readable module addresses for the stack's hashed ones, with [0] where the module counts and the stack does not", () => {
  const to = (from: RegExp) => moves.moves.find((m) => from.test(m.from))?.to;
  expect(to(/^aws_alb\.LoadBalancer_Alb_[0-9A-F]{8}$/)).toBe("module.jenkins.module.this[0].aws_alb.this");
  expect(to(/^aws_vpc\.Network_Vpc_[0-9A-F]{8}$/)).toBe("module.jenkins.module.this[0].aws_vpc.this[0]");
  expect(to(/^aws_subnet\.Network_PrivateSubnet1_[0-9A-F]{8}$/)).toBe("module.jenkins.module.this[0].aws_subnet.network_private_subnet1[0]");
  expect(to(/^aws_efs_mount_target\.JenkinsHome_MountTarget_[0-9A-F]{8}$/)).toBe("module.jenkins.module.this[0].aws_efs_mount_target.this");
  expect(to(/^aws_kms_key\.Alerts_Key_[0-9A-F]{8}$/)).toBe("module.jenkins.module.this[0].aws_kms_key.alerts_key_key[0]");
  expect(moves.moves.length).toBeGreaterThan(100);
});

test("every from is a resource of the synthesized stack, every to a resource of the module, each used once", () => {
  for (const m of moves.moves) {
    const [type, name] = m.from.split(".");
    expect({ from: m.from, inStack: stackJson.resource[type]?.[name] !== undefined }).toEqual({ from: m.from, inStack: true });
    expect(m.to.startsWith("module.jenkins.module.this[0].")).toBe(true);
    const [toType, toRest] = m.to.slice("module.jenkins.module.this[0].".length).split(".");
    const toName = toRest.replace(/\[0\]$/, "");
    const body = moduleMain.resource[toType]?.[toName];
    expect({ to: m.to, inModule: body !== undefined }).toEqual({ to: m.to, inModule: true });
    // [0] exactly when the module counts the resource and the stack does not.
    const stackBody = stackJson.resource[type][name] as { count?: unknown; for_each?: unknown };
    const indexed = body!.count !== undefined && stackBody.count === undefined && stackBody.for_each === undefined;
    expect({ to: m.to, indexed: m.to.endsWith("[0]") }).toEqual({ to: m.to, indexed });
  }
  expect(new Set(moves.moves.map((m) => m.from)).size).toBe(moves.moves.length);
  expect(new Set(moves.moves.map((m) => m.to)).size).toBe(moves.moves.length);
});

test("what only the stack has is its S3 build contexts and agent image mirror; nothing else is left behind", () => {
  const unexplained = moves.stackOnly.filter((a) => !/\.(AgentImages_Mirror_|Image_Sources_|Image_ContextObject_)/.test(a));
  expect(unexplained).toEqual([]);
  expect(moves.stackOnly.length).toBeGreaterThan(0);
});

test("moved.tf and the state mv script list the same moves", () => {
  const hcl = movedBlocks(moves);
  expect(hcl.match(/^moved \{$/gm)).toHaveLength(moves.moves.length);
  expect(hcl).toContain("moved {\n  from = aws_alb.LoadBalancer_Alb_72D76F81\n  to   = module.jenkins.module.this[0].aws_alb.this\n}");
  const sh = stateMvScript(moves);
  expect(sh.match(/^move /gm)).toHaveLength(moves.moves.length);
  expect(sh).toContain("move 'aws_vpc.Network_Vpc_FAC8F4A5' 'module.jenkins.module.this[0].aws_vpc.this[0]'");
});

test("the state mv script moves what the state holds, instances of for_each resources included, and skips what it does not hold", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-mv-"));
  try {
    // A stand-in terraform on PATH: `state list` prints a state of three resources, `state mv` logs its arguments.
    const log = path.join(dir, "mv.log");
    fs.writeFileSync(
      path.join(dir, "terraform"),
      [
        "#!/bin/sh",
        'if [ "$1 $2" = "state list" ]; then',
        "  echo 'aws_vpc.Network_Vpc_FAC8F4A5'",
        `  echo 'aws_iam_role.Roles_Task["node"]'`,
        `  echo 'aws_iam_role.Roles_Task["maven"]'`,
        "  echo 'aws_sns_topic.Alerts_TopicOther'",
        "  exit 0",
        "fi",
        `echo "$3 -> $4" >> '${log}'`,
      ].join("\n"),
      { mode: 0o755 },
    );
    const script = stateMvScript({
      moves: [
        { from: "aws_vpc.Network_Vpc_FAC8F4A5", to: "module.jenkins.module.this[0].aws_vpc.network_vpc[0]" },
        { from: "aws_iam_role.Roles_Task", to: "module.jenkins.module.this[0].aws_iam_role.roles_task" },
        { from: "aws_iam_role.Roles_Task_Policy", to: "module.jenkins.module.this[0].aws_iam_role.roles_task_policy" },
        { from: "aws_sns_topic.Alerts_Topic", to: "module.jenkins.module.this[0].aws_sns_topic.alerts_topic" },
      ],
      stackOnly: [],
      moduleOnly: [],
    });
    fs.writeFileSync(path.join(dir, "state-mv.sh"), script);
    const r = spawnSync("sh", [path.join(dir, "state-mv.sh")], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "aws_vpc.Network_Vpc_FAC8F4A5 -> module.jenkins.module.this[0].aws_vpc.network_vpc[0]",
      "aws_iam_role.Roles_Task -> module.jenkins.module.this[0].aws_iam_role.roles_task",
    ]);
    // A name that only starts like a resource in the state is not that resource.
    expect(r.stdout).toContain("not in the state, skipped: aws_iam_role.Roles_Task_Policy");
    expect(r.stdout).toContain("not in the state, skipped: aws_sns_topic.Alerts_Topic");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("npm run module:moves prints the moved blocks for vars.json (the example here)", () => {
  const r = spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "scripts/module-moves.ts", "--module", "ci"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, JENKINS_VARS: "vars.example.json" },
  });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("to   = module.ci.module.this[0].aws_alb.this");
  expect(r.stderr).toMatch(/^\d+ moves from the jenkins stack of vars\.example\.json/);
});

describeTerraform("the moved blocks with terraform (offline)", () => {
  type Plan = { resource_changes: Array<{ address: string; previous_address?: string; change: { actions: string[] } }> };
  let moduleDir: string;
  beforeAll(() => {
    moduleDir = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-moves-dist-")) }).dir;
  });

  /** Plans the module with the example configuration's network over a state holding one VPC at `at` (plus root files). */
  const planOverVpc = (at: { module?: string; name: string; indexed: boolean }, rootFiles: Record<string, string>): Plan => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-moves-"));
    fs.cpSync(moduleDir, path.join(dir, "mod"), { recursive: true });
    const root = path.join(dir, "root");
    fs.mkdirSync(root);
    for (const [f, text] of Object.entries(rootFiles)) fs.writeFileSync(path.join(root, f), text);
    // The module with the example configuration's network (a new VPC, two zones, one NAT gateway).
    fs.writeFileSync(
      path.join(root, "main.tf"),
      `provider "aws" {\n  region = "eu-west-1"\n}\n\nmodule "jenkins" {\n  source = "../mod"\n\n  account_id         = "123456789012"\n  certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"\n  availability_zones = ["eu-west-1a", "eu-west-1b"]\n  nat_gateways       = "single"\n}\n`,
    );
    fs.writeFileSync(path.join(root, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }));
    // The stack's VPC as a deployed state holds it: its synthesized arguments plus what AWS returns.
    const vpc = Object.values(stackJson.resource.aws_vpc)[0] as {
      cidr_block: string;
      enable_dns_hostnames: boolean;
      enable_dns_support: boolean;
      tags: Record<string, string>;
    };
    const id = "vpc-0123456789abcdef0";
    const attributes = {
      id,
      arn: `arn:aws:ec2:eu-west-1:123456789012:vpc/${id}`,
      cidr_block: vpc.cidr_block,
      enable_dns_hostnames: vpc.enable_dns_hostnames,
      enable_dns_support: vpc.enable_dns_support,
      instance_tenancy: "default",
      assign_generated_ipv6_cidr_block: false,
      enable_network_address_usage_metrics: false,
      ipv6_association_id: "",
      ipv6_cidr_block: "",
      ipv6_cidr_block_network_border_group: "",
      ipv6_ipam_pool_id: "",
      ipv6_netmask_length: 0,
      ipv4_ipam_pool_id: null,
      ipv4_netmask_length: null,
      main_route_table_id: "rtb-0123456789abcdef0",
      default_network_acl_id: "acl-0123456789abcdef0",
      default_route_table_id: "rtb-0123456789abcdef0",
      default_security_group_id: "sg-0123456789abcdef0",
      dhcp_options_id: "dopt-0123456789abcdef0",
      owner_id: "123456789012",
      tags: vpc.tags,
      tags_all: vpc.tags,
    };
    const state = {
      version: 4,
      terraform_version: "1.9.0",
      serial: 1,
      lineage: "00000000-0000-4000-8000-00000000abcd",
      outputs: {},
      resources: [
        {
          ...(at.module ? { module: at.module } : {}),
          mode: "managed",
          type: "aws_vpc",
          name: at.name,
          ...(at.indexed ? { each: "list" } : {}),
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ ...(at.indexed ? { index_key: 0 } : {}), schema_version: 1, attributes, sensitive_attributes: [] }],
        },
      ],
    };
    fs.writeFileSync(path.join(root, "terraform.tfstate"), JSON.stringify(state));
    offlineInit(root);
    terraformOk(root, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    return JSON.parse(terraformOk(root, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout) as Plan;
  };

  test("a state holding the stack's VPC plans as a move to module.jenkins.module.this[0].aws_vpc.this[0]: updated in place, nothing destroyed", () => {
    const vpcName = Object.keys(stackJson.resource.aws_vpc)[0];
    const plan = planOverVpc({ name: vpcName, indexed: false }, { "moved.tf": movedBlocks(moves) });
    const moved = plan.resource_changes.find((r) => r.address === "module.jenkins.module.this[0].aws_vpc.this[0]")!;
    expect(moved.previous_address).toBe(`aws_vpc.${vpcName}`);
    // In place: the module adds its ManagedBy/NamePrefix tags; no replacement.
    expect(moved.change.actions).toEqual(["update"]);
    expect(plan.resource_changes.filter((r) => r.change.actions.includes("delete"))).toEqual([]);
  });
});
