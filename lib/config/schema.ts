/**
 * The one configuration schema of the project. Everything a user sets lives here, with its
 * default and description. From it come: the TypeScript types (`JenkinsConfig`), the editor
 * JSON Schema (`vars.schema.json`), the README field table and the registry module's
 * variable validations.
 */
import { z } from "zod";
import { FARGATE_CPU_VALUES, describeFargateMemory, isValidFargateSize } from "./fargate-sizes";
import { AgentImageBuildSchema, AgentImagesSchema, agentImagesIssues } from "./agent-images";
import { VpcEndpointsSchema, vpcEndpointsIssues } from "./vpc-endpoints";

// ---------------------------------------------------------------- reusable field types

const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-(gov-)?(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$/;
const BUCKET = /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const DDB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const ACM_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const SQS_ARN = /^arn:aws(-cn|-us-gov)?:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const SSM_NAME = /^\/?[a-zA-Z0-9_.\-/]{1,1000}$/;
const LABEL = /^[a-z0-9][a-z0-9_-]{0,30}$/;
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
/** AWS cron expression with six fields: minutes hours day-of-month month day-of-week year. */
const AWS_CRON = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\)$/;

/** The pattern sources, exported so the registry module can reuse them in validation blocks. */
export const PATTERNS = { REGION, BUCKET, DDB_TABLE, CIDR, EMAIL, ACM_ARN, SQS_ARN, SSM_NAME, LABEL, IMAGE, AWS_CRON };

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const logRetention = (def: number) =>
  z
    .union(LOG_RETENTION_DAYS.map((d) => z.literal(d)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>])
    .default(def)
    .describe(`CloudWatch Logs retention in days; one of ${LOG_RETENTION_DAYS.join(", ")}.`);

const cpuUnits = (def: number, what: string) =>
  z
    .number()
    .int()
    .refine((v) => FARGATE_CPU_VALUES.includes(v), { message: `must be one of ${FARGATE_CPU_VALUES.join(", ")} CPU units` })
    .default(def)
    .describe(`${what} CPU units (1024 = 1 vCPU); a Fargate task size.`);

/** Validates an AWS Backup / EventBridge style cron expression; returns a reason or undefined. */
export function awsCronProblem(value: string): string | undefined {
  const m = AWS_CRON.exec(value);
  if (!m) return "must look like cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 0 * * ? *)";
  const [, min, hour, dom, , dow] = m;
  if (dom !== "?" && dow !== "?") return "one of day-of-month and day-of-week must be '?'";
  if (dom === "?" && dow === "?") return "only one of day-of-month and day-of-week may be '?'";
  if (!/^([0-5]?\d)([,/-][0-5]?\d)*$|^\*$/.test(min) && !/^\*\/\d+$/.test(min)) return "minutes must be 0-59";
  if (!/^(1?\d|2[0-3])([,/-](1?\d|2[0-3]))*$|^\*$/.test(hour) && !/^\*\/\d+$/.test(hour)) return "hours must be 0-23";
  return undefined;
}

// ---------------------------------------------------------------- sections

const StateSchema = z
  .object({
    bucketName: z
      .string()
      .regex(BUCKET, "must be a valid S3 bucket name: 3-63 characters, lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit")
      .describe("Name of the S3 bucket that holds Terraform state (created by the `state` stack). Globally unique."),
    lockTableName: z
      .string()
      .regex(DDB_TABLE, "must be 3-255 characters of letters, digits, '_', '-' and '.'")
      .default("terraform-state-locks")
      .describe("Name of the DynamoDB table used for state locking (hash key `LockID`)."),
    encryption: z
      .enum(["aws:kms", "AES256"])
      .default("aws:kms")
      .describe("Server-side encryption of the state bucket: `aws:kms` (a customer-managed key with rotation, created by the stack) or `AES256` (S3-managed keys)."),
    noncurrentVersionExpirationDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe("Days after which non-current versions of state objects are deleted."),
    accessLogBucket: z
      .string()
      .regex(BUCKET, "must be a valid S3 bucket name")
      .optional()
      .describe("Existing bucket that receives S3 server access logs of the state bucket. Unset: access logging off."),
    ownStateInBucket: z
      .boolean()
      .default(false)
      .describe("Keep the `state` stack's own state in its bucket (key `bootstrap/terraform.tfstate`) instead of the local `terraform.state.tfstate`. Turn on after the first deploy, then run `npm run state:migrate`."),
    forceDestroy: z
      .boolean()
      .default(false)
      .describe("Allow `destroy` to delete a state bucket that still holds objects. Off: destroy refuses while state exists; turn on only to tear everything down."),
  })
  .strict()
  .describe("The state bootstrap stack (`state`): S3 bucket and DynamoDB lock table.");

