/**
 * `storage`: the EFS file system of JENKINS_HOME. Imported by lib/config/schema.ts.
 */
import { z } from "zod";

export const StorageSchema = z
  .object({
    fileSystemId: z
      .string()
      .regex(/^fs-[0-9a-f]{8,40}$/, "must be an EFS file system id like fs-0123456789abcdef0")
      .optional()
      .describe(
        "Bring your own file system: the id of an existing EFS file system (a restored one, or another installation's) to use as JENKINS_HOME instead of creating one. The stack adds the access point, mount targets (the file system must have none in other VPCs), file-system policy and backup selection; `performanceMode`, `throughputMode` and `transitionToIaDays` are then the file system's own. A file system the stack created before is forgotten by Terraform (a `removed` block, Terraform >= 1.7), never destroyed: it stays in AWS with its data until you delete it.",
      ),
    performanceMode: z.enum(["generalPurpose", "maxIO"]).default("generalPurpose").describe("EFS performance mode of JENKINS_HOME."),
    throughputMode: z.enum(["elastic", "bursting", "provisioned"]).default("elastic").describe("EFS throughput mode."),
    provisionedThroughputMibps: z
      .number()
      .min(1)
      .max(3414)
      .optional()
      .describe("Provisioned throughput in MiB/s; required when `throughputMode` is `provisioned`."),
    transitionToIaDays: z
      .union([
        z.literal(0),
        z.literal(1),
        z.literal(7),
        z.literal(14),
        z.literal(30),
        z.literal(60),
        z.literal(90),
        z.literal(180),
        z.literal(270),
        z.literal(365),
      ])
      .default(30)
      .describe("Move files not read for this many days to EFS Infrequent Access; 0 turns it off."),
  })
  .strict()
  .describe("EFS file system for JENKINS_HOME.");
