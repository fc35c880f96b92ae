/**
 * `agents`: the agent clouds and their templates. Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { AgentImageBuildSchema } from "./agent-images";
import { IMAGE, LABEL, cpuUnits, logRetention } from "./patterns";

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
      .describe(
        "Agent image, used as given (an ECR reference is pulled with the agents' execution role). Unset: `build`, else `agents.defaultImage` as `agentImages.source` serves it.",
      ),
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
                Sid: z
                  .string()
                  .regex(/^[A-Za-z0-9]*$/, "must be alphanumeric")
                  .optional()
                  .describe("Statement id."),
                Effect: z.enum(["Allow", "Deny"]).describe("Allow or Deny."),
                Action: z.union([z.string(), z.array(z.string()).min(1)]).describe("IAM action(s), e.g. s3:GetObject."),
                Resource: z.union([z.string(), z.array(z.string()).min(1)]).describe("Resource ARN(s)."),
                Condition: z
                  .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())])))
                  .optional()
                  .describe("IAM condition block."),
              })
              .strict(),
          )
          .min(1)
          .describe("Policy statements."),
      })
      .strict()
      .optional()
      .describe(
        "IAM policy document of this template's own task role (what builds on it may do in AWS). Unset: the agent gets no task role and no AWS permissions.",
      ),
  })
  .strict();

export const AgentsSchema = z
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
