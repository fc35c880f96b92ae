/**
 * JenkinsLoadBalancer (lib/constructs/load-balancer/jenkins-load-balancer.ts) alone in a
 * minimal stack: the ALB's hardening, the target group's health check, the HTTPS listener's
 * TLS policy, the HTTP redirect, a brought or a created and DNS-validated certificate, the
 * optional alias record and access logs.
 */
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { Alb } from "@cdktf/provider-aws/lib/alb";
import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { AlbTargetGroup } from "@cdktf/provider-aws/lib/alb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformOutput, TerraformVariable } from "../../../lib/cdktf-core";
import { JenkinsLoadBalancer, JenkinsLoadBalancerProps } from "../../../lib/constructs/load-balancer/jenkins-load-balancer";
import { resources, SynthJson } from "../../support/project";
import { synthScope } from "../../support/scope";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-4697-8877-665544332211";
const TLS13 = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const base: JenkinsLoadBalancerProps = {
  internal: false,
  certificateArn: CERT,
  sslPolicy: TLS13,
  deletionProtection: true,
  idleTimeoutSeconds: 120,
  region: "eu-west-1",
  namePrefix: "jenkins",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-a", "subnet-b"],
  securityGroupId: "sg-alb",
};

function synth(props: Partial<JenkinsLoadBalancerProps> = {}) {
  return synthScope((scope) => {
    const lb = new JenkinsLoadBalancer(scope, "Lb", { ...base, ...props });
    new TerraformOutput(scope, "url", { value: lb.url });
  });
}
/** The listener on `port`. */
function listener(json: SynthJson, port: number): SynthJson["resource"][string][string] {
  const found = resources(json, "aws_alb_listener").filter(([, l]) => l.port === port);
  expect(found).toHaveLength(1);
  return found[0][1];
}

describe("JenkinsLoadBalancer with a brought certificate", () => {
  const { out, json } = synth();

  test("an application load balancer that drops invalid headers, strictest desync mitigation, protection and idle timeout as given", () => {
    expect(out).toHaveResourceWithProperties(Alb, {
      name: "jenkins-alb",
      internal: false,
      load_balancer_type: "application",
      security_groups: ["sg-alb"],
      subnets: ["subnet-a", "subnet-b"],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "strictest",
      enable_deletion_protection: true,
      idle_timeout: 120,
    });
    expect(Object.values(json.resource.aws_alb)[0]).not.toHaveProperty("access_logs");
  });

  test("target group: ip targets on 8080 over HTTP, /login must answer 200, 30 s deregistration, replaced before destroyed", () => {
    expect(out).toHaveResourceWithProperties(AlbTargetGroup, {
      name_prefix: "jenki-",
      port: 8080,
      protocol: "HTTP",
      target_type: "ip",
      vpc_id: "vpc-0123",
      deregistration_delay: "30",
      health_check: {
        enabled: true,
        path: "/login",
        protocol: "HTTP",
        matcher: "200",
        interval: 30,
        timeout: 10,
        healthy_threshold: 2,
        unhealthy_threshold: 5,
      },
      lifecycle: { create_before_destroy: true },
    });
  });

  test("HTTPS on 443 with the TLS policy and the brought certificate forwards to the target group", () => {
    expect(out).toHaveResourceWithProperties(AlbListener, { port: 443, protocol: "HTTPS", ssl_policy: TLS13, certificate_arn: CERT });
    const https = listener(json, 443);
    expect(https.default_action).toEqual([
      { type: "forward", target_group_arn: expect.stringMatching(/^\$\{aws_alb_target_group\.Lb_TargetGroup_[0-9A-F]{8}\.arn}$/) },
    ]);
    // Both known at synth: the region check is the config rule's, no precondition.
    expect(https).not.toHaveProperty("lifecycle");
  });

  test("HTTP on 80 only redirects to HTTPS (301), it forwards nothing", () => {
    const http = listener(json, 80);
    expect(http.protocol).toBe("HTTP");
    expect(http.default_action).toEqual([{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }]);
    expect(http).not.toHaveProperty("ssl_policy");
  });

  test("no certificate is created and no DNS record; the URL is the ALB's DNS name", () => {
    expect(resources(json, "aws_acm_certificate")).toHaveLength(0);
    expect(resources(json, "aws_route53_record")).toHaveLength(0);
    expect(json.output?.url.value).toMatch(/^https:\/\/\$\{aws_alb\.Lb_Alb_[0-9A-F]{8}\.dns_name}\/$/);
  });
});

describe("JenkinsLoadBalancer with a created certificate, an alias record and access logs", () => {
  const { out, json } = synth({
    certificateArn: undefined,
    hostname: "jenkins.example.com",
    zoneId: "Z0123456789ABC",
    createDnsRecord: true,
    accessLogsBucket: "alb-logs",
    internal: true,
    targetGroupNamePrefix: "jk-",
  });

  test("an EC P-256 certificate for the host name, validated by DNS records in the zone", () => {
    expect(out).toHaveResourceWithProperties(AcmCertificate, { domain_name: "jenkins.example.com", validation_method: "DNS", key_algorithm: "EC_prime256v1" });
    const validation = resources(json, "aws_route53_record").find(([id]) => id.includes("CertificateValidationRecord"))![1];
    expect(validation).toMatchObject({ zone_id: "Z0123456789ABC", ttl: 60, allow_overwrite: true });
    expect(validation.for_each).toContain("domain_validation_options");
    expect(listener(json, 443).certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\.Lb_CertificateValidation_[0-9A-F]{8}\.certificate_arn}$/);
  });

  test("an alias A record for the host name pointing at the ALB, health-evaluated; the URL is the host name", () => {
    expect(out).toHaveResourceWithProperties(Route53Record, { zone_id: "Z0123456789ABC", name: "jenkins.example.com", type: "A" });
    const alias = resources(json, "aws_route53_record").find(([id]) => id.includes("_Alias_"))![1];
    expect(alias.alias).toEqual({
      name: expect.stringMatching(/^\$\{aws_alb\.Lb_Alb_[0-9A-F]{8}\.dns_name}$/),
      zone_id: expect.stringMatching(/^\$\{aws_alb\.Lb_Alb_[0-9A-F]{8}\.zone_id}$/),
      evaluate_target_health: true,
    });
    expect(json.output?.url.value).toBe("https://jenkins.example.com/");
  });

  test("access logs to the bucket under <prefix>-alb; internal; the target group prefix given", () => {
    expect(out).toHaveResourceWithProperties(Alb, { internal: true, access_logs: { bucket: "alb-logs", prefix: "jenkins-alb", enabled: true } });
    expect(out).toHaveResourceWithProperties(AlbTargetGroup, { name_prefix: "jk-" });
  });

  test("without a certificate, a host name and a zone are required", () => {
    expect(() => synth({ certificateArn: undefined, hostname: "jenkins.example.com" })).toThrow(/Lb: without certificateArn, hostname and zoneId are required/);
  });
});

describe("JenkinsLoadBalancer with a certificate known only to Terraform", () => {
  const { json } = synthScope((scope) => {
    const certificateArn = new TerraformVariable(scope, "certificate_arn", { type: "string" }).stringValue;
    new JenkinsLoadBalancer(scope, "Lb", { ...base, certificateArn });
  });

  test("the HTTPS listener checks before apply that the certificate is in the ALB's region", () => {
    expect(listener(json, 443).lifecycle.precondition).toEqual([
      {
        condition: '${can(regex(format(":acm:%s:", "eu-west-1"), var.certificate_arn))}',
        error_message: "The certificate must be in the region of the ALB (ACM certificates of an ALB are regional).",
      },
    ]);
  });
});
