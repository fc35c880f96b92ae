/**
 * The one configuration schema of the project. Everything a user sets lives here, with its
 * default and description. From it come: the TypeScript types (`JenkinsConfig`), the editor
 * JSON Schema (`vars.schema.json`), the field table of docs/configuration.md and the registry module's
 * variable validations.
 */
import { z } from "zod";
import { FARGATE_CPU_VALUES } from "./fargate-sizes";
// ---- issue 14: the cross-field step and AWS rules live in lib/config/rules/ (one line here).
import { AWS_CRON, awsCronProblem } from "./rules/backup-schedule";
import { ruleIssues } from "./rules";
import { AuthSchema } from "./auth";
import { CredentialsSchema } from "./credentials";
import { JobsSchema } from "./jobs";
export { awsCronProblem };
import { AgentImageBuildSchema, AgentImagesSchema } from "./agent-images";
import { VpcEndpointsSchema } from "./vpc-endpoints";

// ---------------------------------------------------------------- reusable field types

const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn)-(gov-)?(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$/;
const BUCKET = /^(?!xn--)(?!sthree-)(?!amzn-s3-demo-)(?!.*\.\.)(?!.*\.-)(?!.*-\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!.*\.mrap$)(?!.*--x-s3$)(?!.*--table-s3$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** What BUCKET requires, for messages. */
const BUCKET_RULES =
  "3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit; no '..', '.-' or '-.'; not IP-shaped; not starting with xn--, sthree- or amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (S3 bucket naming rules)";
const DDB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const ACM_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const SQS_ARN = /^arn:aws(-cn|-us-gov)?:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
// The length limit is a lookahead of two repeats: Terraform's RE2 (the module's validations) allows at most 1000 per repeat.
const SSM_NAME = /^(?!.{1000}.{12})(?!\/?[aA][wW][sS])(?!\/?[sS][sS][mM])(?![^/]+\/)(?!.*\/$)(?!.*\/\/)(?!(\/[^/]+){16})\/?[a-zA-Z0-9_.\-/]+$/;
const LABEL = /^[a-z0-9][a-z0-9_-]{0,30}$/;
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

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

// ---------------------------------------------------------------- sections

const StateSchema = z
  .object({
    bucketName: z
      .string()
      .regex(BUCKET, `must be a valid S3 bucket name: ${BUCKET_RULES}`)
      .describe("Name of the S3 bucket that holds Terraform state (created by the `state` stack). Globally unique."),
    lockTableName: z
      .string()
      .regex(DDB_TABLE, "must be 3-255 characters of letters, digits, '_', '-' and '.'")
      .optional()
      .describe("Name of the DynamoDB table used for state locking (hash key `LockID`). Unset: `<namePrefix>-terraform-state-locks`."),
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
      .regex(BUCKET, `must be a valid S3 bucket name: ${BUCKET_RULES}`)
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
      .regex(SSM_NAME, "must be an SSM parameter name (PutParameter rules): 1-1000 letters, digits and _.-/; a hierarchy (with '/') starts with '/', has at most 15 levels, no empty level and no trailing '/'; not starting with aws or ssm in any case")
      .optional()
      .describe("SSM Parameter Store SecureString holding the admin password. Unset: `<namePrefix>-pwd`."),
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
      .regex(BUCKET, `must be a valid S3 bucket name: ${BUCKET_RULES}`)
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

// ---------------------------------------------------------------- root

export const ConfigObjectSchema = z
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
      .record(
        z.string().regex(/^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws: in any case"),
        z.string().max(256).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "must be at most 256 letters, digits, spaces and _.:/=+-@ (what IAM, SNS and ECS tagging accept)"),
      )
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
          .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS name like jenkins.internal: at most 253 characters, labels of 1-63 lower-case letters, digits and inner '-'")
          .optional()
          .describe("Cloud Map private DNS namespace; agents reach the controller at `jenkins.<namespace>`. Unset: `<namePrefix>.internal`, so two installations never share one."),
      })
      .strict()
      .prefault({})
      .describe("Cloud Map service discovery for the agents' tunnel."),
    agents: AgentsSchema.prefault({}),
    image: ImageSchema.prefault({}),
    alerts: AlertsSchema.prefault({}),
    backup: BackupSchema.prefault({}),
    // Team setup (issue 18): lib/config/{auth,credentials,jobs}.ts.
    auth: AuthSchema.prefault({}),
    credentials: CredentialsSchema.prefault({}),
    jobs: JobsSchema.prefault({}),
    // Agents at scale (issue 13): lib/config/{agent-images,vpc-endpoints}.ts.
    agentImages: AgentImagesSchema.prefault({}),
    vpcEndpoints: VpcEndpointsSchema.prefault({}),
  })
  .strict()
  .strict();

/** The schema with the cross-field step (lib/config/rules/index.ts); what load-config.ts uses runs the same rules itself. */
export const ConfigSchema = ConfigObjectSchema.superRefine((c, ctx) => {
  for (const i of ruleIssues(c as JenkinsConfig)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
});

/** The configuration as the user writes it (defaults optional). */
export type JenkinsConfigInput = z.input<typeof ConfigSchema>;
/**
 * The validated configuration with every default filled in, including the names whose default
 * derives from `namePrefix` (filled in by lib/config/rules/aws-names.ts `withDerivedDefaults`).
 */
export type JenkinsConfig = z.output<typeof ConfigObjectSchema> & {
  state: { lockTableName: string };
  controller: { adminPassword: { parameterName: string } };
  serviceDiscovery: { namespace: string };
};
/** One agent template after validation. */
export type AgentTemplateConfig = JenkinsConfig["agents"]["templates"][number];