const BackendSchema = z
  .object({
    type: z
      .enum(["local", "s3"])
      .default("local")
      .describe("Backend of the `jenkins` stack: `local` (a relative `terraform.jenkins.tfstate` in the project directory) or `s3` (the bucket and table of `state`)."),
    key: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[^/].*\.tfstate$/, "must be a relative object key ending in .tfstate")
      .default("jenkins/terraform.tfstate")
      .describe("Object key of the `jenkins` stack state in the state bucket."),
    locking: z
      .enum(["dynamodb", "lockfile", "both"])
      .default("dynamodb")
      .describe("State locking of the S3 backend: the DynamoDB table, S3 native lock files (`use_lockfile`, Terraform >= 1.10), or both while migrating."),
  })
  .strict()
  .describe("Where the `jenkins` stack keeps its state.");

const NetworkSchema = z
  .object({
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id like vpc-0123456789abcdef0")
      .optional()
      .describe("Bring your own VPC: its id. Unset: a new VPC is created."),
    publicSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123456789abcdef0"))
      .default([])
      .describe("Bring your own VPC: public subnets (for the ALB), at least two in different AZs. Required with `vpcId`."),
    privateSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123456789abcdef0"))
      .default([])
      .describe("Bring your own VPC: private subnets with outbound internet (controller, agents, EFS), at least two in different AZs. Required with `vpcId`."),
    cidr: z.string().regex(CIDR, "must be an IPv4 CIDR like 10.0.0.0/16").default("10.0.0.0/16").describe("New VPC: its CIDR block (a /16 to /24)."),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone name like eu-west-1a"))
      .default([])
      .describe("New VPC: the availability zones, at least two. Empty: the first two zones the account can use, read with `aws_availability_zones` at plan time."),
    natGateways: z
      .enum(["one-per-az", "single"])
      .default("one-per-az")
      .describe("New VPC: one NAT gateway per AZ (survives an AZ outage) or a single shared one (cheaper)."),
    flowLogs: z.boolean().default(true).describe("New VPC: send VPC flow logs (rejected and accepted traffic) to CloudWatch Logs."),
    flowLogRetentionDays: logRetention(90),
  })
  .strict()
  .describe("Network: bring your own VPC or create one.");

const AdminPasswordSchema = z
  .object({
    parameterName: z
      .string()
      .regex(SSM_NAME, "must be an SSM parameter name: letters, digits and _.-/")
      .default("jenkins-pwd")
      .describe("SSM Parameter Store SecureString holding the admin password."),
    create: z
      .boolean()
      .default(false)
      .describe("Create the parameter from the sensitive Terraform variable `jenkins_admin_password` (KMS-encrypted). Off: the parameter must already exist."),
  })
  .strict();

const ControllerSchema = z
  .object({
    cpu: cpuUnits(2048, "Controller task"),
    memory: z.number().int().default(4096).describe("Controller task memory in MiB; must fit the CPU value (Fargate task sizes)."),
    adminUser: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'").default("ecsuser").describe("Jenkins admin user name."),
    adminPassword: AdminPasswordSchema.prefault({}).describe("Admin password source."),
    javaOpts: z
      .string()
      .default("-XX:MaxRAMPercentage=75.0 -Djenkins.install.runSetupWizard=false")
      .describe("JAVA_OPTS of the controller JVM."),
    numExecutors: z.number().int().min(0).max(16).default(0).describe("Executors on the controller itself; 0 runs every build on agents (recommended)."),
    ecsExec: z.boolean().default(false).describe("Enable ECS Exec (`aws ecs execute-command`) into the controller container."),
    logRetentionDays: logRetention(30),
    healthCheckGracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(2147483647)
      .default(600)
      .describe("Seconds the ECS service ignores ALB health checks after a start (Jenkins on EFS can take minutes)."),
  })
  .strict()
  .describe("The Jenkins controller ECS service.");

