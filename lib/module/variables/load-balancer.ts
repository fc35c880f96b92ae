import { ALLOWED_CIDR_RULES, CERTIFICATE_ARN_RULES } from "../module-rules";
import { fromSchema, ModuleVariable } from "./variable";

/** Load balancer and DNS. */
export function loadBalancerVariables(): ModuleVariable[] {
  return [
    fromSchema("certificate_arn", "loadBalancer.certificateArn", {
      required: true,
      description: "ACM certificate of the HTTPS listener, in the provider's region (it must cover `hostname` when one is set).",
      rules: CERTIFICATE_ARN_RULES,
    }),
    fromSchema("hostname", "loadBalancer.dns.hostname"),
    fromSchema("route53_zone_id", "loadBalancer.dns.zoneId", {
      description: "Route 53 hosted zone in which to create the alias record `hostname` -> ALB. Unset: no record; point your DNS at `alb_dns_name` yourself.",
      rules: [
        {
          condition: "var.route53_zone_id == null || var.hostname != null",
          message: "needs hostname: a hosted zone was given without the host name to create in it",
        },
      ],
    }),
    fromSchema("allowed_cidrs", "loadBalancer.allowedCidrs", { rules: ALLOWED_CIDR_RULES }),
    fromSchema("internal_alb", "loadBalancer.internal"),
    fromSchema("ssl_policy", "loadBalancer.sslPolicy"),
    fromSchema("alb_deletion_protection", "loadBalancer.deletionProtection"),
    fromSchema("alb_idle_timeout_seconds", "loadBalancer.idleTimeoutSeconds"),
    fromSchema("alb_access_logs_bucket", "loadBalancer.accessLogsBucket"),
  ];
}
