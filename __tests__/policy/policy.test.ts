/**
 * The policy pack (lib/policy): the default configuration is clean, every check fails its bad
 * fixture and passes its good one, the aspect fails synth on errors and annotates warnings,
 * .checkov.yaml agrees with the suppressions, and the CLI's exit codes.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, Aspects, TerraformStack, Testing } from "../../lib/cdktf-core";
import { buildProject } from "../../lib/app";
import { buildModule } from "../../lib/module/package-module";
import {
  CHECKOV_CONFIG_FILE,
  describeFinding,
  evaluatePolicy,
  PolicyAspect,
  POLICY_CHECKS,
  PolicyReport,
  hclVariableDefaults,
  renderCheckovConfig,
  renderPolicyDocument,
  SUPPRESSIONS,
  Suppression,
  TerraformConfig,
} from "../../lib/policy";
import { CHECK_FIXTURES, tf } from "../support/policy-fixtures";
import { configWith, project, ROOT, synthToDir } from "../support/project";

const lines = (r: PolicyReport) => r.findings.map(describeFinding);
const only = (id: string) => ({ checks: POLICY_CHECKS.filter((c) => c.id === id), suppressions: [] as Suppression[] });

describe("policy pack on the default configuration (vars.example.json)", () => {
  let state: PolicyReport;
  let jenkins: PolicyReport;
  beforeAll(() => {
    const stacks = project();
    state = evaluatePolicy(stacks.state.toTerraform());
    jenkins = evaluatePolicy(stacks.jenkins.toTerraform());
  });

  test("state stack: no unsuppressed finding", () => {
    expect(lines(state)).toEqual([]);
  });

  test("jenkins stack: no unsuppressed finding", () => {
    expect(lines(jenkins)).toEqual([]);
  });

  test("every suppression covers a finding of the default output (none is stale)", () => {
    const used = new Set([...state.suppressed, ...jenkins.suppressed].map((f) => f.suppression));
    expect(SUPPRESSIONS.filter((s) => !used.has(s)).map((s) => `${s.checkId} ${s.resourceType} ${s.path}`)).toEqual([]);
  });

  test("suppressed findings are the deliberate exceptions only", () => {
    const ids = (r: PolicyReport) => [...new Set(r.suppressed.map((f) => f.checkId))].sort();
    expect(ids(state)).toEqual(["CKV2_AWS_62", "CKV_AWS_109", "CKV_AWS_111", "CKV_AWS_144", "CKV_AWS_18", "CKV_AWS_356"]);
    const port80 = jenkins.suppressed.find((f) => f.checkId === "CKV_AWS_260")!;
    // One instance per allowed CIDR (for_each), keyed by the CIDR.
    expect(port80.logicalId).toMatch(/^SecurityGroups_AlbIngress80_/);
    expect(port80.address).toMatch(/^aws_vpc_security_group_ingress_rule\.SecurityGroups_AlbIngress80_[A-F0-9]+\["0\.0\.0\.0\/0"\]$/);
    expect(port80.path).toBe("SecurityGroups/AlbIngress80");
    expect(port80.constructPath).toBe("jenkins/SecurityGroups/AlbIngress80");
  });

  test("CKV_AWS_355 and CKV_AWS_385 pass on the real output (controller task role, alerts topic policy)", () => {
    const stacks = project();
    for (const id of ["CKV_AWS_355", "CKV_AWS_385"]) expect(lines(evaluatePolicy(stacks.jenkins.toTerraform(), only(id)))).toEqual([]);
    // The data-source twin of CKV_AWS_355 holds on the controller's document too (it fires only on the KMS key policies, suppressed with their reason).
    const twin = evaluatePolicy(stacks.jenkins.toTerraform(), { checks: POLICY_CHECKS.filter((c) => c.id === "CKV_AWS_356") });
    expect(lines(twin)).toEqual([]);
    expect(twin.suppressed.map((f) => f.path).sort()).toEqual(["Alerts/Key/Policy", "DataKey/Policy"]);
    // The checks did look at the rendered documents: the role policy and the topic policy carry statements.
    const tfc = new TerraformConfig(stacks.jenkins.toTerraform());
    const rolePolicy = tfc.resources("aws_iam_role_policy").find((r) => r.path === "ControllerRoles/TaskRolePolicy")!;
    const statements = (rolePolicy.body.policy as { Statement: { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[] }).Statement;
    const onStar = statements.filter((x) => x.Resource.includes("*") && !x.Condition).flatMap((x) => x.Action);
    expect(onStar.sort()).toEqual([
      "ecs:DeregisterTaskDefinition",
      "ecs:DescribeTaskDefinition",
      "ecs:ListClusters",
      "ecs:ListTaskDefinitions",
      "ecs:RegisterTaskDefinition",
    ]);
    const topicPolicy = tfc.resources("aws_sns_topic_policy")[0];
    const topicStatements = (topicPolicy.body.policy as { Statement: { Sid: string; Principal: Record<string, string[]> }[] }).Statement;
    expect(topicStatements.map((x) => x.Sid)).toEqual(["CloudWatchAlarmsPublish", "EventBridgePublish", "BackupNotificationsPublish", "DenyInsecureTransport"]);
    expect(topicStatements.filter((x) => x.Principal.AWS && x.Sid !== "DenyInsecureTransport")).toEqual([]);
  });

  const variants: [string, Record<string, unknown>][] = [
    ["AES256 state, force destroy", { state: { encryption: "AES256", forceDestroy: true } }],
    ["no flow logs", { network: { flowLogs: false } }],
    ["local image build", { image: { mode: "local" } }],
    ["prebuilt image", { image: { mode: "prebuilt", uri: "jenkins/jenkins:lts" } }],
    ["created admin password, ECS Exec", { controller: { adminPassword: { create: true }, ecsExec: true } }],
    [
      "internal ALB, created certificate, no deletion protection",
      {
        loadBalancer: {
          certificateArn: undefined,
          internal: true,
          deletionProtection: false,
          dns: { hostname: "ci.example.com", zoneId: "Z0123456789ABCDEFGHIJ" },
        },
      },
    ],
    [
      "existing VPC",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
          privateSubnetIds: ["subnet-0123456789abcdef3", "subnet-0123456789abcdef4"],
          availabilityZones: undefined,
          // New-VPC settings of the example are errors with vpcId (issue 14).
          natGateways: undefined,
        },
      },
    ],
    ["no backup, account from caller identity", { backup: { enabled: false }, accountId: undefined }],
    [
      "template with a task policy",
      {
        agents: {
          templates: [
            {
              label: "deploy",
              taskPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::artifacts/*"] }] },
            },
          ],
        },
      },
    ],
    ["S3 backend, bursting EFS", { backend: { type: "s3" }, storage: { throughputMode: "bursting" } }],
  ];
  test.each(variants)("configuration variant without unsuppressed errors: %s", (_name, overrides) => {
    const stacks = project(configWith(overrides));
    for (const stack of [stacks.state, stacks.jenkins]) expect(evaluatePolicy(stack.toTerraform()).errors.map(describeFinding)).toEqual([]);
  });
});

describe("policy pack on the registry module (the output of npm run build:module)", () => {
  let moduleDir: string;
  let moduleConfig: TerraformConfig;
  let moduleReport: PolicyReport;
  let jenkinsConfig: TerraformConfig;
  let jenkins: PolicyReport;
  /** Resources the stack creates and the module does not: the module builds its images from inline buildspecs (no source buckets). */
  const STACK_ONLY = ["Image/Sources/Bucket", "AgentImages/Mirror/Sources/Bucket"];
  beforeAll(() => {
    moduleDir = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "policy-module-")) }).dir;
    // The resources are in modules/core (the root is the `create` wrapper); its variables.tf has the same defaults.
    const core = path.join(moduleDir, "modules", "core");
    const files = fs.readdirSync(core).filter((f) => f.endsWith(".tf.json"));
    moduleConfig = new TerraformConfig(
      files.map((f) => JSON.parse(fs.readFileSync(path.join(core, f), "utf8"))),
      { variables: hclVariableDefaults(fs.readFileSync(path.join(core, "variables.tf"), "utf8")) },
    );
    moduleReport = evaluatePolicy(moduleConfig);
    jenkinsConfig = new TerraformConfig(project().jenkins.toTerraform());
    jenkins = evaluatePolicy(jenkinsConfig);
  });
  afterAll(() => fs.rmSync(path.dirname(moduleDir), { recursive: true, force: true }));

  test("every resource and data source of the module carries its construct path", () => {
    expect(moduleConfig.everything.filter((r) => !r.path).map((r) => r.address)).toEqual([]);
    expect(moduleConfig.get("aws_sns_topic_policy.this")!.path).toBe("Alerts/TopicPolicy");
  });

  test("no unsuppressed finding", () => {
    expect(lines(moduleReport)).toEqual([]);
  });

  test("the same suppressed (check, construct path) pairs as the jenkins stack, on the resources both create", () => {
    const paths = (c: TerraformConfig) => new Set(c.everything.map((r) => r.path!));
    const inModule = paths(moduleConfig);
    const inStack = paths(jenkinsConfig);
    const pairs = (r: PolicyReport, keep: (p: string) => boolean) =>
      [...new Set(r.suppressed.filter((f) => keep(f.path!)).map((f) => `${f.checkId} ${f.path}`))].sort();
    const both = (p: string) => inModule.has(p) && inStack.has(p);
    expect(pairs(moduleReport, both)).toEqual(pairs(jenkins, both));
    expect(pairs(moduleReport, both).length).toBeGreaterThanOrEqual(15);
    // Both build the same construct tree (lib/stacks/serverless-jenkins.ts): the same suppression entries, and no
    // suppressed finding of the module on a path the stack does not have.
    const entries = (r: PolicyReport) =>
      [...new Set(r.suppressed.filter((f) => !STACK_ONLY.includes(f.path!)).map((f) => `${f.checkId} ${f.resourceType} ${f.suppression.path}`))].sort();
    expect(entries(moduleReport)).toEqual(entries(jenkins));
    for (const p of STACK_ONLY) expect({ p, inModule: inModule.has(p), inStack: inStack.has(p) }).toEqual({ p, inModule: false, inStack: true });
    expect(moduleReport.suppressed.filter((f) => !inStack.has(f.path!)).map((f) => f.path)).toEqual([]);
  });

  test("the module's variable-driven settings are checked with their defaults (ssl_policy, deletion protection, ingress CIDRs)", () => {
    const listener = moduleConfig.get("aws_alb_listener.load_balancer_https")!;
    expect(listener.rawBody.ssl_policy).toBe("${var.ssl_policy}");
    expect(listener.body.ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(
      moduleConfig
        .resources("aws_vpc_security_group_ingress_rule")
        .filter((r) => r.path!.startsWith("SecurityGroups/AlbIngress"))
        .map((r) => r.address),
    ).toEqual([
      'aws_vpc_security_group_ingress_rule.security_groups_alb_ingress443["0.0.0.0/0"]',
      'aws_vpc_security_group_ingress_rule.security_groups_alb_ingress80["0.0.0.0/0"]',
    ]);
    for (const id of ["CKV_AWS_103", "CKV_AWS_150", "CKV_AWS_355", "CKV_AWS_385"]) expect(lines(evaluatePolicy(moduleConfig, only(id)))).toEqual([]);
  });

  test("the CLI exits 0 on the module directory (it scans modules/core)", () => {
    const r = spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "lib/policy/scan-cli.ts", moduleDir], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    // The scanner finds the *.tf.json of modules/core below the wrapper root.
    expect(r.stdout).toMatch(/terraform-aws-serverless-jenkins\/modules\/core: 0 error\(s\), 0 warning\(s\), \d+ suppressed/);
    expect(r.status).toBe(0);
  });
});