const StorageSchema = z
  .object({
    performanceMode: z.enum(["generalPurpose", "maxIO"]).default("generalPurpose").describe("EFS performance mode of JENKINS_HOME."),
    throughputMode: z.enum(["elastic", "bursting", "provisioned"]).default("elastic").describe("EFS throughput mode."),
    provisionedThroughputMibps: z
      .number()
      .min(1)
      .max(3414)
      .optional()
      .describe("Provisioned throughput in MiB/s; required when `throughputMode` is `provisioned`."),
    transitionToIaDays: z
      .union([z.literal(0), z.literal(1), z.literal(7), z.literal(14), z.literal(30), z.literal(60), z.literal(90), z.literal(180), z.literal(270), z.literal(365)])
      .default(30)
      .describe("Move files not read for this many days to EFS Infrequent Access; 0 turns it off."),
  })
  .strict()
  .describe("EFS file system for JENKINS_HOME.");

const DnsSchema = z
  .object({
    hostname: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case DNS name like jenkins.example.com")
      .optional()
      .describe("Public host name of Jenkins. Unset: the ALB's DNS name is the Jenkins URL."),
    zoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ")
      .optional()
      .describe("Route 53 hosted zone of `hostname`: used to create the alias record and, without `certificateArn`, to DNS-validate a new ACM certificate."),
    createRecord: z.boolean().default(true).describe("Create the Route 53 alias record for `hostname` in `zoneId`."),
  })
  .strict();

const LoadBalancerSchema = z
  .object({
    internal: z.boolean().default(false).describe("Internal ALB (private subnets only) instead of internet-facing."),
    allowedCidrs: z
      .array(z.string().regex(CIDR, "must be an IPv4 CIDR like 203.0.113.0/24"))
      .min(1)
      .default(["0.0.0.0/0"])
      .describe("CIDRs allowed to reach the ALB on 80/443. Narrow it to your offices/VPN where you can."),
    certificateArn: z
      .string()
      .regex(ACM_ARN, "must be an ACM certificate ARN like arn:aws:acm:eu-west-1:123456789012:certificate/<id>")
      .optional()
      .describe("Bring your own ACM certificate. Unset: one is created for `dns.hostname` and validated in `dns.zoneId`."),
    dns: DnsSchema.prefault({}).describe("Host name, hosted zone and alias record."),
    sslPolicy: z
      .enum(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"])
      .default("ELBSecurityPolicy-TLS13-1-2-2021-06")
      .describe("TLS policy of the HTTPS listener (TLS 1.2+ with TLS 1.3)."),
    deletionProtection: z.boolean().default(true).describe("ALB deletion protection. Turn off before `destroy`."),
    accessLogsBucket: z
      .string()
      .regex(BUCKET, "must be a valid S3 bucket name")
      .optional()
      .describe("Existing bucket (with the ELB log-delivery policy) for ALB access logs. Unset: access logs off."),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe("ALB idle timeout in seconds."),
  })
  .strict()
  .describe("Application Load Balancer in front of the controller.");

const AgentTemplateSchema = z
  .object({
    label: z
      .string()
      .regex(LABEL, "must be 1-31 lower-case letters, digits, '_' or '-', starting with a letter or digit")
      .describe("Jenkins label (and template name) the jobs use: `agent { ecs { inheritFrom '<label>' } }`."),
    spot: z.boolean().default(false).describe("Run on the FARGATE_SPOT cluster (interruptible, ~70% cheaper) instead of FARGATE."),
    image: z
      .string()
      .regex(IMAGE, "must be a container image reference like jenkins/inbound-agent:<tag> or <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>")
      .optional()
      .describe("Agent image, used as given (an ECR reference is pulled with the agents' execution role). Unset: `build`, else `agents.defaultImage` as `agentImages.source` serves it."),
    build: AgentImageBuildSchema.optional(),
    cpu: cpuUnits(1024, "Agent task"),
    memory: z.number().int().default(2048).describe("Agent task memory in MiB; must fit the CPU value (Fargate task sizes)."),
    ephemeralStorageGiB: z.number().int().min(21).max(200).optional().describe("Fargate ephemeral storage in GiB (21-200). Unset: 20 GiB."),
    taskPolicy: z
      .object({
        Version: z.literal("2012-10-17").default("2012-10-17").describe("IAM policy language version."),
        Statement: z
          .array(
            z
              .object({
                Sid: z.string().regex(/^[A-Za-z0-9]*$/, "must be alphanumeric").optional().describe("Statement id."),
                Effect: z.enum(["Allow", "Deny"]).describe("Allow or Deny."),
                Action: z.union([z.string(), z.array(z.string()).min(1)]).describe("IAM action(s), e.g. s3:GetObject."),
                Resource: z.union([z.string(), z.array(z.string()).min(1)]).describe("Resource ARN(s)."),
                Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))).optional().describe("IAM condition block."),
              })
              .strict(),
          )
          .min(1)
          .describe("Policy statements."),
      })
      .strict()
      .optional()
      .describe("IAM policy document of this template's own task role (what builds on it may do in AWS). Unset: the agent gets no task role and no AWS permissions."),
  })
  .strict();

