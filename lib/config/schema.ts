/**
 * The one configuration schema of the project. Everything a user sets lives here or in the
 * section schema it imports (one file per section next to this one), with its default and
 * description. From it come: the TypeScript types (`JenkinsConfig`), the editor JSON Schema
 * (`vars.schema.json`), the field table of docs/configuration.md and the registry module's variable validations.
 */
import { z } from "zod";
// The cross-field step and AWS rules live in lib/config/rules/; schema-with-rules.ts attaches them to this schema.
import { awsCronProblem } from "./rules/backup-schedule";
import { AuthSchema } from "./auth";
import { CredentialsSchema } from "./credentials";
import { JobsSchema } from "./jobs";
import { AgentImagesSchema } from "./agent-images";
import { VpcEndpointsSchema } from "./vpc-endpoints";
import { REGION } from "./patterns";
import { StateSchema, BackendSchema } from "./state";
import { NetworkSchema } from "./network";
import { ControllerSchema } from "./controller";
import { StorageSchema } from "./storage";
import { LoadBalancerSchema } from "./load-balancer";
import { AgentsSchema } from "./agents";
import { ImageSchema } from "./image";
import { AlertsSchema } from "./alerts";
import { BackupSchema } from "./backup";
import { IamSchema } from "./iam";
import { DataProtectionSchema } from "./data-protection";
import { KmsSchema } from "./kms";
export { awsCronProblem };
export { PATTERNS } from "./patterns";

// ---------------------------------------------------------------- root

export const ConfigObjectSchema = z
  .object({
    $schema: z.string().optional().describe("Path of the JSON Schema, for editors."),
    namePrefix: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/,
        "must be 2-16 lower-case letters, digits or '-', starting with a letter (ALB and target group names allow 32 characters)",
      )
      .default("jenkins")
      .describe("Prefix of every resource name."),
    region: z.string().regex(REGION, "must be an AWS region like eu-west-1 or us-east-2").default("eu-west-1").describe("AWS region of both stacks."),
    accountId: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
      .optional()
      .describe("AWS account id. Set: used in ARNs and as the provider's `allowed_account_ids` guard. Unset: read with `aws_caller_identity`."),
    tags: z
      .record(
        z
          .string()
          .regex(
            /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
            "must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws: in any case",
          ),
        z
          .string()
          .max(256)
          .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "must be at most 256 letters, digits, spaces and _.:/=+-@ (what IAM, SNS and ECS tagging accept)"),
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
          .regex(
            /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
            "must be a DNS name like jenkins.internal: at most 253 characters, labels of 1-63 lower-case letters, digits and inner '-'",
          )
          .optional()
          .describe(
            "Cloud Map private DNS namespace; agents reach the controller at `jenkins.<namespace>`. Unset: `<namePrefix>.internal`, so two installations never share one.",
          ),
      })
      .strict()
      .prefault({})
      .describe("Cloud Map service discovery for the agents' tunnel."),
    agents: AgentsSchema.prefault({}),
    image: ImageSchema.prefault({}),
    alerts: AlertsSchema.prefault({}),
    backup: BackupSchema.prefault({}),
    dataProtection: DataProtectionSchema.prefault({}),
    // Team setup (issue 18): lib/config/{auth,credentials,jobs}.ts.
    auth: AuthSchema.prefault({}),
    credentials: CredentialsSchema.prefault({}),
    jobs: JobsSchema.prefault({}),
    // Agents at scale (issue 13): lib/config/{agent-images,vpc-endpoints}.ts.
    agentImages: AgentImagesSchema.prefault({}),
    vpcEndpoints: VpcEndpointsSchema.prefault({}),
    // Enterprise hooks (issue 16): lib/config/iam.ts.
    iam: IamSchema.prefault({}),
    kms: KmsSchema.prefault({}),
  })
  .strict()
  .strict();

/** The configuration as the schema parses it, before the names derived from `namePrefix` are filled in. */
export type ParsedConfig = z.output<typeof ConfigObjectSchema>;
/** The configuration as the user writes it (defaults optional). */
export type JenkinsConfigInput = z.input<typeof ConfigObjectSchema>;
/**
 * The validated configuration with every default filled in, including the names whose default
 * derives from `namePrefix` (filled in by lib/config/rules/aws-names.ts `withDerivedDefaults`).
 */
export type JenkinsConfig = ParsedConfig & {
  state: { lockTableName: string };
  controller: { adminPassword: { parameterName: string } };
  serviceDiscovery: { namespace: string };
};
/** One agent template after validation. */
export type AgentTemplateConfig = JenkinsConfig["agents"]["templates"][number];
