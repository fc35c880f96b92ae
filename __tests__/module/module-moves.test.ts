/**
 * Moving from the `jenkins` stack to the registry module (lib/module/module-moves.ts,
 * `npm run module:moves`): stack addresses pair with module addresses by construct path, a
 * resource the module counts moves to `[0]`, and every address named exists on its side.
 */
import { spawnSync } from "child_process";
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
  expect(to(/^aws_alb\.LoadBalancer_Alb_[0-9A-F]{8}$/)).toBe("module.jenkins.aws_alb.load_balancer_alb");
  expect(to(/^aws_vpc\.Network_Vpc_[0-9A-F]{8}$/)).toBe("module.jenkins.aws_vpc.network_vpc[0]");
  expect(to(/^aws_subnet\.Network_PrivateSubnet1_[0-9A-F]{8}$/)).toBe("module.jenkins.aws_subnet.network_private_subnet1[0]");
  expect(to(/^aws_efs_mount_target\.JenkinsHome_MountTarget_[0-9A-F]{8}$/)).toBe("module.jenkins.aws_efs_mount_target.jenkins_home_mount_target");
  expect(to(/^aws_kms_key\.Alerts_Key_[0-9A-F]{8}$/)).toBe("module.jenkins.aws_kms_key.alerts_key_key");
  expect(moves.moves.length).toBeGreaterThan(100);
});

test("every from is a resource of the synthesized stack, every to a resource of the module, each used once", () => {
  for (const m of moves.moves) {
    const [type, name] = m.from.split(".");
    expect({ from: m.from, inStack: stackJson.resource[type]?.[name] !== undefined }).toEqual({ from: m.from, inStack: true });
    const [, , toType, toRest] = m.to.split(".");
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
  expect(hcl).toContain("moved {\n  from = aws_alb.LoadBalancer_Alb_72D76F81\n  to   = module.jenkins.aws_alb.load_balancer_alb\n}");
  const sh = stateMvScript(moves);
  expect(sh.match(/^terraform state mv /gm)).toHaveLength(moves.moves.length);
  expect(sh).toContain("terraform state mv 'aws_vpc.Network_Vpc_FAC8F4A5' 'module.jenkins.aws_vpc.network_vpc[0]'");
});

test("npm run module:moves prints the moved blocks for vars.json (the example here)", () => {
  const r = spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "scripts/module-moves.ts", "--module", "ci"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, JENKINS_VARS: "vars.example.json" } });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("to   = module.ci.aws_alb.load_balancer_alb");
  expect(r.stderr).toMatch(/^\d+ moves from the jenkins stack of vars\.example\.json/);
});