const AgentsSchema = z
  .object({
    spotCluster: z.boolean().default(true).describe("Create the FARGATE_SPOT agent cluster and its `fargate-spot` cloud."),
    defaultImage: z
      .string()
      .regex(IMAGE, "must be a container image reference")
      .default("jenkins/inbound-agent:3355.v388858a_47b_33-5-jdk21")
      .describe("Image of templates that set none (a pinned `jenkins/inbound-agent`), served from the stack's ECR as `agentImages.source` says."),
    maxAgents: z.number().int().min(1).max(500).default(10).describe("Most agents each cloud runs at once."),
    retentionTimeoutMinutes: z.number().int().min(1).max(1440).default(5).describe("Minutes an idle agent is kept before it is stopped."),
    agentStartTimeoutSeconds: z
      .number()
      .int()
      .min(60)
      .max(3600)
      .default(300)
      .describe("Seconds a starting agent may take to connect before it is given up (`slaveTimeoutInSeconds`)."),
    logRetentionDays: logRetention(14),
    templates: z
      .array(AgentTemplateSchema)
      .min(1)
      .default([
        { label: "build-example", spot: false, cpu: 1024, memory: 2048 },
        { label: "build-example-spot", spot: true, cpu: 1024, memory: 2048 },
      ])
      .describe("Agent templates; each becomes a template on the `fargate` or `fargate-spot` cloud."),
  })
  .strict()
  .describe("Build agents on the FARGATE and FARGATE_SPOT clusters.");

const ImageSchema = z
  .object({
    mode: z
      .enum(["codebuild", "local", "prebuilt"])
      .default("codebuild")
      .describe("How the controller image is built: `codebuild` (in AWS, no local Docker), `local` (docker build/push on the deploying machine), `prebuilt` (use `uri`)."),
    uri: z
      .string()
      .regex(IMAGE, "must be a container image reference")
      .optional()
      .describe("Controller image for `prebuilt` mode (must have configuration-as-code and amazon-ecs plugins)."),
    baseImage: z
      .string()
      .regex(IMAGE, "must be a container image reference")
      .default("jenkins/jenkins:2.568.2-lts-jdk21")
      .describe("Pinned Jenkins LTS base image of the generated Dockerfile."),
    extraPlugins: z
      .array(z.string().regex(/^[a-zA-Z0-9_.-]+:[A-Za-z0-9_.+-]+$/, "must be plugin-id:version, e.g. slack:761.v2a_8770f0d169"))
      .default([])
      .describe("Additional plugins (id:version) installed into the image."),
    extraDockerfileLines: z.array(z.string().regex(/^[^\n]*$/, "must be a single line")).default([]).describe("Lines appended to the generated Dockerfile (e.g. `RUN apt-get ...`)."),
    keepImages: z.number().int().min(1).max(1000).default(10).describe("Tagged images kept in ECR; older ones expire."),
  })
  .strict()
  .describe("The controller image and its ECR repository.");

