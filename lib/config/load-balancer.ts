/**
 * `loadBalancer`: the Application Load Balancer, its certificate and DNS name. Imported by
 * lib/config/schema.ts.
 */
import { z } from "zod";
import { ACM_ARN, BUCKET, BUCKET_RULES, CIDR } from "./patterns";

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

export const LoadBalancerSchema = z
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
      .enum([
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
      ])
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
