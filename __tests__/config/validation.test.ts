/**
 * Issue 14: every input AWS would reject is rejected at synth, all problems at once, nothing
 * falls back silently. Each case goes through main.ts `run()`: exit code 1, the message names
 * the field, the value or the rule, and an existing output directory stays byte for byte.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../main";
import { inputWith, ROOT } from "../support/project";
import { Case, validationHarness } from "../support/validation-harness";

const bigPolicy = {
  Statement: Array.from({ length: 120 }, (_, i) => ({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::bucket-number-${i}/some/long/prefix/*`,
  })),
};
const tpl = (extra: Record<string, unknown>) => ({ agents: { templates: [{ label: "t", ...extra }] } });
const policy = (statement: Record<string, unknown>) =>
  tpl({ taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...statement }] } });
const byo = {
  network: {
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
    privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
    availabilityZones: undefined,
    natGateways: undefined,
  },
};
const manyTags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`Tag${i}`, "v"]));
const manyCidrs = Array.from({ length: 31 }, (_, i) => `10.${i}.0.0/16`);

const CASES: Record<string, Case[]> = {
  "names AWS reserves or forbids": [
    ["ALB name starting with internal-", { namePrefix: "internal" }, "namePrefix", /aws_alb name "internal-alb".*must not start with internal-/],
    ["security group name starting with sg-", { namePrefix: "sg" }, "namePrefix", /aws_security_group name_prefix "sg-alb-".*must not start with sg-/],
    ["ECR repository name with --", { namePrefix: "ci--x" }, "namePrefix", /aws_ecr_repository name "ci--x\/controller".*no '--'/],
    ["S3 bucket prefix xn--", { namePrefix: "xn--ci" }, "namePrefix", /aws_s3_bucket bucket_prefix "xn--ci-image-src-".*reserved prefix xn--/],
    ["S3 bucket prefix sthree-", { namePrefix: "sthree-ci" }, "namePrefix", /reserved prefix sthree-/],
    ["S3 bucket prefix amzn-s3-demo-", { namePrefix: "amzn-s3-demo" }, "namePrefix", /reserved prefix amzn-s3-demo-/],
    ["state bucket with reserved prefix amzn-s3-demo-", { state: { bucketName: "amzn-s3-demo-bucket" } }, "state.bucketName", /amzn-s3-demo-/],
    ["state bucket with suffix -s3alias", { state: { bucketName: "my-state-s3alias" } }, "state.bucketName", /-s3alias/],
    ["state bucket with suffix --ol-s3", { state: { bucketName: "my-state--ol-s3" } }, "state.bucketName", /--ol-s3/],
    ["state bucket with suffix .mrap", { state: { bucketName: "my-state.mrap" } }, "state.bucketName", /\.mrap/],
    ["state bucket with suffix --x-s3", { state: { bucketName: "my-state--x-s3" } }, "state.bucketName", /--x-s3/],
    ["state bucket with suffix --table-s3", { state: { bucketName: "my-state--table-s3" } }, "state.bucketName", /--table-s3/],
    ["state bucket shaped like an IP address", { state: { bucketName: "192.168.5.4" } }, "state.bucketName", /IP-shaped/],
    ["state bucket with ..", { state: { bucketName: "my..state" } }, "state.bucketName", /no '\.\.'/],
    ["state bucket with .-", { state: { bucketName: "my.-state" } }, "state.bucketName", /'\.-'/],
    ["access log bucket with xn--", { state: { accessLogBucket: "xn--logs" } }, "state.accessLogBucket", /xn--/],
    ["ALB log bucket with --x-s3", { loadBalancer: { accessLogsBucket: "alb-logs--x-s3" } }, "loadBalancer.accessLogsBucket", /--x-s3/],
    ["lock table name with a space", { state: { lockTableName: "my locks" } }, "state.lockTableName", /3-255 characters/],
    [
      "SSM hierarchy without leading /",
      { controller: { adminPassword: { parameterName: "jenkins/admin" } } },
      "controller.adminPassword.parameterName",
      /starts with '\/'/,
    ],
    [
      "SSM name starting with aws",
      { controller: { adminPassword: { parameterName: "AWS-jenkins" } } },
      "controller.adminPassword.parameterName",
      /not starting with aws or ssm in any case/,
    ],
    [
      "SSM name starting with /ssm",
      { controller: { adminPassword: { parameterName: "/Ssm/jenkins" } } },
      "controller.adminPassword.parameterName",
      /aws or ssm/,
    ],
    [
      "SSM name with a trailing /",
      { controller: { adminPassword: { parameterName: "/jenkins/" } } },
      "controller.adminPassword.parameterName",
      /no trailing '\/'/,
    ],
    [
      "SSM name with 16 levels",
      { controller: { adminPassword: { parameterName: "/a".repeat(16) } } },
      "controller.adminPassword.parameterName",
      /at most 15 levels/,
    ],
    [
      "Cloud Map namespace over 253 characters",
      { serviceDiscovery: { namespace: `${"a".repeat(60)}.`.repeat(4) + "a".repeat(20) } },
      "serviceDiscovery.namespace",
      /at most 253 characters/,
    ],
    [
      "Cloud Map namespace with a 64-character label",
      { serviceDiscovery: { namespace: `${"a".repeat(64)}.internal` } },
      "serviceDiscovery.namespace",
      /DNS name/,
    ],
    ["ALB name from a prefix starting with internal-", { namePrefix: "internal-ci" }, "namePrefix", /aws_alb name "internal-ci-alb"/],
  ],
  tags: [
    ["tag key aws: in upper case", { tags: { "AWS:team": "x" } }, "tags", /key "AWS:team" must be .*not starting with aws: in any case/],
    ["tag key with a character AWS refuses", { tags: { "team#1": "x" } }, "tags", /key "team#1"/],
    ["tag value with a character AWS refuses", { tags: { Team: "a<b>" } }, "tags.Team", /what IAM, SNS and ECS tagging accept/],
    ["tag value over 256 characters", { tags: { Team: "v".repeat(257) } }, "tags.Team", /256/],
    ["more than 50 tags on a resource", { tags: manyTags }, "tags", /48 tags are too many.*53.*at most 45/],
    [
      "user tag name, a case variant of the stacks' Name (IAM: duplicate keys)",
      { tags: { name: "x" } },
      "tags",
      /"name" differs from the stacks' own Name only in case/,
    ],
  ],
  network: [
    ["VPC CIDR with host bits", { network: { cidr: "10.0.0.1/16" } }, "network.cidr", /host bits set; the network of 10\.0\.0\.1\/16 is 10\.0\.0\.0\/16/],
    ["allowed CIDR with host bits", { loadBalancer: { allowedCidrs: ["203.0.113.7/24"] } }, "loadBalancer.allowedCidrs.0", /host bits set.*203\.0\.113\.0\/24/],
    ["duplicate allowed CIDRs", { loadBalancer: { allowedCidrs: ["203.0.113.0/24", "203.0.113.0/24"] } }, "loadBalancer.allowedCidrs.1", /listed twice/],
    [
      "more ingress rules than a security group allows",
      { loadBalancer: { allowedCidrs: manyCidrs } },
      "loadBalancer.allowedCidrs",
      /62 inbound rules.*60.*at most 30/,
    ],
    [
      "zone letter the region does not have",
      { network: { availabilityZones: ["eu-west-1a", "eu-west-1d"] } },
      "network.availabilityZones.1",
      /eu-west-1d does not exist: eu-west-1 has the zones eu-west-1a, eu-west-1b, eu-west-1c/,
    ],
    [
      "zone that is a local zone name",
      {
        region: "us-east-1",
        loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x" },
        network: { availabilityZones: ["us-east-1a", "us-east-1-bos-1a"] },
      },
      "network.availabilityZones.1",
      /availability zone name/,
    ],
    [
      "more zones than the subnet layout",
      {
        region: "us-east-1",
        loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x" },
        network: { availabilityZones: ["a", "b", "c", "d", "e", "f", "a", "b", "c"].map((l, i) => (i < 6 ? `us-east-1${l}` : `us-east-1${l}`)) },
      },
      "network.availabilityZones",
      /more than the subnet layout holds: at most 8/,
    ],
    [
      "BYO VPC with new-VPC settings",
      { ...byo, network: { ...byo.network, cidr: "10.1.0.0/16", natGateways: "single" } },
      "network.cidr",
      /only for a new VPC and ignored with network.vpcId/,
    ],
    [
      "BYO VPC with a duplicate subnet",
      { network: { ...byo.network, privateSubnetIds: ["subnet-00000001", "subnet-00000004"] } },
      "network.privateSubnetIds",
      /appears twice/,
    ],
    ["VPC too small for the ALB", { network: { cidr: "10.0.0.0/24" } }, "network.cidr", /\/28 subnets.*ALB needs public subnets of at least \/27/],
    [
      "VPC too small for maxAgents of both clouds",
      { network: { cidr: "10.0.0.0/23" }, agents: { maxAgents: 40 } },
      "network.cidr",
      /hold 54 addresses.*need 84/,
    ],
  ],
  "regions and ARNs": [
    ["region that does not exist", { region: "eu-west-9" }, "region", /"eu-west-9" is not an AWS region; known regions starting with eu-: eu-central-1/],
    ["region pattern-shaped but not real", { region: "us-north-1" }, "region", /not an AWS region/],
    [
      "certificate ARN of another partition",
      {
        region: "cn-north-1",
        network: { availabilityZones: ["cn-north-1a", "cn-north-1b"] },
        loadBalancer: { certificateArn: "arn:aws:acm:cn-north-1:123456789012:certificate/x" },
      },
      "loadBalancer.certificateArn",
      /partition aws, but region cn-north-1 is in partition aws-cn/,
    ],
    [
      "SQS ARN of another partition",
      { alerts: { sqsQueueArns: ["arn:aws-us-gov:sqs:eu-west-1:123456789012:q"] } },
      "alerts.sqsQueueArns.0",
      /partition aws-us-gov.*partition aws/,
    ],
    [
      "policy resource ARN of another partition",
      policy({ Resource: "arn:aws-cn:s3:::b/*" }),
      "agents.templates.0.taskPolicy.Statement.0.Resource",
      /partition aws-cn, but the stack's region is in partition aws/,
    ],
  ],
  "IAM policy documents": [
    [
      "resource that is not an ARN",
      policy({ Resource: "my-bucket" }),
      "agents.templates.0.taskPolicy.Statement.0.Resource",
      /"my-bucket" is neither \* nor an ARN/,
    ],
    [
      "action without a service prefix",
      policy({ Action: "GetObject" }),
      "agents.templates.0.taskPolicy.Statement.0.Action",
      /"GetObject" is not an IAM action: it needs a service prefix/,
    ],
    [
      "unknown condition operator",
      policy({ Condition: { StringEqualz: { "aws:RequestedRegion": "eu-west-1" } } }),
      "agents.templates.0.taskPolicy.Statement.0.Condition",
      /"StringEqualz" is not an IAM condition operator/,
    ],
    [
      "Null with IfExists",
      policy({ Condition: { NullIfExists: { "aws:TokenIssueTime": "true" } } }),
      "agents.templates.0.taskPolicy.Statement.0.Condition",
      /NullIfExists/,
    ],
    [
      "document over the inline policy size",
      tpl({ taskPolicy: bigPolicy }),
      "agents.templates.0.taskPolicy",
      /characters without whitespace; IAM allows 10240/,
    ],
  ],
  "backup schedules": [
    ["every minute", { backup: { schedule: "cron(* * * * ? *)" } }, "backup.schedule", /minutes must be a single value.*at most one backup an hour/],
    ["every 30 minutes", { backup: { schedule: "cron(0/30 * * * ? *)" } }, "backup.schedule", /at most one backup an hour/],
    ["hour 24", { backup: { schedule: "cron(0 24 * * ? *)" } }, "backup.schedule", /hours must be 0-23/],
    ["day of month 32", { backup: { schedule: "cron(0 5 32 * ? *)" } }, "backup.schedule", /day-of-month must be 1-31/],
    ["month 13", { backup: { schedule: "cron(0 5 1 13 ? *)" } }, "backup.schedule", /month must be 1-12/],
    ["day of week 8", { backup: { schedule: "cron(0 5 ? * 8 *)" } }, "backup.schedule", /day-of-week must be 1-7/],
    ["bad month name", { backup: { schedule: "cron(0 5 1 FOO ? *)" } }, "backup.schedule", /month must be 1-12 or JAN-DEC/],
    ["year 1900", { backup: { schedule: "cron(0 5 1 * ? 1900)" } }, "backup.schedule", /year must be 1970-2199/],
    [
      "additional rule too frequent",
      { backup: { additionalRules: [{ name: "often", schedule: "cron(*/5 * * * ? *)", deleteAfterDays: 7 }] } },
      "backup.additionalRules.0.schedule",
      /at most one backup an hour/,
    ],
    [
      "additional rule outside the vault lock",
      {
        backup: {
          vaultLock: { enabled: true, minRetentionDays: 7, maxRetentionDays: 200 },
          additionalRules: [{ name: "yearly", schedule: "cron(0 5 1 1 ? *)", deleteAfterDays: 365 }],
        },
      },
      "backup.additionalRules.0.deleteAfterDays",
      /365 days lies outside the vault lock's retention 7-200 days.*rule "yearly"/,
    ],
  ],
  "errors in the user's terms": [
    [
      "log retention not in the list",
      { controller: { logRetentionDays: 31 } },
      "controller.logRetentionDays",
      /got 31; must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120/,
    ],
    [
      "transition days not in the list",
      { storage: { transitionToIaDays: 2 } },
      "storage.transitionToIaDays",
      /got 2; must be one of 0, 1, 7, 14, 30, 60, 90, 180, 270, 365/,
    ],
    ["tag key named, not the value", { tags: { "bad#key": "secret-value" } }, "tags", /^(?!.*secret-value).*key "bad#key"/],
  ],
  "silent behaviour": [
    ["maxIO with elastic (module parity)", { storage: { performanceMode: "maxIO", throughputMode: "elastic" } }, "storage.throughputMode", /generalPurpose/],
  ],
};

