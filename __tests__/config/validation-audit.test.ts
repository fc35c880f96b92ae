/**
 * Issue 14, the audit: more bad inputs per class, each through main.ts `run()` (exit 1, the
 * field, the value or the rule, output untouched), and the inputs exactly at each limit, which
 * the configuration loader must accept. The first table is __tests__/config/validation.test.ts.
 */
import { validateConfig } from "../../lib/config/load-config";
import { inputWith } from "../support/project";
import { Case, validationHarness } from "../support/validation-harness";

const CERT = (region: string, account = "123456789012", partition = "aws") =>
  `arn:${partition}:acm:${region}:${account}:certificate/00000000-0000-4000-8000-000000000000`;
const KMS = (partition: string, region = "eu-west-1") => `arn:${partition}:kms:${region}:123456789012:key/00000000-0000-4000-8000-000000000000`;
const cn = {
  region: "cn-north-1",
  network: { availabilityZones: ["cn-north-1a", "cn-north-1b"] },
  loadBalancer: { certificateArn: CERT("cn-north-1", "123456789012", "aws-cn") },
};
const gov = {
  region: "us-gov-west-1",
  network: { availabilityZones: ["us-gov-west-1a", "us-gov-west-1b"] },
  loadBalancer: { certificateArn: CERT("us-gov-west-1", "123456789012", "aws-us-gov") },
};
const ssmName = (parameterName: string) => ({ controller: { adminPassword: { parameterName } } });
const cron = (schedule: string) => ({ backup: { schedule } });
const rule = (r: Record<string, unknown>) => ({ backup: { additionalRules: [{ name: "extra", schedule: "cron(0 3 1 * ? *)", deleteAfterDays: 365, ...r }] } });
const stmt = (s: Record<string, unknown>) => ({
  agents: { templates: [{ label: "t", taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...s }] } }] },
});
const P0 = "agents.templates.0.taskPolicy.Statement.0";

