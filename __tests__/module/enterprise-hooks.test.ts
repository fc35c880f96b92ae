/**
 * Enterprise hooks of the registry module (issue 16, item 4), from the synthesized module and
 * from offline plans of a root module that sets them. Roles, keys and groups are enumerated
 * from the output and the plan, never listed by hand.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { FAKE_CREDENTIALS, offlineInit, terraform, terraformOk } from "../../tools/terraform/offline-terraform";
import { buildModule, ModuleBuild, synthesizeModule } from "../../lib/module/package-module";
import { describeTerraform } from "../support/terraform";
import { writeConsumerRoot } from "../support/consumer-root";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- plan JSON
type Body = Record<string, any>;
const BOUNDARY = "arn:aws:iam::123456789012:policy/org/jenkins-boundary";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";

describe("module: IAM permissions boundary and path", () => {
  const { main } = synthesizeModule();
  const roles = Object.entries(((main.resource as Record<string, Record<string, Body>>).aws_iam_role ?? {}) as Record<string, Body>);

  test("every aws_iam_role of main.tf.json takes var.iam_role_permissions_boundary and var.iam_role_path", () => {
    expect(roles.length).toBeGreaterThan(0);
    const missing = roles
      .filter(([, r]) => r.permissions_boundary !== "${var.iam_role_permissions_boundary}" || r.path !== "${var.iam_role_path}")
      .map(([id]) => id);
    expect(missing).toEqual([]);
  });
});

describe("module: customer-provided KMS key", () => {
  const { main } = synthesizeModule();
  test("both keys and their aliases are counted on kms_key_arn == null", () => {
    const res = main.resource as Record<string, Record<string, Body>>;
    const keys = [...Object.values(res.aws_kms_key), ...Object.values(res.aws_kms_alias)];
    expect(keys).toHaveLength(4);
    for (const k of keys) expect(k.count).toBe("${!(var.kms_key_arn != null) ? 1 : 0}");
  });
});

describe("module: extra security groups", () => {
  const { main } = synthesizeModule();
  const res = main.resource as Record<string, Record<string, Body>>;
  const only = (type: string) => {
    const all = Object.values(res[type] ?? {});
    expect(all).toHaveLength(1);
    return all[0];
  };
  const sgRef = (part: string) => `aws_security_group.${Object.keys(res.aws_security_group).find((id) => id.includes(part))}.id`;

  test("the ALB, the controller service and the agents' JCasC placeholder concat the module's group with the variable's list", () => {
    expect(only("aws_alb").security_groups).toBe(`\${concat([${sgRef("alb")}], var.additional_security_group_ids.load_balancer)}`);
    expect(only("aws_ecs_service").network_configuration.security_groups).toBe(
      `\${concat([${sgRef("controller")}], var.additional_security_group_ids.controller)}`,
    );
    const locals = main.locals as Record<string, string>;
    const csv = Object.entries(locals).filter(([, v]) => typeof v === "string" && v.includes("var.additional_security_group_ids.agents"));
    expect(csv).toEqual([[expect.any(String), `\${join(",", concat([${sgRef("agents")}], var.additional_security_group_ids.agents))}`]]);
    // The container definitions hold Terraform expressions with quotes elsewhere, so they are read as text.
    const definitions: string =
      res.aws_ecs_task_definition[Object.keys(res.aws_ecs_task_definition).find((id) => id.startsWith("controller"))!].container_definitions;
    expect(definitions).toContain(`{"name":"AGENT_SECURITY_GROUPS","value":"\${local.${csv[0][0]}}"}`);
  });
});

/** The parts of `terraform show -json` these tests read. */
interface Plan {
  readonly resource_changes?: Array<{ address: string; type: string; change: { actions: string[]; after?: Body | null } }>;
  readonly planned_values: { outputs?: Record<string, { value: unknown }> };
}

