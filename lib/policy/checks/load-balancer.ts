/** Application/Network load balancers, listeners and target groups. */
import { resourceCheck, show } from "../define-check";
import { TfResource } from "../terraform-config";
import { block, blocks, dig, hasValue, isExpression, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";

const LB = ["aws_lb", "aws_alb"];
const LISTENER = ["aws_lb_listener", "aws_alb_listener"];
const TARGET_GROUP = ["aws_lb_target_group", "aws_alb_target_group"];
const TLS_1_2_POLICY_PREFIXES = ["ELBSecurityPolicy-FS-1-2", "ELBSecurityPolicy-TLS-1-2", "ELBSecurityPolicy-TLS13"];
const WEAK_POLICIES = [
  "ELBSecurityPolicy-2016-08",
  "ELBSecurityPolicy-2015-05",
  "ELBSecurityPolicy-TLS-1-0-2015-04",
  "ELBSecurityPolicy-TLS-1-1-2017-01",
  "ELBSecurityPolicy-2015-03",
  "ELBSecurityPolicy-2015-02",
  "ELBSecurityPolicy-2014-10",
  "ELBSecurityPolicy-Default",
  "ELBSecurityPolicy-2014-01",
];

const defaultAction = (l: TfResource) => block(l.body.default_action);
const redirectsToHttps = (l: TfResource) => defaultAction(l)?.type === "redirect" && dig(defaultAction(l), "redirect.protocol") === "HTTPS";

export const LOAD_BALANCER_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_2",
    source: "checkov",
    title: "Load balancer listener uses HTTPS (plain HTTP only to redirect to HTTPS)",
    severity: "error",
    resourceTypes: LISTENER,
    fix: 'Use protocol "HTTPS", or make the HTTP listener\'s default action a redirect with protocol "HTTPS".',
    test: (r) => {
      const p = r.body.protocol;
      if (isExpression(p)) return undefined;
      if (["HTTPS", "TLS", "TCP", "UDP", "TCP_UDP"].includes(String(p))) return undefined;
      if (p === "HTTP") {
        const a = defaultAction(r);
        if (a?.type === "redirect") {
          const proto = dig(a, "redirect.protocol");
          if (proto === undefined || proto === "HTTPS") return undefined;
        }
        return "HTTP listener that does not redirect to HTTPS";
      }
      return `protocol is ${show(p)}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_103",
    source: "checkov",
    title: "Load balancer listener uses TLS 1.2 or newer",
    severity: "error",
    resourceTypes: LISTENER,
    fix: 'Set ssl_policy to a TLS 1.2+ policy such as "ELBSecurityPolicy-TLS13-1-2-2021-06".',
    test: (r, tf) => {
      const p = String(r.body.protocol);
      if (["TCP", "UDP", "TCP_UDP"].includes(p)) return undefined;
      const policy = r.body.ssl_policy;
      if (["HTTPS", "TLS"].includes(p) && typeof policy === "string" && TLS_1_2_POLICY_PREFIXES.some((x) => policy.startsWith(x))) return undefined;
      if (redirectsToHttps(r)) return undefined;
      if (r.type === "aws_lb_listener" && tf.connected(r, "aws_lb").some((lb) => lb.body.load_balancer_type === "gateway")) return undefined;
      return `protocol ${show(r.body.protocol)} with ssl_policy ${show(policy)} allows TLS below 1.2`;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_74",
    source: "checkov",
    title: "Load balancer listener uses strong ciphers",
    severity: "error",
    resourceTypes: LISTENER,
    fix: "Set an explicit, current ssl_policy (not ELBSecurityPolicy-2016-08 or older).",
    test: (r) => {
      if (!["HTTPS", "TLS"].includes(String(r.body.protocol))) return undefined;
      const policy = r.body.ssl_policy;
      return hasValue(policy) && !WEAK_POLICIES.includes(String(policy)) ? undefined : `ssl_policy is ${show(policy)}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_91",
    source: "checkov",
    title: "Load balancer has access logging enabled",
    severity: "warning",
    resourceTypes: LB,
    fix: "Set access_logs { bucket, enabled = true } (loadBalancer.accessLogsBucket).",
    test: (r) => (r.body.load_balancer_type === "gateway" || isTrue(dig(r.body, "access_logs.enabled")) ? undefined : "access logs are off"),
  }),
  resourceCheck({
    id: "CKV_AWS_131",
    source: "checkov",
    title: "Application load balancer drops invalid HTTP headers",
    severity: "error",
    resourceTypes: LB,
    fix: "Set drop_invalid_header_fields = true.",
    test: (r) =>
      ["gateway", "network"].includes(String(r.body.load_balancer_type)) || isTrue(r.body.drop_invalid_header_fields)
        ? undefined
        : `drop_invalid_header_fields is ${show(r.body.drop_invalid_header_fields)}`,
  }),
  resourceCheck({
    id: "CKV_AWS_150",
    source: "checkov",
    title: "Load balancer has deletion protection enabled",
    severity: "warning",
    resourceTypes: LB,
    fix: "Set enable_deletion_protection = true (loadBalancer.deletionProtection).",
    test: (r) => (isTrue(r.body.enable_deletion_protection) ? undefined : `enable_deletion_protection is ${show(r.body.enable_deletion_protection)}`),
  }),
  resourceCheck({
    id: "CKV_AWS_328",
    source: "checkov",
    title: "Load balancer uses defensive or strictest desync mitigation",
    severity: "error",
    resourceTypes: [...LB, "aws_elb"],
    fix: 'Set desync_mitigation_mode = "defensive" or "strictest".',
    test: (r) => {
      const m = r.body.desync_mitigation_mode;
      return typeof m === "string" && "monitor".includes(m) ? `desync_mitigation_mode is ${show(m)}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_20",
    source: "checkov",
    title: "Load balancer redirects HTTP to HTTPS",
    severity: "error",
    resourceTypes: LB,
    fix: 'Listen on plain HTTP only on port 80 with a default action redirecting to port "443", protocol "HTTPS".',
    test: (r, tf) => {
      const bad = tf.connected(r, ...LISTENER).filter((l) => {
        const port = String(l.body.port);
        const proto = l.body.protocol;
        if (port !== "80" && proto !== "HTTP") return false;
        const a = defaultAction(l);
        const redirect = blocks(a?.redirect);
        return !(port === "80" && proto === "HTTP" && a?.type === "redirect" && redirect.some((x) => String(x.port) === "443" && x.protocol === "HTTPS"));
      });
      return bad.length ? `listener ${bad.map((l) => l.address).join(", ")} serves plain HTTP` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_28",
    source: "checkov",
    title: "Internet-facing application load balancer is protected by WAF",
    severity: "warning",
    resourceTypes: LB,
    fix: "Associate an aws_wafv2_web_acl (aws_wafv2_web_acl_association), or make the ALB internal.",
    test: (r, tf) => {
      if (isTrue(r.body.internal) || ["network", "gateway"].includes(String(r.body.load_balancer_type))) return undefined;
      return tf.connected(r, "aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association").length
        ? undefined
        : "internet-facing without a WAF web ACL";
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_76",
    source: "checkov",
    title: "WAF web ACL of the load balancer has the Log4j managed rules",
    severity: "warning",
    resourceTypes: LB,
    fix: "Add AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAnonymousIpList to the associated web ACL.",
    test: (r, tf) => {
      if (r.body.internal === true) return undefined;
      const associations = tf.connected(r, "aws_wafv2_web_acl_association");
      if (associations.length === 0) return undefined;
      const needed = ["AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet"];
      const ok = associations.some((a) =>
        tf.connected(a, "aws_wafv2_web_acl").some((acl) => {
          const names = blocks(acl.body.rule).map((rule) => dig(rule, "statement.managed_rule_group_statement.name"));
          return needed.every((n) => names.includes(n));
        }),
      );
      return ok ? undefined : `the web ACL lacks ${needed.join(" or ")}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_261",
    source: "checkov",
    title: "HTTP(S) target group defines a health check path",
    severity: "warning",
    resourceTypes: TARGET_GROUP,
    fix: "Set health_check { path = ... }.",
    test: (r) => (!["HTTP", "HTTPS"].includes(String(r.body.protocol)) || hasValue(dig(r.body, "health_check.path")) ? undefined : "no health_check.path"),
  }),
  resourceCheck({
    id: "CKV_AWS_378",
    source: "checkov",
    title: "HTTP target group is only reached through non-HTTP listeners",
    severity: "warning",
    resourceTypes: TARGET_GROUP,
    fix: "Forward to the target group only from HTTPS listeners (or use protocol HTTPS).",
    test: (r, tf) => {
      if (r.body.protocol !== "HTTP") return undefined;
      const listeners = tf.connected(r, ...LISTENER);
      if (listeners.length && listeners.every((l) => l.body.protocol !== "HTTP")) return undefined;
      return listeners.length ? "an HTTP listener forwards to it" : "HTTP target group not forwarded to by any listener";
    },
  }),
];