describe("checks", () => {
  test("ids are unique and every check has a title, fix, severity and resource types", () => {
    const ids = POLICY_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(POLICY_CHECKS.length).toBeGreaterThanOrEqual(40);
    for (const c of POLICY_CHECKS) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.fix.length).toBeGreaterThan(10);
      expect(["error", "warning"]).toContain(c.severity);
      expect(c.resourceTypes.length).toBeGreaterThan(0);
      if (c.source === "checkov") expect(c.id).toMatch(/^CKV2?_AWS_\d+$/);
      else if (c.source === "tfsec") expect(c.id).toMatch(/^aws-[a-z0-9-]+$/);
      else expect(c.id).toMatch(/^SJ_AWS_[A-Z0-9_]+$/);
    }
  });

  test("every check has a bad and a good fixture", () => {
    expect(CHECK_FIXTURES.map((f) => f.id).sort()).toEqual(POLICY_CHECKS.map((c) => c.id).sort());
  });

  test.each(CHECK_FIXTURES.map((f) => [f.id, f] as const))("%s fails the bad configuration and passes the good one", (id, fx) => {
    const bad = evaluatePolicy(fx.bad, only(id));
    expect(bad.findings.map((f) => f.address)).toContain(fx.at);
    expect(bad.findings.every((f) => f.checkId === id && f.message.length > 0)).toBe(true);
    expect(lines(evaluatePolicy(fx.good, only(id)))).toEqual([]);
  });

  test("CKV_AWS_26 also rejects the AWS-managed alias/aws/sns key", () => {
    const r = evaluatePolicy(tf(["aws_sns_topic.t", { kms_master_key_id: "alias/aws/sns" }]), only("CKV_AWS_26"));
    expect(r.findings[0].message).toMatch(/alias\/aws\/sns/);
  });

  test("CKV_AWS_334 flags checkov's 'privilege' key as well as ECS's 'privileged'", () => {
    const defs = JSON.stringify([{ name: "a", privilege: true }]);
    expect(evaluatePolicy(tf(["aws_ecs_task_definition.t", { container_definitions: defs }]), only("CKV_AWS_334")).findings).toHaveLength(1);
  });

  test("a data-source document is rendered into the role policy that uses it, and checked there (as checkov's graph does)", () => {
    const cfg = tf(
      [
        "data.aws_iam_policy_document.d",
        {
          statement: [
            { sid: "Tags", actions: ["ecs:ListTagsForResource", "ecs:ListClusters"], resources: ["*"] },
            { actions: ["*"], resources: ["*"] },
          ],
        },
      ],
      ["aws_iam_role_policy.p", { role: "r", policy: "${data.aws_iam_policy_document.d.json}" }],
    );
    const on = (id: string) => evaluatePolicy(cfg, only(id)).findings.map((f) => `${f.address}: ${f.message}`);
    expect(on("CKV_AWS_355")).toEqual(["aws_iam_role_policy.p: resource * for restrictable ecs:ListTagsForResource, *"]);
    expect(on("CKV_AWS_356")).toEqual(["data.aws_iam_policy_document.d: resource * for restrictable ecs:ListTagsForResource, *"]);
    expect(on("CKV_AWS_63")).toEqual(["aws_iam_role_policy.p: statement (no sid) allows action *"]);
    const p = new TerraformConfig(cfg).get("aws_iam_role_policy.p")!;
    expect(p.body.policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Tags", Effect: "Allow", Action: ["ecs:ListTagsForResource", "ecs:ListClusters"], Resource: ["*"] },
        { Effect: "Allow", Action: ["*"], Resource: ["*"] },
      ],
    });
    expect(p.rawBody.policy).toBe("${data.aws_iam_policy_document.d.json}");
  });

  test("rendering keeps principals and conditions (a role's trust policy is checked from its document)", () => {
    const doc = renderPolicyDocument({
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["1"] }],
        },
        { effect: "Deny", actions: ["sns:Publish"], principals: [{ type: "*", identifiers: ["*"] }], not_resources: ["x"] },
      ],
    });
    expect(doc.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Principal: { Service: ["ecs-tasks.amazonaws.com"] },
        Condition: { StringEquals: { "aws:SourceAccount": ["1"] } },
      },
      { Effect: "Deny", Action: ["sns:Publish"], NotResource: ["x"], Principal: "*" },
    ]);
    const cfg = tf(
      ["data.aws_iam_policy_document.t", { statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }] }],
      ["aws_iam_role.r", { assume_role_policy: "${data.aws_iam_policy_document.t.json}" }],
    );
    expect(evaluatePolicy(cfg, only("CKV_AWS_60")).findings.map((f) => f.address)).toEqual(["aws_iam_role.r"]);
  });

  test("CKV_AWS_385 flags any account principal without a condition, the deploying account's own root included (as checkov)", () => {
    const statement = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sns:Publish", Resource: "t" };
    const cfg = (s: object) => ({
      ...tf(["aws_sns_topic_policy.p", { arn: "t", policy: JSON.stringify({ Statement: [s] }) }]),
      provider: { aws: [{ allowed_account_ids: ["123456789012"] }] },
    });
    expect(evaluatePolicy(cfg(statement), only("CKV_AWS_385")).findings.map((f) => f.message)).toEqual([
      "statement (no sid) allows account principal(s) arn:aws:iam::123456789012:root without a condition",
    ]);
    const conditioned = { ...statement, Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } } };
    expect(evaluatePolicy(cfg(conditioned), only("CKV_AWS_385")).findings).toEqual([]);
  });

  test("variable defaults are rendered into var.x and for_each = toset(var.x) is expanded (module directories)", () => {
    const variables = hclVariableDefaults(
      [
        'variable "cidrs" {',
        "  type    = list(string)",
        '  default = ["0.0.0.0/0", "10.0.0.0/8"]',
        "",
        "  validation {",
        "    condition     = length(var.cidrs) > 0",
        '    error_message = "default = 1"',
        "  }",
        "}",
        'variable "policy" {',
        '  default = "ELBSecurityPolicy-2016-08"',
        "}",
        'variable "nested" {',
        "  default = {",
        "    a = [1, true, null]",
        '    "b-c" = { d = "$${literal}" }',
        "  }",
        "}",
        'variable "computed" {',
        '  default = "${var.policy}"',
        "}",
      ].join("\n"),
    );
    expect(variables).toEqual({
      cidrs: ["0.0.0.0/0", "10.0.0.0/8"],
      policy: "ELBSecurityPolicy-2016-08",
      nested: { a: [1, true, null], "b-c": { d: "${literal}" } },
    });
    const cfg = tf(
      [
        "aws_vpc_security_group_ingress_rule.in",
        {
          for_each: "${toset(var.cidrs)}",
          security_group_id: "sg",
          ip_protocol: "tcp",
          from_port: 80,
          to_port: 80,
          cidr_ipv4: "${each.value}",
          description: "HTTP from ${each.value}",
        },
      ],
      ["aws_lb_listener.l", { protocol: "HTTPS", ssl_policy: "${var.policy}", default_action: [{ type: "forward" }] }],
    );
    const ingress = evaluatePolicy(cfg, { ...only("CKV_AWS_260"), variables });
    expect(ingress.findings.map((f) => f.address)).toEqual(['aws_vpc_security_group_ingress_rule.in["0.0.0.0/0"]']);
    expect(evaluatePolicy(cfg, { ...only("CKV_AWS_103"), variables }).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('"ELBSecurityPolicy-2016-08"'),
    ]);
    expect(evaluatePolicy(cfg, only("CKV_AWS_260")).findings).toEqual([]);
  });

  test("suppressions match construct paths relative to the stack root; without construct information, the logical id", () => {
    const bucket = { bucket: "x" };
    const withPath = tf(["aws_s3_bucket.Logical_1234", { ...bucket, "//": { metadata: { path: "stack/Some/Bucket", uniqueId: "Logical_1234" } } }]);
    const moduleStyle = tf(["aws_s3_bucket.some_bucket", { ...bucket, "//": "construct: Some/Bucket" }]);
    const plain = tf(["aws_s3_bucket.Some", bucket]);
    const suppressions = [{ checkId: "CKV_AWS_21", resourceType: "aws_s3_bucket", path: "Some*", reason: "test" }];
    for (const cfg of [withPath, moduleStyle, plain]) {
      const r = evaluatePolicy(cfg, { checks: POLICY_CHECKS.filter((c) => c.id === "CKV_AWS_21"), suppressions });
      expect(r.findings).toEqual([]);
      expect(r.suppressed).toHaveLength(1);
    }
    const r = evaluatePolicy(withPath, { checks: POLICY_CHECKS.filter((c) => c.id === "CKV_AWS_21"), suppressions: [] });
    expect(r.findings[0]).toMatchObject({ path: "Some/Bucket", constructPath: "stack/Some/Bucket", logicalId: "Logical_1234" });
  });

  test("graph connections span the files of a module directory", () => {
    const files = [tf(["aws_vpc.v", { cidr_block: "10.0.0.0/16" }]), tf(["aws_flow_log.f", { vpc_id: "${aws_vpc.v.id}" }])];
    const config = new TerraformConfig(files);
    expect(config.connected(config.get("aws_vpc.v")!, "aws_flow_log").map((r) => r.address)).toEqual(["aws_flow_log.f"]);
    expect(evaluatePolicy(files, only("CKV2_AWS_11")).findings).toEqual([]);
    expect(evaluatePolicy(files[0], only("CKV2_AWS_11")).findings).toHaveLength(1);
  });

  test("a literal name creates no connection (checkov graph semantics)", () => {
    const cfg = tf(
      ["aws_s3_bucket.b", { bucket: "example" }],
      ["aws_s3_bucket_versioning.v", { bucket: "example", versioning_configuration: { status: "Enabled" } }],
    );
    expect(evaluatePolicy(cfg, only("CKV_AWS_21")).findings).toHaveLength(1);
  });
});

