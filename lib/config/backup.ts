/**
 * `backup`: AWS Backup of JENKINS_HOME. Imported by lib/config/schema.ts.
 */
import { z } from "zod";

export const BackupSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Back up JENKINS_HOME (EFS) with AWS Backup."),
    schedule: z.string().default("cron(0 0 * * ? *)").describe("AWS Backup schedule, an AWS cron expression in UTC."),
    coldStorageAfterDays: z.number().int().min(0).default(30).describe("Days after which recovery points move to cold storage; 0 keeps them warm."),
    deleteAfterDays: z.number().int().min(1).default(120).describe("Days after which recovery points are deleted; at least cold storage + 90."),
    additionalRules: z
      .array(
        z
          .object({
            name: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "must be 1-50 lower-case letters, digits or '-'")
              .describe("Rule name."),
            schedule: z.string().describe("AWS cron expression (UTC)."),
            coldStorageAfterDays: z.number().int().min(0).default(0).describe("Days to cold storage; 0 keeps warm."),
            deleteAfterDays: z.number().int().min(1).describe("Days to deletion; at least cold storage + 90."),
          })
          .strict(),
      )
      .default([])
      .describe(
        "Extra backup rules (e.g. a monthly backup kept for a year). EFS has no continuous (point-in-time) backup, so each rule is a snapshot schedule.",
      ),
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