// An existing synthesized output that no bad configuration may touch.
const h = validationHarness();
const outdir = h.outdir;
const runText = h.runText;
const snapshotOf = () => h.snapshot();

const table = Object.entries(CASES).flatMap(([cls, cases]) => cases.map(([n, o, f, m]) => [cls, n, o, f, m] as const));

test("at least 60 cases in the table", () => {
  expect(table.length).toBeGreaterThanOrEqual(60);
});

describe.each(Object.keys(CASES))("%s", (cls) => {
  test.each(CASES[cls])("%s", (name, overrides, field, message) => {
    h.expectRejected(h.runWith(name, overrides), field, message);
  });
});

describe("file and environment problems: exit 1, no stack trace, output untouched", () => {
  const example = JSON.stringify(inputWith());
  const raw: Array<[string, string, RegExp]> = [
    [
      "duplicate key at the root",
      example.replace('"namePrefix":"jenkins"', '"namePrefix":"jenkins","namePrefix":"ci"'),
      /namePrefix: the key "namePrefix" appears twice/,
    ],
    [
      "duplicate key nested",
      example.replace('"state":{', '"state":{"lockTableName":"a-locks",'),
      /state\.lockTableName: the key "lockTableName" appears twice/,
    ],
    [
      "1e400",
      example.replace('"namePrefix":"jenkins"', '"namePrefix":"jenkins","agents":{"maxAgents":1e400}'),
      /agents\.maxAgents: 1e400 is too large a number/,
    ],
    ["a list instead of an object", "[]", /\(root\): got a list of 0 item\(s\); Invalid input: expected object/],
    ["deep nesting", example.replace('"tags":{', `"tags":{"deep":${"[".repeat(5000)}${"]".repeat(5000)},`), /tags\.deep.*nested more than 32 levels/],
  ];
  test.each(raw)("%s", (name, text, message) => {
    const { code, err } = runText(name, text);
    expect(err).not.toMatch(/THREW/);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(snapshotOf()).toBe(h.before());
  });

  test("a byte-order mark is accepted", () => {
    const { code, err } = runText("bom", `\ufeff${example}`);
    expect(err).toBe("");
    expect(code).toBe(0);
    h.resnap();
  });

  test("JENKINS_VARS set but empty is an error, not the example", () => {
    let err = "";
    expect(run(ROOT, { JENKINS_VARS: "" }, (t) => (err += t), outdir)).toBe(1);
    expect(err).toMatch(/JENKINS_VARS is set but empty/);
    expect(snapshotOf()).toBe(h.before());
  });

  test("vars.json that is a broken link is an error, not the example", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-broken-link-"));
    fs.copyFileSync(path.join(ROOT, "vars.example.json"), path.join(dir, "vars.example.json"));
    fs.symlinkSync(path.join(dir, "missing.json"), path.join(dir, "vars.json"));
    let err = "";
    expect(run(dir, {}, (t) => (err += t), outdir)).toBe(1);
    expect(err).toMatch(/vars\.json is a symbolic link to .*missing\.json, which does not exist/);
    expect(snapshotOf()).toBe(h.before());
  });

  test("a type error or an unknown key does not hide the cross-field checks of other fields", () => {
    const { code, err } = runText(
      "all at once",
      JSON.stringify(
        inputWith({
          namePrefix: 42,
          colour: "blue",
          controller: { cpu: "two" },
          loadBalancer: { allowedCidrs: ["10.0.0.1/8"] },
          storage: { performanceMode: "maxIO" },
          backup: { schedule: "cron(* * * * ? *)" },
        }),
      ),
    );
    expect(code).toBe(1);
    expect(err).toMatch(/namePrefix: got 42/);
    expect(err).toMatch(/colour: unknown field/);
    expect(err).toMatch(/controller\.cpu: got "two"/);
    expect(err).toMatch(/loadBalancer\.allowedCidrs\.0: has host bits set/);
    expect(err).toMatch(/storage\.throughputMode: elastic throughput works only with performanceMode generalPurpose/);
    expect(err).toMatch(/backup\.schedule: minutes must be a single value/);
    // Nothing about values the user did not write (the replaced controller.cpu/memory pair).
    expect(err).not.toMatch(/controller\.memory/);
  });

  test("a template policy the policy pack refuses: exit 1, the finding, no stack trace, output untouched", () => {
    const { code, err } = runText("policy pack", JSON.stringify(inputWith(policy({ Resource: "*" }))));
    expect(err).not.toMatch(/THREW/);
    expect(code).toBe(1);
    expect(err).toMatch(/CKV_AWS_288/);
    expect(err).not.toMatch(/at \S+ \(/);
    expect(snapshotOf()).toBe(h.before());
  });

  test("a file in the temp directory with the name an older synth used does not break the synth", () => {
    // A temp directory of this test's own, so synths of other suites running beside it do not count.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sj-tmp-collision-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const collisions = ["serverless-jenkins-jcasc", "serverless-jenkins-image-context", "serverless-jenkins-image-archive"];
      for (const n of collisions) fs.writeFileSync(path.join(tmp, n), "not a directory");
      const { code, err } = runText("temp collision", JSON.stringify(inputWith()));
      expect(err).toBe("");
      expect(code).toBe(0);
      // The run's own temp directory is gone afterwards: only the planted files remain.
      expect(fs.readdirSync(tmp).sort()).toEqual([...collisions].sort());
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("settings without effect are named in a warning", () => {
  const warnings: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      "S3 backend settings with the local backend",
      { backend: { type: "local", key: "x/terraform.tfstate" } },
      /backend\.key: is ignored with backend\.type local/,
    ],
    [
      "host name whose record cannot be created",
      { loadBalancer: { dns: { hostname: "ci.example.com" } } },
      /loadBalancer\.dns\.hostname: no DNS record is created for ci\.example\.com because loadBalancer\.dns\.zoneId is not set/,
    ],
    [
      "image build settings with a prebuilt image",
      { image: { mode: "prebuilt", uri: "jenkins/jenkins:lts", extraPlugins: ["slack:1.0"] } },
      /image\.extraPlugins: is ignored with image\.mode prebuilt/,
    ],
    [
      "backup settings with backups off",
      { backup: { enabled: false, deleteAfterDays: 200 } },
      /backup\.deleteAfterDays: is ignored with backup\.enabled false/,
    ],
  ];
  test.each(warnings)("%s", (name, overrides, message) => {
    const { code, err } = runText(name, JSON.stringify(inputWith(overrides)));
    expect(code).toBe(0);
    expect(err).toMatch(/Warnings for/);
    expect(err).toMatch(message);
  });
});
