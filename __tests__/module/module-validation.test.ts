/**
 * Issue 14 in the registry module: the variable validations reject the same classes as the
 * stack's schema (names, tags, network, IAM documents, backup cron, maxIO + elastic), before a
 * plan is printed. Each case is one call of the module with one input set (or a few, for a
 * cross-variable rule); all the calls share one offline plan (Terraform reports every failed
 * validation with the call it failed in), and each case's message is asserted in its own call.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stripVTControlCharacters } from "util";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineInit, terraform } from "../../tools/terraform/offline-terraform";
import { buildModule } from "../../lib/module/package-module";
import { describeTerraform } from "../support/terraform";

const policy = (doc: unknown) =>
  `jsonencode(${JSON.stringify(doc)
    .replace(/"(\w+)":/g, "$1 = ")
    .replace(/,(?=\w+ = )/g, ", ")})`;
const stmt = (extra: Record<string, unknown>) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra }],
});
const bigDoc = {
  Version: "2012-10-17",
  Statement: Array.from({ length: 120 }, (_, i) => ({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::bucket-number-${i}/some/long/prefix/*`,
  })),
};

/** [case, module inputs (HCL), expected message]. */
const CASES: Array<[string, Record<string, string>, RegExp]> = [
  ["ALB name starting with internal-", { name_prefix: '"internal"' }, /name_prefix must not make the ALB name start with internal-/],
  ["security group names starting with sg-", { name_prefix: '"sg-ci"' }, /name_prefix must not make security group names start with sg-/],
  ["ECR name with --", { name_prefix: '"ci--x"' }, /name_prefix must not contain '--'/],
  ["S3 prefix xn--", { name_prefix: '"xn--ci"' }, /name_prefix must not make the image bucket prefix start with xn--/],
  [
    "tag key aws: in any case",
    { tags: '{ "AWS:team" = "x" }' },
    /each key of tags must be 1-128 letters, digits, spaces and _\.:\/=\+-@, not starting with aws: in any case/,
  ],
  ["tag value with a refused character", { tags: '{ Team = "a<b>" }' }, /each value of tags must be at most 256 letters/],
  ["more than 45 tags", { tags: `{ ${Array.from({ length: 46 }, (_, i) => `T${i} = "v"`).join(", ")} }` }, /tags must have at most 45 tags/],
  [
    "tag key a case variant of a reserved one",
    { tags: '{ managedby = "x" }' },
    /tags must not use a key that differs from the module's own ManagedBy, Stack, NamePrefix, Name, Tier only in case/,
  ],
  ["tag keys that differ only in case", { tags: '{ Team = "a", team = "b" }' }, /tags must not have two keys that differ only in case/],
  ["allowed CIDR with host bits", { allowed_cidrs: '["10.0.0.1/8"]' }, /allowed_cidrs must not have host bits set/],
  ["duplicate allowed CIDRs", { allowed_cidrs: '["10.0.0.0/8", "10.0.0.0/8"]' }, /allowed_cidrs must not list a CIDR twice/],
  [
    "too many allowed CIDRs",
    { allowed_cidrs: `[${Array.from({ length: 31 }, (_, i) => `"10.${i}.0.0/16"`).join(", ")}]` },
    /allowed_cidrs must list at most 30 CIDRs/,
  ],
  [
    "SSM hierarchy without leading /",
    { admin_password_parameter_name: '"jenkins/admin"' },
    /admin_password_parameter_name must be an SSM parameter name \(PutParameter rules\)/,
  ],
  ["SSM name starting with aws", { admin_password_parameter_name: '"AWS-x"' }, /admin_password_parameter_name must be an SSM parameter name/],
  [
    "Cloud Map namespace over 253 characters",
    { cloud_map_namespace: `"${`${"a".repeat(60)}.`.repeat(4)}${"a".repeat(20)}"` },
    /cloud_map_namespace must be a DNS name like jenkins.internal: at most 253 characters/,
  ],
  ["ALB log bucket with a reserved suffix", { alb_access_logs_bucket: '"alb-logs--x-s3"' }, /alb_access_logs_bucket must be a valid S3 bucket name/],
  [
    "policy action without service prefix",
    { agent_templates: `{ t = { task_policy_json = ${policy(stmt({ Action: "GetObject" }))} } }` },
    /each task_policy_json in agent_templates must name actions with a service prefix/,
  ],
  [
    "policy resource not an ARN",
    { agent_templates: `{ t = { task_policy_json = ${policy(stmt({ Resource: "my-bucket" }))} } }` },
    /each task_policy_json in agent_templates must name resources as \* or ARNs/,
  ],
  [
    "policy unknown condition operator",
    { agent_templates: `{ t = { task_policy_json = ${policy(stmt({ Condition: { StringEqualz: { "aws:RequestedRegion": "eu-west-1" } } }))} } }` },
    /must use IAM condition operators only/,
  ],
  [
    "policy over the inline size",
    { agent_templates: `{ t = { task_policy_json = ${policy(bigDoc)} } }` },
    /must be at most 10240 characters without whitespace/,
  ],
  ["backup more often than hourly", { backup_schedule: '"cron(0/15 * * * ? *)"' }, /backup_schedule: minutes must be a single value 0-59/],
  ["backup hour 24", { backup_schedule: '"cron(0 24 * * ? *)"' }, /backup_schedule: hours must be 0-23/],
  ["backup rate expression", { backup_schedule: '"rate(1 hour)"' }, /backup_schedule must look like cron\(minutes hours/],
  ["backup both day fields", { backup_schedule: '"cron(0 0 * * MON *)"' }, /backup_schedule: one of day-of-month and day-of-week must be '\?'/],
  ["backup day of month 32", { backup_schedule: '"cron(0 5 32 * ? *)"' }, /backup_schedule: day-of-month must be 1-31/],
  ["backup month 13", { backup_schedule: '"cron(0 5 1 13 ? *)"' }, /backup_schedule: month must be 1-12 or JAN-DEC/],
  ["backup month FOO", { backup_schedule: '"cron(0 5 1 FOO ? *)"' }, /backup_schedule: month must be 1-12 or JAN-DEC/],
  ["backup day of week 8", { backup_schedule: '"cron(0 5 ? * 8 *)"' }, /backup_schedule: day-of-week must be 1-7/],
  ["backup sixth Monday", { backup_schedule: '"cron(0 5 ? * 2#6 *)"' }, /backup_schedule: day-of-week must be 1-7/],
  ["backup year 2200", { backup_schedule: '"cron(0 5 1 * ? 2200)"' }, /backup_schedule: year must be 1970-2199/],
  ["backup hour step 0", { backup_schedule: '"cron(0 */0 * * ? *)"' }, /backup_schedule: hours must be 0-23/],
  [
    "additional rule every 5 minutes",
    { backup_additional_rules: '[{ name = "often", schedule = "cron(*/5 * * * ? *)", delete_after_days = 7 }]' },
    /each schedule in backup_additional_rules: minutes must be a single value 0-59: AWS Backup runs at most one backup an hour/,
  ],
  [
    "additional rule day of month 0",
    { backup_additional_rules: '[{ name = "m", schedule = "cron(0 3 0 * ? *)", delete_after_days = 7 }]' },
    /each schedule in backup_additional_rules: day-of-month must be 1-31/,
  ],
  [
    "additional rule not a cron",
    { backup_additional_rules: '[{ name = "m", schedule = "monthly", delete_after_days = 7 }]' },
    /each schedule in backup_additional_rules must look like cron/,
  ],
  [
    "certificate of another partition",
    { certificate_arn: '"arn:aws-cn:acm:eu-west-1:123456789012:certificate/abc"', account_id: '"123456789012"' },
    /certificate_arn must be an ARN of the provider's partition/,
  ],
  [
    "certificate of another region",
    { certificate_arn: '"arn:aws:acm:eu-west-2:123456789012:certificate/abc"', account_id: '"123456789012"' },
    /certificate_arn must be a certificate in the provider's region/,
  ],
  [
    "certificate of another account",
    { certificate_arn: '"arn:aws:acm:eu-west-1:210987654321:certificate/abc"', account_id: '"123456789012"' },
    /certificate_arn must be a certificate of account_id/,
  ],
  [
    "SQS queue of another partition",
    { alert_sqs_queue_arns: '["arn:aws-cn:sqs:eu-west-1:123456789012:q"]', account_id: '"123456789012"' },
    /alert_sqs_queue_arns must be ARNs of the provider's partition/,
  ],
  [
    "maxIO with elastic",
    { efs_performance_mode: '"maxIO"', efs_throughput_mode: '"elastic"' },
    /efs_throughput_mode must not be elastic with efs_performance_mode maxIO/,
  ],
];

const BASE: Record<string, string> = {
  vpc_id: '"vpc-0123456789abcdef0"',
  public_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]',
  private_subnet_ids: '["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]',
  certificate_arn: '"arn:aws:acm:eu-west-1:123456789012:certificate/abc"',
  account_id: '"123456789012"',
};