describe("PolicyAspect", () => {
  /** A stack with the aspect and an S3 bucket that breaks several error-level checks. */
  function stackWithBareBucket(options?: ConstructorParameters<typeof PolicyAspect>[0]): TerraformStack {
    const stack = new TerraformStack(Testing.app(), "bad");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new S3Bucket(stack, "Bare", { bucket: "bare-bucket" });
    Aspects.of(stack).add(new PolicyAspect(options));
    return stack;
  }

  test("Testing.fullSynth fails on an unsuppressed error, naming check, resource and fix", () => {
    const stack = stackWithBareBucket();
    expect(() => Testing.fullSynth(stack)).toThrow(
      /\[error\] CKV_AWS_21 aws_s3_bucket\.Bare \(bad\/Bare\): no aws_s3_bucket_versioning references the bucket\..*Fix: Add an aws_s3_bucket_versioning/,
    );
  });

  test("Testing.synth does not run validations, so it does not fail (use fullSynth or app.synth)", () => {
    expect(() => Testing.synth(stackWithBareBucket())).not.toThrow();
  });

  test("suppressions with reasons let the same stack synthesize", () => {
    const reason = "test: a deliberately bare bucket";
    const suppressions = ["CKV_AWS_21", "CKV2_AWS_6", "SJ_AWS_S3_TLS_ONLY"].map((checkId) => ({ checkId, resourceType: "aws_s3_bucket", path: "Ba*", reason }));
    expect(() => Testing.fullSynth(stackWithBareBucket({ suppressions }))).not.toThrow();
  });

  test("warnings become warning annotations in the manifest, synth succeeds", () => {
    const stack = new TerraformStack(Testing.app(), "warn");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new CloudwatchLogGroup(stack, "ShortLived", { name: "/x", retentionInDays: 7, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" });
    Aspects.of(stack).add(new PolicyAspect());
    const outdir = Testing.fullSynth(stack);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const annotations: { constructPath: string; level: string; message: string }[] = manifest.stacks.warn.annotations;
    expect(annotations).toContainEqual(
      expect.objectContaining({ constructPath: "warn/ShortLived", level: "@cdktf/warn", message: expect.stringMatching(/^\[warning\] CKV_AWS_338 /) }),
    );
  });

  test("the project's app.synth() fails when a construct breaks an error-level check", () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "policy-app-")) });
    const { jenkins } = buildProject(configWith(), app);
    new S3Bucket(jenkins, "Bare", { bucket: "bare-bucket" });
    expect(() => app.synth()).toThrow(/CKV_AWS_21 aws_s3_bucket\.Bare/);
  });
});