const CASES: Record<string, Case[]> = {
  network: [
    ["VPC CIDR /15 (larger than a VPC may be)", { network: { cidr: "10.0.0.0/15" } }, "network.cidr", /must be a \/16 to \/24/],
    ["VPC CIDR /25", { network: { cidr: "10.0.0.0/25" } }, "network.cidr", /must be a \/16 to \/24/],
    [
      "VPC CIDR 10.0.1.0/16 (host bits in the third octet)",
      { network: { cidr: "10.0.1.0/16" } },
      "network.cidr",
      /host bits set; the network of 10\.0\.1\.0\/16 is 10\.0\.0\.0\/16/,
    ],
    ["VPC CIDR that is not a CIDR", { network: { cidr: "10.0.0.0" } }, "network.cidr", /must be an IPv4 CIDR/],
    ["allowed CIDR 0.0.0.1/0", { loadBalancer: { allowedCidrs: ["0.0.0.1/0"] } }, "loadBalancer.allowedCidrs.0", /host bits set.*0\.0\.0\.0\/0/],
    ["allowed CIDR /33", { loadBalancer: { allowedCidrs: ["10.0.0.0/33"] } }, "loadBalancer.allowedCidrs.0", /must be an IPv4 CIDR|IPv4/],
    ["allowed CIDR with octet 256", { loadBalancer: { allowedCidrs: ["256.0.0.0/8"] } }, "loadBalancer.allowedCidrs.0", /IPv4/],
    [
      "the same allowed CIDR three times",
      { loadBalancer: { allowedCidrs: ["198.51.100.0/24", "203.0.113.0/24", "198.51.100.0/24"] } },
      "loadBalancer.allowedCidrs.2",
      /198\.51\.100\.0\/24 is listed twice/,
    ],
    ["the same zone twice", { network: { availabilityZones: ["eu-west-1a", "eu-west-1a"] } }, "network.availabilityZones", /must be distinct/],
    ["a single zone", { network: { availabilityZones: ["eu-west-1a"] } }, "network.availabilityZones", /at least two availability zones/],
    [
      "zones of another region",
      { network: { availabilityZones: ["us-east-1a", "us-east-1b"] } },
      "network.availabilityZones.0",
      /zone us-east-1a is not in region eu-west-1/,
    ],
    ["zone letter z", { network: { availabilityZones: ["eu-west-1a", "eu-west-1z"] } }, "network.availabilityZones.1", /eu-west-1z does not exist/],
    [
      "ap-northeast-1b, a zone new accounts do not get",
      {
        region: "ap-northeast-1",
        loadBalancer: { certificateArn: CERT("ap-northeast-1") },
        network: { availabilityZones: ["ap-northeast-1a", "ap-northeast-1b"] },
      },
      "network.availabilityZones.1",
      /ap-northeast-1b does not exist: ap-northeast-1 has the zones ap-northeast-1a, ap-northeast-1c, ap-northeast-1d/,
    ],
    [
      "a /20 VPC for 500 agents on both clouds",
      { network: { cidr: "10.0.0.0/20" }, agents: { maxAgents: 500, spotCluster: true } },
      "network.cidr",
      /hold .* addresses.*need 1004/,
    ],
    [
      "own VPC with one public subnet",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-00000001"],
          privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
          availabilityZones: undefined,
          natGateways: undefined,
        },
      },
      "network.publicSubnetIds",
      /at least two public subnet ids in different AZs/,
    ],
    [
      "own VPC without private subnets",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
          availabilityZones: undefined,
          natGateways: undefined,
        },
      },
      "network.privateSubnetIds",
      /at least two private subnet ids/,
    ],
    [
      "own VPC with zones (a new-VPC setting)",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
          privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
          natGateways: undefined,
        },
      },
      "network.availabilityZones",
      /only for a new VPC; remove it or remove network.vpcId/,
    ],
    [
      "own VPC with NAT gateways (a new-VPC setting)",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
          privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
          availabilityZones: undefined,
        },
      },
      "network.natGateways",
      /only for a new VPC and ignored with network.vpcId/,
    ],
    [
      "own VPC with flow logs (a new-VPC setting)",
      {
        network: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-00000001", "subnet-00000002"],
          privateSubnetIds: ["subnet-00000003", "subnet-00000004"],
          availabilityZones: undefined,
          natGateways: undefined,
          flowLogs: true,
        },
      },
      "network.flowLogs",
      /only for a new VPC and ignored with network.vpcId/,
    ],
    [
      "subnet ids without a VPC id",
      { network: { publicSubnetIds: ["subnet-00000001", "subnet-00000002"] } },
      "network.vpcId",
      /subnet ids were given without network.vpcId/,
    ],
  ],
  "IAM policy documents": [
    ["action with an empty name", stmt({ Action: "s3:" }), `${P0}.Action`, /"s3:" is not an IAM action/],
    ["action with a space", stmt({ Action: "s3 GetObject" }), `${P0}.Action`, /"s3 GetObject" is not an IAM action/],
    ["one bad action in a list", stmt({ Action: ["s3:GetObject", "PutObject"] }), `${P0}.Action`, /"PutObject" is not an IAM action/],
    ["resource with too few ARN parts", stmt({ Resource: "arn:aws:s3" }), `${P0}.Resource`, /"arn:aws:s3" is neither \* nor an ARN/],
    ["resource that is a bucket URL", stmt({ Resource: "s3://bucket/key" }), `${P0}.Resource`, /neither \* nor an ARN/],
    [
      "condition operator with a misspelt set prefix",
      stmt({ Condition: { "ForAllValue:StringLike": { "aws:TagKeys": "team*" } } }),
      `${P0}.Condition`,
      /"ForAllValue:StringLike" is not an IAM condition operator/,
    ],
    [
      "condition operator in lower case",
      stmt({ Condition: { stringequals: { "aws:RequestedRegion": "eu-west-1" } } }),
      `${P0}.Condition`,
      /"stringequals" is not an IAM condition operator/,
    ],
    [
      "a second statement's bad resource",
      {
        agents: {
          templates: [
            {
              label: "t",
              taskPolicy: {
                Statement: [
                  { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
                  { Effect: "Allow", Action: "sqs:SendMessage", Resource: "queue" },
                ],
              },
            },
          ],
        },
      },
      "agents.templates.0.taskPolicy.Statement.1.Resource",
      /"queue" is neither/,
    ],
    [
      "the second template's document over the size",
      {
        agents: {
          templates: [
            { label: "a" },
            {
              label: "b",
              taskPolicy: {
                Statement: Array.from({ length: 120 }, (_, i) => ({
                  Effect: "Allow",
                  Action: "s3:GetObject",
                  Resource: `arn:aws:s3:::bucket-number-${i}/some/long/prefix/*`,
                })),
              },
            },
          ],
        },
      },
      "agents.templates.1.taskPolicy",
      /IAM allows 10240/,
    ],
  ],
  tags: [
    ["tag key aws: in lower case", { tags: { "aws:team": "x" } }, "tags", /not starting with aws: in any case/],
    ["tag key Aws: in mixed case", { tags: { "Aws:team": "x" } }, "tags", /not starting with aws: in any case/],
    ["tag key of 129 characters", { tags: { ["k".repeat(129)]: "x" } }, "tags", /must be 1-128/],
    ["empty tag key", { tags: { "": "x" } }, "tags", /key "" must be 1-128/],
    ["tag key with *", { tags: { "team*": "x" } }, "tags", /key "team\*"/],
    ["tag key with a comma", { tags: { "a,b": "x" } }, "tags", /key "a,b"/],
    ["tag value with ;", { tags: { Team: "a;b" } }, "tags.Team", /what IAM, SNS and ECS tagging accept/],
    ["tag value with a new line", { tags: { Team: "a\nb" } }, "tags.Team", /what IAM, SNS and ECS tagging accept/],
    ["tag value with an emoji", { tags: { Team: "ci 🚀" } }, "tags.Team", /what IAM, SNS and ECS tagging accept/],
    ["tag value with #", { tags: { Team: "#1" } }, "tags.Team", /what IAM, SNS and ECS tagging accept/],
    [
      "46 tags (the example's 2 and 44 more: 51 on a resource)",
      { tags: Object.fromEntries(Array.from({ length: 44 }, (_, i) => [`T${i}`, "v"])) },
      "tags",
      /46 tags are too many.*51; AWS allows 50 \(so at most 45/,
    ],
    [
      "tag key managedby, a case variant of ManagedBy",
      { tags: { managedby: "me" } },
      "tags",
      /"managedby" differs from the stacks' own ManagedBy only in case; IAM/,
    ],
    ["tag key STACK, a case variant of Stack", { tags: { STACK: "me" } }, "tags", /"STACK" differs from the stacks' own Stack only in case/],
    ["tag key tier, a case variant of Tier", { tags: { tier: "web" } }, "tags", /"tier" differs from the stacks' own Tier only in case/],
    [
      "two tag keys that differ only in case",
      { tags: { Team: "a", team: "b" } },
      "tags",
      /tag keys "Team" and "team" differ only in case; IAM treats tag keys case-insensitively/,
    ],
  ],
  "names AWS reserves or forbids": [
    ["state bucket with reserved prefix xn--", { state: { bucketName: "xn--jenkins-state" } }, "state.bucketName", /xn--/],
    ["state bucket with reserved prefix sthree-", { state: { bucketName: "sthree-jenkins-state" } }, "state.bucketName", /sthree-/],
    ["state bucket in upper case", { state: { bucketName: "Jenkins-State" } }, "state.bucketName", /lower-case/],
    ["state bucket of 2 characters", { state: { bucketName: "ab" } }, "state.bucketName", /3-63/],
    ["state bucket of 64 characters", { state: { bucketName: "a".repeat(64) } }, "state.bucketName", /3-63/],
    [
      "state bucket ending with -",
      { state: { bucketName: "jenkins-state-" } },
      "state.bucketName",
      /ending with a letter or digit|must end with a letter or digit/,
    ],
    ["state bucket with -.", { state: { bucketName: "jenkins-.state" } }, "state.bucketName", /'-\.'|period next to a hyphen/],
    ["state bucket with an underscore", { state: { bucketName: "jenkins_state" } }, "state.bucketName", /lower-case letters, digits/],
    ["access log bucket shaped like an IP address", { state: { accessLogBucket: "10.1.2.3" } }, "state.accessLogBucket", /IP/],
    ["access log bucket with suffix -s3alias", { state: { accessLogBucket: "logs-s3alias" } }, "state.accessLogBucket", /-s3alias/],
    ["ALB log bucket with suffix .mrap", { loadBalancer: { accessLogsBucket: "alb-logs.mrap" } }, "loadBalancer.accessLogsBucket", /\.mrap/],
    ["ALB log bucket with prefix sthree-", { loadBalancer: { accessLogsBucket: "sthree-alb-logs" } }, "loadBalancer.accessLogsBucket", /sthree-/],
    ["lock table name of 2 characters", { state: { lockTableName: "ab" } }, "state.lockTableName", /3-255/],
    ["lock table name of 256 characters", { state: { lockTableName: "t".repeat(256) } }, "state.lockTableName", /3-255/],
    ["lock table name with a /", { state: { lockTableName: "jenkins/locks" } }, "state.lockTableName", /3-255|letters, digits and _\.-/],
    ["SSM name starting with ssm", ssmName("ssm-jenkins"), "controller.adminPassword.parameterName", /aws or ssm/],
    ["SSM name starting with /aws/", ssmName("/aws/jenkins"), "controller.adminPassword.parameterName", /aws or ssm/],
    ["SSM name starting with /AwS", ssmName("/AwSjenkins/pw"), "controller.adminPassword.parameterName", /aws or ssm/],
    ["SSM name with an empty level", ssmName("/jenkins//pw"), "controller.adminPassword.parameterName", /SSM parameter name|'\/\/'/],
    ["SSM name with a space", ssmName("/jenkins/admin pw"), "controller.adminPassword.parameterName", /SSM parameter name|letters, digits/],
    ["SSM name of 1012 characters", ssmName(`/${"p".repeat(1011)}`), "controller.adminPassword.parameterName", /SSM parameter name|1-1000|1011/],
    ["Cloud Map namespace in upper case", { serviceDiscovery: { namespace: "Jenkins.Internal" } }, "serviceDiscovery.namespace", /DNS name/],
    ["Cloud Map namespace with an empty label", { serviceDiscovery: { namespace: "jenkins..internal" } }, "serviceDiscovery.namespace", /DNS name/],
    ["Cloud Map namespace with a label starting with -", { serviceDiscovery: { namespace: "-jenkins.internal" } }, "serviceDiscovery.namespace", /DNS name/],
    ["Cloud Map namespace with an underscore", { serviceDiscovery: { namespace: "jenkins_ci.internal" } }, "serviceDiscovery.namespace", /DNS name/],
    ["namePrefix ending with -", { namePrefix: "jenkins-" }, "namePrefix", /must be 2-16 lower-case letters/],
    ["namePrefix of 17 characters", { namePrefix: "j".repeat(17) }, "namePrefix", /must be 2-16/],
    ["namePrefix xn-- (ALB and bucket prefix)", { namePrefix: "xn--jenkins" }, "namePrefix", /xn--/],
  ],
  "backup schedules": [
    ["rate expression", cron("rate(1 hour)"), "backup.schedule", /must look like cron\(minutes hours/],
    ["five fields", cron("cron(0 0 * * ?)"), "backup.schedule", /must look like cron/],
    ["both day fields set", cron("cron(0 0 * * MON *)"), "backup.schedule", /one of day-of-month and day-of-week must be '\?'/],
    ["both day fields ?", cron("cron(0 0 ? * ? *)"), "backup.schedule", /only one of day-of-month and day-of-week/],
    ["minute 60", cron("cron(60 0 * * ? *)"), "backup.schedule", /minutes must be/],
    ["two minutes in an hour", cron("cron(0,30 * * * ? *)"), "backup.schedule", /at most one backup an hour/],
    ["a minute range", cron("cron(0-5 3 * * ? *)"), "backup.schedule", /at most one backup an hour/],
    ["an hour range to 24", cron("cron(0 0-24 * * ? *)"), "backup.schedule", /hours must be 0-23/],
    ["an hour step of 0", cron("cron(0 */0 * * ? *)"), "backup.schedule", /hours must be 0-23/],
    ["day of month 0", cron("cron(0 5 0 * ? *)"), "backup.schedule", /day-of-month must be 1-31/],
    ["day of month 32W", cron("cron(0 5 32W * ? *)"), "backup.schedule", /day-of-month must be 1-31/],
    ["month 0", cron("cron(0 5 1 0 ? *)"), "backup.schedule", /month must be 1-12/],
    ["month range to FOO", cron("cron(0 5 1 JAN-FOO ? *)"), "backup.schedule", /month must be 1-12 or JAN-DEC/],
    ["day of week 0", cron("cron(0 5 ? * 0 *)"), "backup.schedule", /day-of-week must be 1-7/],
    ["sixth Monday", cron("cron(0 5 ? * 2#6 *)"), "backup.schedule", /day-of-week must be 1-7/],
    ["day of week name FUN", cron("cron(0 5 ? * FUN *)"), "backup.schedule", /day-of-week must be 1-7 or SUN-SAT/],
    ["year 2200", cron("cron(0 5 1 * ? 2200)"), "backup.schedule", /year must be 1970-2199/],
    ["additional rule: hour 25", rule({ schedule: "cron(0 25 1 * ? *)" }), "backup.additionalRules.0.schedule", /hours must be 0-23/],
    ["additional rule: day of month 32", rule({ schedule: "cron(0 3 32 * ? *)" }), "backup.additionalRules.0.schedule", /day-of-month must be 1-31/],
    ["additional rule: month 13", rule({ schedule: "cron(0 3 1 13 ? *)" }), "backup.additionalRules.0.schedule", /month must be 1-12/],
    ["additional rule: day of week 8", rule({ schedule: "cron(0 3 ? * 8 *)" }), "backup.additionalRules.0.schedule", /day-of-week must be 1-7/],
    ["additional rule: year 1969", rule({ schedule: "cron(0 3 1 * ? 1969)" }), "backup.additionalRules.0.schedule", /year must be 1970-2199/],
    ["additional rule: not a cron", rule({ schedule: "every day" }), "backup.additionalRules.0.schedule", /must look like cron/],
    [
      "additional rule: cold storage without 90 days",
      rule({ coldStorageAfterDays: 30, deleteAfterDays: 100 }),
      "backup.additionalRules.0.deleteAfterDays",
      /at least coldStorageAfterDays \+ 90 = 120/,
    ],
    ["additional rule named daily", rule({ name: "daily" }), "backup.additionalRules.0.name", /"daily" is used twice/],
    [
      "default rule below the vault lock",
      { backup: { deleteAfterDays: 120, vaultLock: { enabled: true, minRetentionDays: 180, maxRetentionDays: 400 } } },
      "backup.deleteAfterDays",
      /120 days lies outside the vault lock's retention 180-400 days/,
    ],
    [
      "default rule above the vault lock",
      { backup: { vaultLock: { enabled: true, minRetentionDays: 7, maxRetentionDays: 100 } } },
      "backup.deleteAfterDays",
      /120 days lies outside the vault lock's retention 7-100 days/,
    ],
    [
      "vault lock minimum above its maximum",
      { backup: { vaultLock: { enabled: true, minRetentionDays: 400, maxRetentionDays: 200 } } },
      "backup.vaultLock.minRetentionDays",
      /must not exceed maxRetentionDays/,
    ],
    [
      "second additional rule below the vault lock",
      {
        backup: {
          vaultLock: { enabled: true, minRetentionDays: 30, maxRetentionDays: 400 },
          additionalRules: [
            { name: "a", schedule: "cron(0 3 1 * ? *)", deleteAfterDays: 365 },
            { name: "b", schedule: "cron(0 4 ? * MON *)", deleteAfterDays: 14 },
          ],
        },
      },
      "backup.additionalRules.1.deleteAfterDays",
      /14 days lies outside the vault lock's retention 30-400 days.*rule "b"/,
    ],
  ],
  "regions and ARNs": [
    ["region in upper case", { region: "EU-WEST-1" }, "region", /must be an AWS region like eu-west-1/],
    ["GovCloud region that does not exist", { region: "us-gov-east-3" }, "region", /"us-gov-east-3" is not an AWS region; known regions starting with us-/],
    ["China region that does not exist", { region: "cn-south-1" }, "region", /"cn-south-1" is not an AWS region.*cn-north-1, cn-northwest-1/],
    [
      "certificate of another region",
      { loadBalancer: { certificateArn: CERT("eu-west-2") } },
      "loadBalancer.certificateArn",
      /must be in the stack's region eu-west-1/,
    ],
    [
      "certificate of another account",
      { loadBalancer: { certificateArn: CERT("eu-west-1", "210987654321") } },
      "loadBalancer.certificateArn",
      /belongs to another account than accountId 123456789012/,
    ],
    [
      "aws certificate in GovCloud",
      { ...gov, loadBalancer: { certificateArn: CERT("us-gov-west-1") } },
      "loadBalancer.certificateArn",
      /partition aws, but region us-gov-west-1 is in partition aws-us-gov/,
    ],
    [
      "aws-cn certificate in eu-west-1",
      { loadBalancer: { certificateArn: CERT("eu-west-1", "123456789012", "aws-cn") } },
      "loadBalancer.certificateArn",
      /partition aws-cn, but region eu-west-1 is in partition aws/,
    ],
    [
      "SQS queue of aws in China",
      { ...cn, alerts: { sqsQueueArns: ["arn:aws:sqs:cn-north-1:123456789012:q"] } },
      "alerts.sqsQueueArns.0",
      /partition aws, but region cn-north-1 is in partition aws-cn/,
    ],
    [
      "second SQS queue of another partition",
      { alerts: { sqsQueueArns: ["arn:aws:sqs:eu-west-1:123456789012:a", "arn:aws-cn:sqs:eu-west-1:123456789012:b"] } },
      "alerts.sqsQueueArns.1",
      /partition aws-cn/,
    ],
    [
      "KMS key of another partition",
      { credentials: { secretsManager: { kmsKeyArns: [KMS("aws-us-gov")] } } },
      "credentials.secretsManager.kmsKeyArns.0",
      /partition aws-us-gov, but region eu-west-1 is in partition aws/,
    ],
    [
      "aws KMS key in China",
      { ...cn, credentials: { secretsManager: { kmsKeyArns: [KMS("aws", "cn-north-1")] } } },
      "credentials.secretsManager.kmsKeyArns.0",
      /partition aws, but region cn-north-1/,
    ],
    [
      "pull-through-cache credential of another partition",
      {
        agentImages: {
          source: "pull-through-cache",
          pullThroughCache: { credentialArn: "arn:aws-cn:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf" },
        },
      },
      "agentImages.pullThroughCache.credentialArn",
      /partition aws-cn, but region eu-west-1 is in partition aws/,
    ],
    [
      "policy condition value ARN of another partition",
      stmt({ Condition: { ArnEquals: { "aws:SourceArn": "arn:aws-us-gov:sns:eu-west-1:123456789012:t" } } }),
      `${P0}.Condition.ArnEquals.aws:SourceArn`,
      /partition aws-us-gov/,
    ],
    [
      "policy resource list with one ARN of another partition",
      stmt({ Resource: ["arn:aws:s3:::b/*", "arn:aws-cn:s3:::c/*"] }),
      `${P0}.Resource`,
      /"arn:aws-cn:s3:::c\/\*" is an ARN of partition aws-cn/,
    ],
  ],
};

const h = validationHarness();
const count = Object.values(CASES).reduce((n, c) => n + c.length, 0);

test("the audit table has its cases", () => {
  expect(count).toBeGreaterThanOrEqual(110);
});

describe.each(Object.keys(CASES))("rejected: %s", (cls) => {
  test.each(CASES[cls])("%s", (name, overrides, field, message) => {
    h.expectRejected(h.runWith(name, overrides), field, message);
  });
});

/** Inputs exactly at a limit: accepted by the loader, no problem reported. */
const ACCEPTED: Array<[string, Record<string, unknown>]> = [
  ["a GovCloud region with its own partition's ARNs", { ...gov, credentials: { secretsManager: { kmsKeyArns: [KMS("aws-us-gov", "us-gov-west-1")] } } }],
  ["a China region with its own partition's ARNs", { ...cn, alerts: { sqsQueueArns: ["arn:aws-cn:sqs:cn-north-1:123456789012:q"] } }],
  ["hourly backups (the most frequent AWS Backup allows)", cron("cron(0 * * * ? *)")],
  ["hourly backups written as a step", cron("cron(15 0/1 * * ? *)")],
  ["the last day of the month at 23:59", cron("cron(59 23 L * ? *)")],
  [
    "weekdays by name, nearest weekday and nth weekday",
    {
      backup: {
        schedule: "cron(0 5 ? * MON-FRI *)",
        additionalRules: [
          { name: "w", schedule: "cron(0 5 15W * ? *)", deleteAfterDays: 30 },
          { name: "n", schedule: "cron(0 5 ? * 2#1 2199)", deleteAfterDays: 30 },
        ],
      },
    },
  ],
  ["deletion exactly cold storage + 90", rule({ coldStorageAfterDays: 30, deleteAfterDays: 120 })],
  [
    "every rule exactly at the vault lock's bounds",
    {
      backup: {
        deleteAfterDays: 120,
        vaultLock: { enabled: true, minRetentionDays: 30, maxRetentionDays: 120 },
        additionalRules: [{ name: "m", schedule: "cron(0 3 1 * ? *)", deleteAfterDays: 30 }],
      },
    },
  ],
  ["a 16-character namePrefix", { namePrefix: "abcdefghijklmnop" }],
  ["a 63-character state bucket", { state: { bucketName: "b".repeat(63) } }],
  ["a 253-character Cloud Map namespace", { serviceDiscovery: { namespace: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}` } }],
  ["an SSM hierarchy of 15 levels", ssmName("/a".repeat(15))],
  [
    "45 tags (the example's 2 and 43 more: 50 on a resource with the stacks' own five)",
    { tags: Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`T${i}`, "v"])) },
  ],
  ["a 128-character tag key and a 256-character value", { tags: { ["k".repeat(128)]: "v".repeat(256) } }],
  ["an empty tag value and Unicode letters", { tags: { Équipe: "", Données: "équipe plateforme" } }],
  [
    "exactly 30 allowed CIDRs (60 inbound rules, the default quota)",
    { loadBalancer: { allowedCidrs: Array.from({ length: 30 }, (_, i) => `10.${i}.0.0/16`) } },
  ],
  ["a /16 and a /24 VPC bound", { network: { cidr: "10.0.0.0/16" } }],
  ["a /23 VPC (27-bit public subnets, the ALB's minimum)", { network: { cidr: "10.0.0.0/23" }, agents: { maxAgents: 20 } }],
  [
    "condition operators with IfExists and set prefixes",
    stmt({
      Condition: {
        StringEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" },
        "ForAnyValue:StringLike": { "aws:TagKeys": "team*" },
        Bool: { "aws:SecureTransport": "true" },
      },
    }),
  ],
  ["a policy resource with an IAM policy variable", stmt({ Resource: "arn:${aws:partition}:s3:::b/*" })],
];

test.each(ACCEPTED)("accepted at the limit: %s", (_name, overrides) => {
  expect(validateConfig(inputWith(overrides)).problems).toEqual([]);
});

/** "Reject, or warn": a user tag the stacks overwrite is accepted with a warning naming it. */
const WARNED: Array<[string, Record<string, string>, RegExp]> = [
  [
    "NamePrefix (a default tag on every resource)",
    { NamePrefix: "x" },
    /^tags\.NamePrefix: is overwritten: the stacks set NamePrefix themselves on every resource, so your value never applies/,
  ],
  ["ManagedBy", { ManagedBy: "me" }, /^tags\.ManagedBy: is overwritten/],
  ["Stack", { Stack: "x" }, /^tags\.Stack: is overwritten/],
  [
    "Name (set on the resources the stacks name)",
    { Name: "ci" },
    /^tags\.Name: is overwritten: the stacks set Name themselves on the resources it names .*applies only to the other resources/,
  ],
  ["Tier", { Tier: "web" }, /^tags\.Tier: is overwritten/],
];

test.each(WARNED)("warned, not rejected: user tag %s", (_name, tags, message) => {
  const v = validateConfig(inputWith({ tags }));
  expect(v.problems).toEqual([]);
  expect(v.warnings).toEqual([expect.stringMatching(message)]);
});

/** Settings without effect in the chosen mode: accepted, with a warning naming each. */
const IGNORED: Array<[string, Record<string, unknown>, RegExp]> = [
  ["S3 backend locking with the local backend", { backend: { type: "local", locking: "dynamodb" } }, /^backend\.locking: is ignored with backend\.type local/],
  [
    "a DNS record switched off",
    { loadBalancer: { dns: { hostname: "ci.example.com", zoneId: "Z0123456789ABCDEFGHIJ", createRecord: false } } },
    /^loadBalancer\.dns\.createRecord: is false: no record is created for ci\.example\.com/,
  ],
  [
    "a base image with a prebuilt image",
    { image: { mode: "prebuilt", uri: "jenkins/jenkins:lts", baseImage: "jenkins/jenkins:2.480" } },
    /^image\.baseImage: is ignored with image\.mode prebuilt/,
  ],
  [
    "vault lock bounds with the lock off",
    { backup: { vaultLock: { minRetentionDays: 30 } } },
    /^backup\.vaultLock\.minRetentionDays: is ignored with backup\.vaultLock\.enabled false/,
  ],
  [
    "a burst-credit alarm without bursting throughput",
    { alerts: { efsBurstCreditBalanceBytes: 1000 } },
    /^alerts\.efsBurstCreditBalanceBytes: is ignored with storage\.throughputMode elastic/,
  ],
  [
    "flow log retention with flow logs off",
    { network: { flowLogs: false, flowLogRetentionDays: 30 } },
    /^network\.flowLogRetentionDays: is ignored with network\.flowLogs false/,
  ],
];

test.each(IGNORED)("warned, not rejected: %s", (_name, overrides, message) => {
  const v = validateConfig(inputWith(overrides));
  expect(v.problems).toEqual([]);
  expect(v.warnings).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
});

test("a reserved tag's warning reaches the user through run(), and the synth goes on", () => {
  const r = h.runWith("reserved tag warning", { tags: { NamePrefix: "x" } });
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/Warnings for .*\n {2}- tags\.NamePrefix: is overwritten/);
  h.resnap();
});
