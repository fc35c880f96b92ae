import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfigFile, parseConfig, resolveVarsFile } from "../../lib/config/load-config";
import { run } from "../../main";
import { awsCronProblem } from "../../lib/config/schema";
import { fargateMemoryFor, isValidFargateSize } from "../../lib/config/fargate-sizes";
import { configWith, inputWith, ROOT, problemsOf } from "../support/project";

describe("defaults", () => {
  test("vars.example.json is valid and fills every default", () => {
    const c = configWith();
    expect(c.namePrefix).toBe("jenkins");
    expect(c.controller).toMatchObject({ cpu: 2048, memory: 4096, adminUser: "ecsuser", numExecutors: 0 });
    expect(c.controller.adminPassword).toEqual({ parameterName: "jenkins-pwd", create: false });
    expect(c.state).toMatchObject({ encryption: "aws:kms", forceDestroy: false, noncurrentVersionExpirationDays: 90 });
    expect(c.backend).toEqual({ type: "local", key: "jenkins/terraform.tfstate", locking: "dynamodb" });
    expect(c.storage).toMatchObject({ performanceMode: "generalPurpose", throughputMode: "elastic" });
    expect(c.loadBalancer.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(c.backup).toMatchObject({ enabled: true, schedule: "cron(0 0 * * ? *)", coldStorageAfterDays: 30, deleteAfterDays: 120 });
    expect(c.agents.templates.map((t) => [t.label, t.spot])).toEqual([
      ["build-example", false],
      ["build-example-spot", true],
    ]);
    // The emulator is test tooling (tools/emulator/), not configuration.
    expect(c).not.toHaveProperty("emulator");
  });

  test("a minimal file (bucket name and certificate only) is valid", () => {
    const c = parseConfig({
      state: { bucketName: "my-state-bucket" },
      loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" },
    });
    expect(c.region).toBe("eu-west-1");
    expect(c.network.natGateways).toBe("one-per-az");
  });

  test("bring-your-own VPC with two public and two private subnets is valid", () => {
    const c = configWith({
      network: {
        vpcId: "vpc-0123456789abcdef0",
        publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
        privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
        natGateways: undefined,
        availabilityZones: undefined,
      },
    });
    expect(c.network.vpcId).toBe("vpc-0123456789abcdef0");
  });
});

describe("bad input: every case names the field and exits with a ConfigError", () => {
  const byo = (pub: string[], priv: string[]) => ({
    network: { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: pub, privateSubnetIds: priv, availabilityZones: undefined },
  });
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["wrong type", { namePrefix: 42 }, "namePrefix", /expected string/],
    ["unknown top-level key", { regoin: "eu-west-1" }, "regoin", /unknown field/],
    ["unknown nested key", { controller: { cpus: 2 } }, "controller.cpus", /unknown field/],
    ["bad region", { region: "europe-1" }, "region", /AWS region/],
    ["bad bucket name", { state: { bucketName: "My_Bucket" } }, "state.bucketName", /S3 bucket name/],
    ["bucket name too long", { state: { bucketName: "a".repeat(64) } }, "state.bucketName", /S3 bucket name/],
    ["missing bucket name", { state: { bucketName: undefined } }, "state.bucketName", /required/],
    ["bad lock table name", { state: { lockTableName: "x" } }, "state.lockTableName", /3-255/],
    ["bad account id", { accountId: "1234" }, "accountId", /12-digit/],
    ["name prefix too long for ALB names", { namePrefix: "a-very-long-prefix-x" }, "namePrefix", /2-16/],
    ["invalid CIDR", { network: { cidr: "10.0.0.0/33" } }, "network.cidr", /CIDR/],
    ["VPC CIDR too small", { network: { cidr: "10.0.0.0/26" } }, "network.cidr", /\/16 to \/24/],
    ["one AZ", { network: { availabilityZones: ["eu-west-1a"] } }, "network.availabilityZones", /at least two/],
    ["AZ of another region", { network: { availabilityZones: ["eu-west-1a", "us-east-1b"] } }, "network.availabilityZones.1", /not in region/],
    ["BYO VPC with one public subnet", byo(["subnet-00000001"], ["subnet-00000003", "subnet-00000004"]), "network.publicSubnetIds", /at least two/],
    ["BYO VPC with one private subnet", byo(["subnet-00000001", "subnet-00000002"], ["subnet-00000003"]), "network.privateSubnetIds", /at least two/],
    ["BYO subnets without VPC", { network: { publicSubnetIds: ["subnet-00000001", "subnet-00000002"] } }, "network.vpcId", /without network.vpcId/],
    ["malformed subnet id", byo(["subnet-1", "subnet-00000002"], ["subnet-00000003", "subnet-00000004"]), "network.publicSubnetIds.0", /subnet id/],
    ["Fargate cpu not allowed", { controller: { cpu: 3000 } }, "controller.cpu", /one of 256, 512/],
    ["Fargate memory does not fit cpu", { controller: { cpu: 1024, memory: 1024 } }, "controller.memory", /2048\.\.8192/],
    ["agent memory does not fit cpu", { agents: { templates: [{ label: "a", cpu: 256, memory: 4096 }] } }, "agents.templates.0.memory", /512, 1024 or 2048/],
    ["duplicate template labels", { agents: { templates: [{ label: "a" }, { label: "a" }] } }, "agents.templates.1.label", /duplicate label/],
    [
      "spot template without spot cluster",
      { agents: { spotCluster: false, templates: [{ label: "a", spot: true }] } },
      "agents.templates.0.spot",
      /spotCluster/,
    ],
    ["bad template label", { agents: { templates: [{ label: "Bad Label" }] } }, "agents.templates.0.label", /lower-case/],
    ["no templates", { agents: { templates: [] } }, "agents.templates", /1/],
    ["bad agent image", { agents: { defaultImage: "UPPER/case image" } }, "agents.defaultImage", /image reference/],
    [
      "bad certificate ARN",
      { loadBalancer: { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } },
      "loadBalancer.certificateArn",
      /ACM certificate ARN/,
    ],
    [
      "certificate in another region",
      { loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } },
      "loadBalancer.certificateArn",
      /region eu-west-1/,
    ],
    ["no certificate and no zone", { loadBalancer: { certificateArn: undefined } }, "loadBalancer.certificateArn", /hostname and loadBalancer.dns.zoneId/],
    ["bad allowed CIDR", { loadBalancer: { allowedCidrs: ["10.0.0.0"] } }, "loadBalancer.allowedCidrs.0", /CIDR/],
    ["bad hosted zone id", { loadBalancer: { dns: { hostname: "ci.example.com", zoneId: "zone-1" } } }, "loadBalancer.dns.zoneId", /hosted zone id/],
    ["malformed e-mail", { alerts: { emails: ["ops-at-example.com"] } }, "alerts.emails.0", /e-mail/],
    ["http endpoint", { alerts: { httpsEndpoints: ["http://example.com/hook"] } }, "alerts.httpsEndpoints.0", /https/],
    ["bad SQS ARN", { alerts: { sqsQueueArns: ["arn:aws:sns:eu-west-1:123456789012:q"] } }, "alerts.sqsQueueArns.0", /SQS queue ARN/],
    ["invalid cron", { backup: { schedule: "cron(0 0 * * * *)" } }, "backup.schedule", /day-of-month and day-of-week/],
    ["not a cron", { backup: { schedule: "daily" } }, "backup.schedule", /cron\(/],
    ["delete before cold + 90", { backup: { coldStorageAfterDays: 30, deleteAfterDays: 100 } }, "backup.deleteAfterDays", /120/],
    ["prebuilt without uri", { image: { mode: "prebuilt" } }, "image.uri", /required/],
    ["uri without prebuilt", { image: { uri: "jenkins/jenkins:lts" } }, "image.uri", /only used with image.mode prebuilt/],
    ["bad plugin spec", { image: { extraPlugins: ["slack"] } }, "image.extraPlugins.0", /plugin-id:version/],
    ["provisioned throughput missing", { storage: { throughputMode: "provisioned" } }, "storage.provisionedThroughputMibps", /required/],
    ["elastic throughput with maxIO", { storage: { performanceMode: "maxIO" } }, "storage.throughputMode", /generalPurpose/],
    ["bad log retention", { controller: { logRetentionDays: 31 } }, "controller.logRetentionDays", /./],
    ["bad backend key", { backend: { key: "/abs/state" } }, "backend.key", /\.tfstate/],
  ];

  // An existing synthesized output that no bad configuration may touch.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-existing-"));
  const varsDir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-bad-vars-"));
  let before = "";
  beforeAll(() => {
    expect(run(ROOT, { JENKINS_VARS: path.join(ROOT, "vars.example.json") }, () => undefined, outdir)).toBe(0);
    before = fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8");
  });

  test.each(cases)("%s", (name, overrides, field, message) => {
    const problems = problemsOf(overrides);
    const hit = problems.find((p) => p.startsWith(`${field}:`));
    expect({ field, problems }).toEqual({ field, problems: expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/\./g, "\\.")}: `))]) });
    expect(hit).toMatch(message);
    // The same file through the app's entry point: exit code 1, the field named, output untouched.
    const file = path.join(varsDir, `${name.replace(/\W+/g, "-")}.json`);
    fs.writeFileSync(file, JSON.stringify(inputWith(overrides)));
    let err = "";
    expect(run(ROOT, { JENKINS_VARS: file }, (t) => (err += t), outdir)).toBe(1);
    expect(err).toContain(`${field}: `);
    expect(fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8")).toBe(before);
  });

  test("the error shows the value received", () => {
    expect(problemsOf({ region: "mars-1" })).toEqual(expect.arrayContaining([expect.stringMatching(/^region: got "mars-1"; must be an AWS region/)]));
  });

  test("every problem is listed, not only the first", () => {
    expect(problemsOf({ region: "x", namePrefix: "X", accountId: "1" }).length).toBeGreaterThanOrEqual(3);
  });
});

describe("Fargate sizes and cron", () => {
  test("task size table", () => {
    expect(fargateMemoryFor(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryFor(4096)).toContain(30720);
    expect(isValidFargateSize(2048, 4096)).toBe(true);
    expect(isValidFargateSize(2048, 3072)).toBe(false);
    expect(isValidFargateSize(8192, 20480)).toBe(true);
    expect(isValidFargateSize(8192, 18432)).toBe(false);
  });
  test("AWS cron expressions", () => {
    expect(awsCronProblem("cron(0 0 * * ? *)")).toBeUndefined();
    expect(awsCronProblem("cron(0 5 ? * MON-FRI *)")).toBeUndefined();
    expect(awsCronProblem("cron(0 25 * * ? *)")).toMatch(/hours/);
    expect(awsCronProblem("cron(0 0 ? * ? *)")).toMatch(/only one/);
  });
});

describe("vars file resolution", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-vars-"));
  });

  test("vars.json wins over vars.example.json; JENKINS_VARS wins over both", () => {
    fs.writeFileSync(path.join(dir, "vars.example.json"), "{}");
    expect(resolveVarsFile(dir, {})).toBe(path.join(dir, "vars.example.json"));
    fs.writeFileSync(path.join(dir, "vars.json"), "{}");
    expect(resolveVarsFile(dir, {})).toBe(path.join(dir, "vars.json"));
    fs.writeFileSync(path.join(dir, "other.json"), "{}");
    expect(resolveVarsFile(dir, { JENKINS_VARS: "other.json" })).toBe(path.join(dir, "other.json"));
  });

  test("a missing file is a clear error", () => {
    expect(() => resolveVarsFile(dir, {})).toThrow(/No configuration found/);
    expect(() => resolveVarsFile(dir, { JENKINS_VARS: "nope.json" })).toThrow(/JENKINS_VARS=nope.json: file not found/);
  });

  test("malformed JSON is a clear error", () => {
    fs.writeFileSync(path.join(dir, "vars.json"), '{"region": "eu-west-1",}');
    expect(() => loadConfigFile(path.join(dir, "vars.json"))).toThrow(/vars.json is not valid JSON/);
  });
});

describe("main.ts with a bad configuration", () => {
  const runMain = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "main.ts"], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });

  let outdir: string;
  let marker: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-out-"));
    const good = runMain({ CDKTF_OUTDIR: outdir, JENKINS_VARS: "vars.example.json" });
    expect(good.status).toBe(0);
    marker = fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8");
  });

  const bad: Array<[string, string, RegExp]> = [
    ["wrong type", JSON.stringify({ ...inputWith(), namePrefix: 1 }), /namePrefix: got 1/],
    ["unknown key", JSON.stringify({ ...inputWith(), colour: "blue" }), /colour: unknown field/],
    ["bad region", JSON.stringify({ ...inputWith(), region: "moon-1" }), /region: got "moon-1"/],
    ["bad bucket name", JSON.stringify(inputWith({ state: { bucketName: "UPPER" } })), /state.bucketName: got "UPPER"/],
    ["malformed JSON", "{ not json", /is not valid JSON/],
  ];
  test.each(bad)("%s: exits non-zero, names the field, leaves cdktf.out untouched", (_n, text, message) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-bad-")), "vars.json");
    fs.writeFileSync(file, text);
    const r = runMain({ CDKTF_OUTDIR: outdir, JENKINS_VARS: file });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Nothing was synthesized/);
    expect(fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8")).toBe(marker);
  });

  test("a missing vars file named by JENKINS_VARS exits non-zero", () => {
    const r = runMain({ CDKTF_OUTDIR: outdir, JENKINS_VARS: "does-not-exist.json" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/JENKINS_VARS=does-not-exist.json: file not found/);
  });
});

describe("generated files are up to date", () => {
  test("vars.schema.json and the docs/configuration.md reference match the schema", () => {
    const r = spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "scripts/generate-schema.ts", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
  test("vars.example.json points editors at the schema", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "vars.example.json"), "utf8")).$schema).toBe("./vars.schema.json");
  });
});
