/** ACM certificates and Route 53 records. */
import { resourceCheck, show } from "../define-check";
import { dig, isTrue, stringList } from "../json-values";
import type { PolicyCheck } from "../types";

const CERT = "aws_acm_certificate";
/** Types an A record may point at (checkov CKV2_AWS_23). */
const RECORD_TARGETS = [
  "aws_instance",
  "aws_eip",
  "aws_elb",
  "aws_lb",
  "aws_alb",
  "aws_route53_record",
  "aws_s3_bucket",
  "aws_api_gateway_domain_name",
  "aws_elastic_beanstalk_environment",
  "aws_vpc_endpoint",
  "aws_globalaccelerator_accelerator",
  "aws_cloudfront_distribution",
  "aws_db_instance",
  "aws_apigatewayv2_domain_name",
  "aws_lightsail_instance",
  "aws_lightsail_static_ip",
];

export const CERTIFICATE_AND_DNS_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_233",
    source: "checkov",
    title: "ACM certificate is created before the old one is destroyed",
    severity: "warning",
    resourceTypes: [CERT],
    fix: "Set lifecycle { create_before_destroy = true }.",
    test: (r) => (isTrue(dig(r.body, "lifecycle.create_before_destroy")) ? undefined : "lifecycle.create_before_destroy is not true"),
  }),
  resourceCheck({
    id: "CKV_AWS_234",
    source: "checkov",
    title: "ACM certificate keeps certificate transparency logging",
    severity: "warning",
    resourceTypes: [CERT],
    fix: 'Remove options.certificate_transparency_logging_preference = "DISABLED".',
    test: (r) => {
      const p = dig(r.body, "options.certificate_transparency_logging_preference");
      return p === undefined || p === "ENABLED" ? undefined : `certificate_transparency_logging_preference is ${show(p)}`;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_71",
    source: "checkov",
    title: "ACM certificate names no wildcard domain",
    severity: "warning",
    resourceTypes: [CERT],
    fix: "Request a certificate for the exact host name.",
    test: (r) => {
      const names = [...stringList(r.body.domain_name), ...stringList(r.body.subject_alternative_names)];
      const wild = names.filter((n) => n.includes("*"));
      return wild.length ? `wildcard name ${wild.join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_23",
    source: "checkov",
    title: "Route 53 A record points at a resource of the configuration",
    severity: "warning",
    resourceTypes: ["aws_route53_record"],
    fix: "Alias the record to the load balancer (or other managed resource) instead of a literal address.",
    test: (r, tf) => {
      if (r.body.type !== "A") return undefined;
      const alias = String(dig(r.body, "alias.name") ?? "");
      if (["module", "data.", "var."].some((x) => alias.includes(x))) return undefined;
      return tf.connected(r, ...RECORD_TARGETS).length ? undefined : "A record with literal addresses (may dangle)";
    },
  }),
];