const AlertsSchema = z
  .object({
    emails: z.array(z.string().regex(EMAIL, "must be an e-mail address like ops@example.com")).default([]).describe("E-mail addresses subscribed to the alerts topic (each must confirm)."),
    httpsEndpoints: z
      .array(z.string().regex(/^https:\/\/[^\s]+$/, "must be an https:// URL"))
      .default([])
      .describe("HTTPS endpoints subscribed to the alerts topic."),
    sqsQueueArns: z.array(z.string().regex(SQS_ARN, "must be an SQS queue ARN")).default([]).describe("SQS queues subscribed to the alerts topic."),
    controllerCpuPercent: z.number().min(1).max(100).default(80).describe("Alarm when controller CPU utilisation stays above this (%)."),
    controllerMemoryPercent: z.number().min(1).max(100).default(85).describe("Alarm when controller memory utilisation stays above this (%)."),
    alb5xxPerFiveMinutes: z.number().int().min(1).default(10).describe("Alarm when the ALB and target return more 5xx than this in 5 minutes."),
    efsBurstCreditBalanceBytes: z
      .number()
      .min(0)
      .default(1e12)
      .describe("Alarm when EFS burst credits fall below this many bytes (bursting throughput only)."),
    agentTaskFailures: z.boolean().default(true).describe("Alert on agent tasks that stop with a non-zero exit code or a Spot interruption."),
  })
  .strict()
  .describe("SNS alerts: subscriptions and alarm thresholds.");

const BackupSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Back up JENKINS_HOME (EFS) with AWS Backup."),
    schedule: z.string().default("cron(0 0 * * ? *)").describe("AWS Backup schedule, an AWS cron expression in UTC."),
    coldStorageAfterDays: z.number().int().min(0).default(30).describe("Days after which recovery points move to cold storage; 0 keeps them warm."),
    deleteAfterDays: z.number().int().min(1).default(120).describe("Days after which recovery points are deleted; at least cold storage + 90."),
    additionalRules: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "must be 1-50 lower-case letters, digits or '-'").describe("Rule name."),
            schedule: z.string().describe("AWS cron expression (UTC)."),
            coldStorageAfterDays: z.number().int().min(0).default(0).describe("Days to cold storage; 0 keeps warm."),
            deleteAfterDays: z.number().int().min(1).describe("Days to deletion; at least cold storage + 90."),
          })
          .strict(),
      )
      .default([])
      .describe("Extra backup rules (e.g. a monthly backup kept for a year). EFS has no continuous (point-in-time) backup, so each rule is a snapshot schedule."),
    vaultLock: z
      .object({
        enabled: z.boolean().default(false).describe("Apply an AWS Backup Vault Lock (governance mode)."),
        minRetentionDays: z.number().int().min(1).default(7).describe("Vault lock minimum retention."),
        maxRetentionDays: z.number().int().min(1).default(365).describe("Vault lock maximum retention."),
      })
      .strict()
      .prefault({})
      .describe("Backup vault lock."),
  })
  .strict()
  .describe("AWS Backup of JENKINS_HOME.");

const EmulatorSchema = z
  .object({
    enabled: z.boolean().default(false).describe("Point the provider at an AWS API emulator (moto). Never for real accounts."),
    endpoint: z.string().regex(/^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/, "must be http://127.0.0.1:<port>").default("http://127.0.0.1:5000").describe("Emulator URL."),
  })
  .strict()
  .describe("Test-only: an AWS API emulator.");

// ---------------------------------------------------------------- root

