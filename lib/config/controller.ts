/**
 * `controller`: the Jenkins controller ECS service and its admin password. Imported by
 * lib/config/schema.ts.
 */
import { z } from "zod";
import { SSM_NAME, cpuUnits, logRetention } from "./patterns";

const AdminPasswordSchema = z
  .object({
    parameterName: z
      .string()
      .regex(
        SSM_NAME,
        "must be an SSM parameter name (PutParameter rules): 1-1000 letters, digits and _.-/; a hierarchy (with '/') starts with '/', has at most 15 levels, no empty level and no trailing '/'; not starting with aws or ssm in any case",
      )
      .optional()
      .describe("SSM Parameter Store SecureString holding the admin password. Unset: `<namePrefix>-pwd`."),
    create: z
      .boolean()
      .default(false)
      .describe("Create the parameter from the sensitive Terraform variable `jenkins_admin_password` (KMS-encrypted). Off: the parameter must already exist."),
  })
  .strict();

export const ControllerSchema = z
  .object({
    cpu: cpuUnits(2048, "Controller task"),
    memory: z.number().int().default(4096).describe("Controller task memory in MiB; must fit the CPU value (Fargate task sizes)."),
    adminUser: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'")
      .default("ecsuser")
      .describe("Jenkins admin user name."),
    adminPassword: AdminPasswordSchema.prefault({}).describe("Admin password source."),
    javaOpts: z.string().default("-XX:MaxRAMPercentage=75.0 -Djenkins.install.runSetupWizard=false").describe("JAVA_OPTS of the controller JVM."),
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