describe(".checkov.yaml", () => {
  const file = path.join(ROOT, CHECKOV_CONFIG_FILE);

  test("is exactly what lib/policy/suppressions.ts renders (regenerate with --write-checkov-config)", () => {
    expect(fs.readFileSync(file, "utf8")).toBe(renderCheckovConfig());
  });

  test("skips exactly the checkov ids that are suppressed, each with its reasons", () => {
    const parsed = parseYaml(fs.readFileSync(file, "utf8")) as { "skip-check": string[] };
    const suppressedCheckov = [...new Set(SUPPRESSIONS.map((s) => s.checkId).filter((id) => id.startsWith("CKV")))];
    expect([...parsed["skip-check"]].sort()).toEqual(suppressedCheckov.sort());
    const text = fs.readFileSync(file, "utf8").replace(/\n\s*# /g, " ");
    for (const s of SUPPRESSIONS.filter((x) => x.checkId.startsWith("CKV"))) expect(text).toContain(`${s.resourceType} ${s.path}: ${s.reason}`);
  });

  test("every suppression names an existing check and one of its resource types, with a real reason", () => {
    for (const s of SUPPRESSIONS) {
      const check = POLICY_CHECKS.find((c) => c.id === s.checkId);
      expect(check).toBeDefined();
      expect(check!.resourceTypes).toContain(s.resourceType);
      expect(s.reason.length).toBeGreaterThan(40);
    }
  });
});

describe("lib/policy/scan-cli.ts", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "lib/policy/scan-cli.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("exits 1 on a file with an unsuppressed error and prints the finding", () => {
    const file = path.join(tmp, "bad.tf.json");
    fs.writeFileSync(file, JSON.stringify(tf(["aws_s3_bucket.b", { bucket: "x" }])));
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error\s+CKV_AWS_21\s+aws_s3_bucket\.b\s+-\s+no aws_s3_bucket_versioning/);
    expect(r.stdout).toMatch(/FAILED: \d+ unsuppressed error/);
  });

  test("exits 0 on the real synthesized output of both stacks", () => {
    const { outdir } = synthToDir();
    const r = run(outdir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stacks\/jenkins: 0 error\(s\), 0 warning\(s\), \d+ suppressed/);
    expect(r.stdout).toMatch(/stacks\/state: 0 error\(s\), 0 warning\(s\), \d+ suppressed/);
  });

  test("scans the *.tf.json files of a module directory as one configuration", () => {
    const dir = path.join(tmp, "module");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(tf(["aws_vpc.v", { cidr_block: "10.0.0.0/16" }])));
    fs.writeFileSync(path.join(dir, "default-sg.tf.json"), JSON.stringify(tf(["aws_default_security_group.d", { vpc_id: "${aws_vpc.v.id}" }])));
    expect(run(dir).status).toBe(0);
    const alone = run(path.join(dir, "main.tf.json"));
    expect(alone.status).toBe(1);
    expect(alone.stdout).toContain("CKV2_AWS_12");
  });

  test("exits 2 when the path does not exist", () => {
    expect(run(path.join(tmp, "missing")).status).toBe(2);
  });
});
