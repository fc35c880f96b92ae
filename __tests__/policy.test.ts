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
import { App, Aspects, TerraformStack, Testing } from "../lib/cdktf-core";
import { buildProject } from "../lib/app";
import {
  CHECKOV_CONFIG_FILE,
  describeFinding,
  evaluatePolicy,
  PolicyAspect,
  POLICY_CHECKS,
  PolicyReport,
  renderCheckovConfig,
  SUPPRESSIONS,
  Suppression,
  TerraformConfig,
} from "../lib/policy";
import { CHECK_FIXTURES, tf } from "./support/policy-fixtures";
import { configWith, project, ROOT, synthToDir } from "./support/project";

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
    expect(SUPPRESSIONS.filter((s) => !used.has(s)).map((s) => `${s.checkId} ${s.resourceType} ${s.logicalId}`)).toEqual([]);
  });

  test("suppressed findings are the deliberate exceptions only", () => {
    const ids = (r: PolicyReport) => [...new Set(r.suppressed.map((f) => f.checkId))].sort();
    expect(ids(state)).toEqual(["CKV2_AWS_62", "CKV_AWS_109", "CKV_AWS_111", "CKV_AWS_144", "CKV_AWS_18", "CKV_AWS_356"]);
    expect(jenkins.suppressed.find((f) => f.checkId === "CKV_AWS_260")!.logicalId).toMatch(/^SecurityGroups_AlbIngress80From0_/);
  });

  const variants: [string, Record<string, unknown>][] = [
    ["AES256 state, force destroy", { state: { encryption: "AES256", forceDestroy: true } }],
    ["no flow logs", { network: { flowLogs: false } }],
    ["local image build", { image: { mode: "local" } }],
    ["prebuilt image", { image: { mode: "prebuilt", uri: "jenkins/jenkins:lts" } }],
    ["created admin password, ECS Exec", { controller: { adminPassword: { create: true }, ecsExec: true } }],
    [
      "internal ALB, created certificate, no deletion protection",
      { loadBalancer: { certificateArn: undefined, internal: true, deletionProtection: false, dns: { hostname: "ci.example.com", zoneId: "Z0123456789ABCDEFGHIJ" } } },
    ],
    [
      "existing VPC",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
          privateSubnetIds: ["subnet-0123456789abcdef3", "subnet-0123456789abcdef4"],
          availabilityZones: undefined,
        },
      },
    ],
    ["no backup, account from caller identity", { backup: { enabled: false }, accountId: undefined }],
    [
      "template with a task policy",
      { agents: { templates: [{ label: "deploy", taskPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::artifacts/*"] }] } }] } },
    ],
    ["S3 backend, bursting EFS", { backend: { type: "s3" }, storage: { throughputMode: "bursting" } }],
  ];
  test.each(variants)("configuration variant without unsuppressed errors: %s", (_name, overrides) => {
    const stacks = project(configWith(overrides));
    for (const stack of [stacks.state, stacks.jenkins]) expect(evaluatePolicy(stack.toTerraform()).errors.map(describeFinding)).toEqual([]);
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

  test("identity-policy checks leave data-source references to their data twin (checkov: UNKNOWN)", () => {
    const cfg = tf(["data.aws_iam_policy_document.d", { statement: [{ actions: ["*"], resources: ["*"] }] }], ["aws_iam_role_policy.p", { policy: "${data.aws_iam_policy_document.d.json}" }]);
    expect(evaluatePolicy(cfg, only("CKV_AWS_63")).findings).toEqual([]);
    expect(evaluatePolicy(cfg, only("CKV_AWS_49")).findings.map((f) => f.address)).toEqual(["data.aws_iam_policy_document.d"]);
  });

  test("CKV_AWS_385 treats the deploying account (provider allowed_account_ids) as not cross-account", () => {
    const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sns:Publish", Resource: "t" }] });
    const cfg = { ...tf(["aws_sns_topic_policy.p", { arn: "t", policy }]), provider: { aws: [{ allowed_account_ids: ["123456789012"] }] } };
    expect(evaluatePolicy(cfg, only("CKV_AWS_385")).findings).toEqual([]);
    expect(evaluatePolicy(tf(["aws_sns_topic_policy.p", { arn: "t", policy }]), only("CKV_AWS_385")).findings).toHaveLength(1);
  });

  test("graph connections span the files of a module directory", () => {
    const files = [tf(["aws_vpc.v", { cidr_block: "10.0.0.0/16" }]), tf(["aws_flow_log.f", { vpc_id: "${aws_vpc.v.id}" }])];
    const config = new TerraformConfig(files);
    expect(config.connected(config.get("aws_vpc.v")!, "aws_flow_log").map((r) => r.address)).toEqual(["aws_flow_log.f"]);
    expect(evaluatePolicy(files, only("CKV2_AWS_11")).findings).toEqual([]);
    expect(evaluatePolicy(files[0], only("CKV2_AWS_11")).findings).toHaveLength(1);
  });

  test("a literal name creates no connection (checkov graph semantics)", () => {
    const cfg = tf(["aws_s3_bucket.b", { bucket: "example" }], ["aws_s3_bucket_versioning.v", { bucket: "example", versioning_configuration: { status: "Enabled" } }]);
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
    expect(() => Testing.fullSynth(stack)).toThrow(/\[error\] CKV_AWS_21 aws_s3_bucket\.Bare \(bad\/Bare\): no aws_s3_bucket_versioning references the bucket\..*Fix: Add an aws_s3_bucket_versioning/);
  });

  test("Testing.synth does not run validations, so it does not fail (use fullSynth or app.synth)", () => {
    expect(() => Testing.synth(stackWithBareBucket())).not.toThrow();
  });

  test("suppressions with reasons let the same stack synthesize", () => {
    const reason = "test: a deliberately bare bucket";
    const suppressions = ["CKV_AWS_21", "CKV2_AWS_6", "SJ_AWS_S3_TLS_ONLY"].map((checkId) => ({ checkId, resourceType: "aws_s3_bucket", logicalId: "Ba*", reason }));
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
    expect(annotations).toContainEqual(expect.objectContaining({ constructPath: "warn/ShortLived", level: "@cdktf/warn", message: expect.stringMatching(/^\[warning\] CKV_AWS_338 /) }));
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
    for (const s of SUPPRESSIONS.filter((x) => x.checkId.startsWith("CKV"))) expect(text).toContain(`${s.resourceType} ${s.logicalId}: ${s.reason}`);
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
    expect(r.stdout).toMatch(/error\s+CKV_AWS_21\s+aws_s3_bucket\.b\s+no aws_s3_bucket_versioning/);
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
