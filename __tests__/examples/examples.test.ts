/**
 * The example configurations and the workstation life cycle (npm scripts, stack order). The
 * pipeline package: __tests__/pipeline-package.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { loadConfigFile } from "../../lib/config/load-config";
import { diagnosticsFromJsonLines, FAKE_CREDENTIALS, offlineInit, planFromJsonLines, PlanJson, terraformOk } from "../../tools/terraform/offline-terraform";
import { stackCallsRoot } from "../support/stack-calls";
import { ROOT, synthToDir } from "../support/project";
import { describeTerraform } from "../support/terraform";

const EXAMPLES = path.join(ROOT, "examples", "vars");
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));

describe("example configurations", () => {
  test.each(exampleFiles)("%s is valid and synthesizes both stacks", (file) => {
    const config = loadConfigFile(path.join(EXAMPLES, file));
    const { jenkinsDir, stateDir } = synthToDir(config);
    expect(fs.existsSync(path.join(jenkinsDir, "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(stateDir, "cdk.tf.json"))).toBe(true);
  });
});

/** What each example's plan must (and must not) create: the variants the examples stand for. */
const PLAN_EXPECTATIONS: Record<string, { creates: string[]; never: string[]; counts?: Record<string, number> }> = {
  "byo-vpc.json": {
    creates: ["aws_ecs_service", "aws_codebuild_project", "terraform_data", "aws_route53_record", "aws_backup_selection", "aws_ecr_pull_through_cache_rule"],
    never: ["aws_vpc", "aws_subnet", "aws_nat_gateway", "aws_acm_certificate"],
    // role policies: agent execution, the deploy template, controller execution and task, controller image build, the build template's image build, build credentials, the restore task's task and execution roles
    // repositories: controller and the build template's image (the default image comes through the cache)
    // endpoints: six interface endpoints and the S3 gateway
    counts: { aws_iam_role_policy: 9, aws_ecs_cluster: 3, aws_ecr_repository: 2, aws_vpc_endpoint: 7, aws_ecr_pull_through_cache_rule: 1 },
  },
  "created-certificate.json": {
    creates: ["aws_vpc", "aws_acm_certificate", "aws_acm_certificate_validation", "aws_route53_record", "terraform_data", "aws_ssm_parameter"],
    never: ["aws_codebuild_project", "aws_ecr_pull_through_cache_rule"],
    // repositories: controller, agent mirror, two per-template images; endpoints: seven interface endpoints and the S3 gateway
    counts: { aws_nat_gateway: 3, aws_efs_mount_target: 3, aws_ecr_repository: 4, terraform_data: 4, aws_vpc_endpoint: 8 },
  },
  "oidc-sign-in.json": {
    creates: ["aws_ecs_service", "aws_iam_role_policy", "aws_route53_record"],
    never: ["aws_alb_listener_rule", "aws_cognito_user_pool"],
    // agent execution, flow logs, controller execution and task, sign-in client secret, build credentials, the agent mirror's image build, the restore task's two roles
    // repositories: only the agent image mirror (the controller image is prebuilt)
    counts: { aws_iam_role_policy: 9, aws_alb_listener: 2, aws_ecr_repository: 1 },
  },
  "cognito-sign-in.json": {
    creates: ["aws_ecs_service", "aws_iam_role_policy"],
    never: ["aws_alb_listener_rule", "aws_cognito_user_pool", "aws_cognito_user_pool_client", "aws_backup_plan"],
    // role policies: as oidc-sign-in (the restore task's two included); repositories: only the agent image mirror (the controller image is prebuilt)
    counts: { aws_iam_role_policy: 9, aws_alb_listener: 2, aws_ecs_cluster: 2, aws_ecr_repository: 1 },
  },
  "prebuilt-image.json": {
    creates: ["aws_vpc", "aws_ecs_service"],
    never: [
      "aws_ecr_repository",
      "aws_codebuild_project",
      "terraform_data",
      "aws_backup_plan",
      "aws_flow_log",
      "aws_ecr_pull_through_cache_rule",
      "aws_vpc_endpoint",
    ],
    counts: { aws_ecs_cluster: 2, aws_nat_gateway: 1 },
  },
};