/** A case that sets several inputs: its rule reads another variable (or a data source). */
const isCross = (inputs: Record<string, string>) => Object.keys(inputs).length > 1;

describeTerraform("registry module variable validations (offline terraform plan)", () => {
  let moduleDir: string;
  let work: string;
  /** The plans of the roots that call the module once per case: single-input cases, cross-variable cases. */
  let plans: Array<{ status: number; stdout: string; stderr: string }>;
  const oneLine = (s: string) => stripVTControlCharacters(s).replace(/\s+/g, " ");

  const moduleBlock = (name: string, inputs: Record<string, string>) => {
    const args = Object.entries({ ...BASE, ...inputs })
      .map(([k, v]) => `  ${k} = ${v}`)
      .join("\n");
    return `module "${name}" {\n  source = "${moduleDir}"\n${args}\n}\n`;
  };
  /**
   * A root module calling the module once per entry of `calls`. The base root (one call, `jenkins`) is
   * initialized; a root with the same call reuses its .terraform, a root with other calls is initialized.
   */
  const rootFor = (name: string, calls: Record<string, Record<string, string>>) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const blocks = Object.entries(calls).map(([call, inputs]) => moduleBlock(call, inputs));
    fs.writeFileSync(path.join(dir, "main.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${blocks.join("\n")}`);
    fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }, null, 2));
    if (name === "base" || Object.keys(calls).join() !== "jenkins") offlineInit(dir);
    else {
      fs.cpSync(path.join(work, "base", ".terraform"), path.join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
      fs.copyFileSync(path.join(work, "base", ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"));
    }
    return dir;
  };
  const plan = (dir: string) => terraform(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"], FAKE_CREDENTIALS);
  /** The error diagnostics of the cases' plans that Terraform located in the call of module `name`, one line each. */
  const errorsIn = (name: string) =>
    plans
      .flatMap((p) => p.stderr.split(/^Error: /m))
      .filter((d) => d.includes(`in module "${name}":`))
      .map((d) => oneLine(d));

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "sj-module-validation-"));
    moduleDir = buildModule({ outDir: path.join(work, "build") }).dir;
    rootFor("base", { jenkins: {} });
    // The cases in two plans, each case in its own module call: Terraform checks each call's inputs
    // on their own and reports every failed validation with the call it failed in, so a case's
    // message is read from its own call's errors. A cross-variable rule (several inputs, or a data
    // source) is evaluated only once no single-variable rule failed in the plan, so those cases
    // have their own plan. Two plans instead of one per group of cases: each plan starts the
    // provider, which is most of its time.
    const calls = (cross: boolean) => Object.fromEntries(CASES.flatMap(([, inputs], i) => (isCross(inputs) === cross ? [[`case_${i}`, inputs]] : [])));
    plans = [plan(rootFor("single", calls(false))), plan(rootFor("cross", calls(true)))];
  }, 300_000);

  test("the plans of the cases fail before a plan is printed", () => {
    for (const p of plans) {
      expect(p.status).not.toBe(0);
      expect(oneLine(p.stdout)).not.toMatch(/Terraform will perform the following actions/);
    }
  });

  test.each(CASES.map(([name, , message], i) => [name, i, message] as const))("%s: the plan fails with the message", (_name, i, message) => {
    const errors = errorsIn(`case_${i}`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => message.test(e))).toBe(true);
    // No error but the validations' (an input the module refuses, not a broken configuration).
    for (const e of errors) expect(e).toMatch(/^Invalid value for variable /);
  });

  test("a reserved tag key plans, with a warning naming it (a check block, not a validation)", () => {
    const r = plan(rootFor("reserved-tag", { jenkins: { tags: '{ NamePrefix = "x" }' } }));
    expect(r.status).toBe(0);
    expect(oneLine(r.stdout + r.stderr)).toMatch(
      /Warning: Check block assertion failed .*tags: ManagedBy, Stack, NamePrefix, Name, Tier are set by the module itself/,
    );
  }, 300_000);

  test("a valid root plans (the rules do not reject the defaults)", () => {
    const r = plan(path.join(work, "base"));
    expect(oneLine(r.stderr)).toBe("");
    expect(r.status).toBe(0);
  }, 300_000);
});
