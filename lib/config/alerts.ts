/**
 * `alerts`: SNS subscriptions and alarm thresholds. Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { EMAIL, SQS_ARN } from "./patterns";

export const AlertsSchema = z
  .object({
    emails: z
      .array(z.string().regex(EMAIL, "must be an e-mail address like ops@example.com"))
      .default([])
      .describe("E-mail addresses subscribed to the alerts topic (each must confirm)."),
    httpsEndpoints: z
      .array(z.string().regex(/^https:\/\/[^\s]+$/, "must be an https:// URL"))
      .default([])
      .describe("HTTPS endpoints subscribed to the alerts topic."),
    sqsQueueArns: z.array(z.string().regex(SQS_ARN, "must be an SQS queue ARN")).default([]).describe("SQS queues subscribed to the alerts topic."),
    controllerCpuPercent: z.number().min(1).max(100).default(80).describe("Alarm when controller CPU utilisation stays above this (%)."),
    controllerMemoryPercent: z.number().min(1).max(100).default(85).describe("Alarm when controller memory utilisation stays above this (%)."),
    alb5xxPerFiveMinutes: z.number().int().min(1).default(10).describe("Alarm when the ALB and target return more 5xx than this in 5 minutes."),
    efsBurstCreditBalanceBytes: z.number().min(0).default(1e12).describe("Alarm when EFS burst credits fall below this many bytes (bursting throughput only)."),
    agentTaskFailures: z.boolean().default(true).describe("Alert on agent tasks that stop with a non-zero exit code or a Spot interruption."),
  })
  .strict()
  .describe("SNS alerts: subscriptions and alarm thresholds.");