export const ConfigSchema = z
  .object({
    $schema: z.string().optional().describe("Path of the JSON Schema, for editors."),
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/, "must be 2-16 lower-case letters, digits or '-', starting with a letter (ALB and target group names allow 32 characters)")
      .default("jenkins")
      .describe("Prefix of every resource name."),
    region: z
      .string()
      .regex(REGION, "must be an AWS region like eu-west-1 or us-east-2")
      .default("eu-west-1")
      .describe("AWS region of both stacks."),
    accountId: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
      .optional()
      .describe("AWS account id. Set: used in ARNs and as the provider's `allowed_account_ids` guard. Unset: read with `aws_caller_identity`."),
    tags: z
      .record(z.string().regex(/^(?!aws:)[\w .:/=+\-@]{1,128}$/, "tag keys: 1-128 characters, not starting with aws:"), z.string().max(256))
      .default({})
      .describe("Tags on every resource (provider default_tags)."),
    state: StateSchema,
    backend: BackendSchema.prefault({}),
    network: NetworkSchema.prefault({}),
    controller: ControllerSchema.prefault({}),
    storage: StorageSchema.prefault({}),
    loadBalancer: LoadBalancerSchema.prefault({}),
    serviceDiscovery: z
      .object({
        namespace: z
          .string()
          .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS name like jenkins.internal")
          .default("jenkins.internal")
          .describe("Cloud Map private DNS namespace; agents reach the controller at `jenkins.<namespace>`."),
      })
      .strict()
      .prefault({})
      .describe("Cloud Map service discovery for the agents' tunnel."),
    agents: AgentsSchema.prefault({}),
    image: ImageSchema.prefault({}),
    alerts: AlertsSchema.prefault({}),
    backup: BackupSchema.prefault({}),
    emulator: EmulatorSchema.prefault({}),
    agentImages: AgentImagesSchema.prefault({}),
    vpcEndpoints: VpcEndpointsSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

    // Network: bring your own or create, never half of each.
    const byo = c.network.vpcId !== undefined;
    if (byo) {
      if (c.network.publicSubnetIds.length < 2)
        issue(["network", "publicSubnetIds"], "with network.vpcId, give at least two public subnet ids in different AZs");
      if (c.network.privateSubnetIds.length < 2)
        issue(["network", "privateSubnetIds"], "with network.vpcId, give at least two private subnet ids in different AZs");
      const all = [...c.network.publicSubnetIds, ...c.network.privateSubnetIds];
      if (new Set(all).size !== all.length) issue(["network", "privateSubnetIds"], "a subnet id appears twice; public and private subnets must differ");
      if (c.network.availabilityZones.length > 0)
        issue(["network", "availabilityZones"], "only for a new VPC; remove it or remove network.vpcId");
    } else {
      if (c.network.publicSubnetIds.length > 0 || c.network.privateSubnetIds.length > 0)
        issue(["network", "vpcId"], "subnet ids were given without network.vpcId; set vpcId to use your own VPC, or remove the subnet ids to create one");
      const azs = c.network.availabilityZones;
      if (azs.length === 1) issue(["network", "availabilityZones"], "give at least two availability zones (or none for the region's a and b)");
      if (new Set(azs).size !== azs.length) issue(["network", "availabilityZones"], "availability zones must be distinct");
      azs.forEach((az, i) => {
        if (!az.startsWith(c.region)) issue(["network", "availabilityZones", i], `zone ${az} is not in region ${c.region}`);
      });
      const prefix = Number(c.network.cidr.split("/")[1]);
      if (prefix < 16 || prefix > 24) issue(["network", "cidr"], "the new VPC's CIDR must be a /16 to /24");
    }

    // Fargate task sizes.
    if (!isValidFargateSize(c.controller.cpu, c.controller.memory))
      issue(["controller", "memory"], `Fargate does not accept ${c.controller.memory} MiB with ${c.controller.cpu} CPU units; allowed: ${describeFargateMemory(c.controller.cpu)}`);
    c.agents.templates.forEach((t, i) => {
      if (!isValidFargateSize(t.cpu, t.memory))
        issue(["agents", "templates", i, "memory"], `Fargate does not accept ${t.memory} MiB with ${t.cpu} CPU units; allowed: ${describeFargateMemory(t.cpu)}`);
      if (t.spot && !c.agents.spotCluster)
        issue(["agents", "templates", i, "spot"], `template "${t.label}" is spot but agents.spotCluster is false; set spotCluster to true or spot to false`);
    });
    // Agent images, and labels that are duplicates or collide once mapped to names.
    agentImagesIssues(c, issue);
    vpcEndpointsIssues(c, issue);

    // Certificate: bring one or have it created and validated in a zone.
    const dns = c.loadBalancer.dns;
    if (!c.loadBalancer.certificateArn) {
      if (!dns.hostname || !dns.zoneId)
        issue(["loadBalancer", "certificateArn"], "give an ACM certificate ARN, or set loadBalancer.dns.hostname and loadBalancer.dns.zoneId so one is created and DNS-validated");
    } else if (!c.loadBalancer.certificateArn.includes(`:acm:${c.region}:`)) {
      issue(["loadBalancer", "certificateArn"], `the certificate must be in the stack's region ${c.region}`);
    }
    if (dns.zoneId && !dns.hostname) issue(["loadBalancer", "dns", "hostname"], "a hosted zone was given without the host name to create in it");

    if (c.accountId && c.loadBalancer.certificateArn && !c.loadBalancer.certificateArn.includes(`:${c.accountId}:`))
      issue(["loadBalancer", "certificateArn"], `the certificate belongs to another account than accountId ${c.accountId}`);

    // Storage.
    if (c.storage.throughputMode === "provisioned" && c.storage.provisionedThroughputMibps === undefined)
      issue(["storage", "provisionedThroughputMibps"], "required when storage.throughputMode is provisioned");
    if (c.storage.throughputMode !== "provisioned" && c.storage.provisionedThroughputMibps !== undefined)
      issue(["storage", "provisionedThroughputMibps"], "only used with storage.throughputMode provisioned; remove it or change the mode");

    if (c.storage.performanceMode === "maxIO" && c.storage.throughputMode === "elastic")
      issue(["storage", "throughputMode"], "elastic throughput works only with performanceMode generalPurpose; use bursting or provisioned with maxIO");

    // Image.
    if (c.image.mode === "prebuilt" && !c.image.uri) issue(["image", "uri"], "required when image.mode is prebuilt");
    if (c.image.mode !== "prebuilt" && c.image.uri) issue(["image", "uri"], "only used with image.mode prebuilt; remove it or set mode to prebuilt");

    // Backup.
    const cron = awsCronProblem(c.backup.schedule);
    if (cron) issue(["backup", "schedule"], cron);
    const { coldStorageAfterDays: cold, deleteAfterDays: del } = c.backup;
    if (cold > 0 && del < cold + 90)
      issue(["backup", "deleteAfterDays"], `must be at least coldStorageAfterDays + 90 = ${cold + 90} (AWS keeps cold storage for at least 90 days)`);
    c.backup.additionalRules.forEach((r, i) => {
      const p = awsCronProblem(r.schedule);
      if (p) issue(["backup", "additionalRules", i, "schedule"], p);
      if (r.coldStorageAfterDays > 0 && r.deleteAfterDays < r.coldStorageAfterDays + 90)
        issue(["backup", "additionalRules", i, "deleteAfterDays"], `must be at least coldStorageAfterDays + 90 = ${r.coldStorageAfterDays + 90}`);
      if (r.name === "daily" || c.backup.additionalRules.findIndex((x) => x.name === r.name) !== i)
        issue(["backup", "additionalRules", i, "name"], `rule name "${r.name}" is used twice (the default rule is "daily")`);
    });
    if (c.backup.vaultLock.enabled && c.backup.vaultLock.minRetentionDays > c.backup.vaultLock.maxRetentionDays)
      issue(["backup", "vaultLock", "minRetentionDays"], "must not exceed maxRetentionDays");
    if (c.backup.vaultLock.enabled && (del < c.backup.vaultLock.minRetentionDays || del > c.backup.vaultLock.maxRetentionDays))
      issue(["backup", "deleteAfterDays"], "must lie within the vault lock's min/max retention, or the vault rejects the recovery points");

    // Names that must fit AWS limits.
    if (`${c.namePrefix}-agents-fargate-spot`.length > 255) issue(["namePrefix"], "too long");
  });

/** The configuration as the user writes it (defaults optional). */
export type JenkinsConfigInput = z.input<typeof ConfigSchema>;
/** The validated configuration with every default filled in. */
export type JenkinsConfig = z.output<typeof ConfigSchema>;
/** One agent template after validation. */
export type AgentTemplateConfig = JenkinsConfig["agents"]["templates"][number];