describeTerraform("module with enterprise settings (offline plans)", () => {
  let build: ModuleBuild;
  let work: string;

  /** A root module calling the module with the minimal inputs plus `extra` HCL lines; returns the plan, or the failed run. */
  const planWith = (name: string, extra: string): { plan?: Plan; stderr: string } => {
    const dir = writeConsumerRoot(path.join(work, name), {
      moduleDir: build.dir,
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      inputs: `  agent_templates = {
    deploy = { cpu = 512, memory = 1024, task_policy_json = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] }) }
  }
${extra}`,
      outputs: 'output "jcasc_yaml" {\n  value = module.jenkins.jcasc_yaml\n}\n',
    });
    offlineInit(dir);
    const run = terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"], FAKE_CREDENTIALS);
    if (run.status !== 0) return { stderr: run.stderr.replace(/\s+/g, " ") };
    return { plan: JSON.parse(terraformOk(dir, ["show", "-json", "p.tfplan"], FAKE_CREDENTIALS).stdout), stderr: run.stderr };
  };
  const created = (p: Plan, type: string) => (p.resource_changes ?? []).filter((r) => r.type === type && r.change.actions.includes("create"));

  let enterprise: Plan;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-enterprise-"));
    build = buildModule({ outDir: path.join(work, "dist") });
    const r = planWith(
      "enterprise",
      `
  iam_role_permissions_boundary = "${BOUNDARY}"
  iam_role_path                 = "/ci/jenkins/"
  kms_key_arn                   = "${KEY}"
  additional_security_group_ids = { controller = ["sg-0000000000000c001"], agents = ["sg-0000000000000a001", "sg-0000000000000a002"], load_balancer = ["sg-0000000000000b001"] }
`,
    );
    if (!r.plan) throw new Error(`the enterprise plan failed: ${r.stderr}`);
    enterprise = r.plan;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("every planned aws_iam_role carries the boundary and the path", () => {
    const roles = created(enterprise, "aws_iam_role");
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((r) => r.change.after?.permissions_boundary !== BOUNDARY || r.change.after?.path !== "/ci/jenkins/").map((r) => r.address)).toEqual([]);
  });

  test("GIVEN kms_key_arn THEN no key is created and logs, EFS, SNS, ECR, backup and CodeBuild use the given key", () => {
    expect(created(enterprise, "aws_kms_key")).toEqual([]);
    expect(created(enterprise, "aws_kms_alias")).toEqual([]);
    const keyOf: Array<[string, (a: Body) => unknown]> = [
      ["aws_cloudwatch_log_group", (a) => a.kms_key_id],
      ["aws_efs_file_system", (a) => a.kms_key_id],
      ["aws_sns_topic", (a) => a.kms_master_key_id],
      ["aws_ecr_repository", (a) => a.encryption_configuration[0].kms_key],
      ["aws_backup_vault", (a) => a.kms_key_arn],
      ["aws_codebuild_project", (a) => a.encryption_key],
    ];
    for (const [type, key] of keyOf) {
      const all = created(enterprise, type);
      expect({ type, some: all.length > 0 }).toEqual({ type, some: true });
      expect(all.filter((r) => key(r.change.after ?? {}) !== KEY).map((r) => r.address)).toEqual([]);
    }
  });

  test("the task role ARN written into JCasC includes the path", () => {
    const yaml = parse(enterprise.planned_values.outputs!.jcasc_yaml.value as string);
    const deploy = yaml.jenkins.clouds[0].ecs.templates.find((t: Body) => t.label === "deploy");
    expect(deploy.taskrole).toBe("arn:aws:iam::123456789012:role/ci/jenkins/jenkins-agent-deploy");
  });

  test("bad enterprise inputs fail the plan with the module's messages", () => {
    const bad = planWith(
      "bad-inputs",
      `  iam_role_permissions_boundary = "arn:aws:iam::123456789012:role/b"
  iam_role_path = "jenkins"
  additional_security_group_ids = { agents = ["sg-XYZ"], load_balancer = ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005"] }
`,
    );
    expect(bad.plan).toBeUndefined();
    expect(bad.stderr).toContain("iam_role_permissions_boundary must be an IAM managed policy ARN");
    expect(bad.stderr).toContain("iam_role_path must be an IAM path");
    expect(bad.stderr).toContain("each item of additional_security_group_ids.agents must be a security group id like sg-0123456789abcdef0.");
    expect(bad.stderr).toContain("additional_security_group_ids.load_balancer must list at most 4 security groups");
  });
});