/**
 * One offline plan of every example: each example's jenkins stack, synthesized from it, is a
 * module call `module.<example>` of one root (__tests__/support/stack-calls.ts; its variables
 * passed as module inputs), so the provider's schema is loaded once for the five stacks. Each
 * example's assertions read only its module's planned changes.
 */
function planExamples(): { plan: PlanJson; diagnostics: unknown[] } {
  const calls = exampleFiles.map((file) => {
    const config = loadConfigFile(path.join(EXAMPLES, file));
    const inputs = config.controller.adminPassword.create ? { jenkins_admin_password: "an-example-password" } : {};
    return { name: moduleName(file), stackDir: synthToDir(config).jenkinsDir, inputs };
  });
  const root = stackCallsRoot(calls);
  offlineInit(root);
  const run = terraformOk(root, ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
  fs.rmSync(root, { recursive: true, force: true });
  return { plan: planFromJsonLines(run.stdout), diagnostics: diagnosticsFromJsonLines(run.stdout) };
}

/** The module name of an example in the combined root: its file name without `.json`. */
const moduleName = (file: string) => file.replace(/\.json$/, "");

describeTerraform("example configurations with terraform", () => {
  let plan: PlanJson;
  let diagnostics: unknown[];
  beforeAll(() => {
    ({ plan, diagnostics } = planExamples());
  });

  test("every example has plan expectations", () => {
    expect(Object.keys(PLAN_EXPECTATIONS).sort()).toEqual([...exampleFiles].sort());
  });

  // `plan` evaluates and validates the whole configuration; an explicit `validate` of the
  // example stack runs in terraform-offline.test.ts.
  test.each(exampleFiles)("%s: the jenkins stack plans offline with the expected resources", (file) => {
    // No diagnostic at all in the plan (any example's warning fails every example).
    expect(diagnostics).toEqual([]);
    const prefix = `module.${moduleName(file)}.`;
    const types = (plan.resource_changes ?? []).filter((r) => r.address.startsWith(prefix) && r.change.actions.includes("create")).map((r) => r.type);
    const want = PLAN_EXPECTATIONS[file];
    expect(types).toEqual(expect.arrayContaining(want.creates));
    for (const t of want.never) expect([t, types.includes(t)]).toEqual([t, false]);
    for (const [t, n] of Object.entries(want.counts ?? {})) expect([t, types.filter((x) => x === t).length]).toEqual([t, n]);
  });
});

describe("workstation life cycle", () => {
  const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;

  test("the jenkins stack depends on the state stack, so `cdktf deploy '*'` runs state first and destroy runs it last", () => {
    const { outdir } = synthToDir();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks.jenkins.dependencies).toEqual(["state"]);
    expect(manifest.stacks.state.dependencies).toEqual([]);
  });

  test("npm scripts: bootstrap before deploy, destroy Jenkins before state", () => {
    // The command lines and their flags: __tests__/workstation-scripts.test.ts.
    expect(scripts.bootstrap).toMatch(/cdktf\.ts deploy state\b/);
    expect(scripts.deploy).toMatch(/cdktf\.ts deploy jenkins\b/);
    expect(scripts["deploy:all"]).toMatch(/cdktf\.ts deploy '\*'/);
    expect(scripts.diff).toMatch(/cdktf\.ts diff jenkins/);
    expect(scripts.output).toMatch(/cdktf\.ts output jenkins/);
    expect(scripts.destroy).toMatch(/cdktf\.ts destroy jenkins\b/);
    expect(scripts.destroy).not.toMatch(/\bstate\b/);
    expect(scripts["destroy:state"]).toMatch(/cdktf\.ts destroy state\b/);
    expect(scripts["state:migrate"]).toMatch(/cdktf\.ts deploy state .*--migrate-state/);
  });

  test("the two set-up commands of the README exist", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm run synth");
    expect(readme).toContain("npm test");
    expect(scripts.synth).toMatch(/cdktf synth/);
    expect(scripts.test).toMatch(/jest/);
  });
});
