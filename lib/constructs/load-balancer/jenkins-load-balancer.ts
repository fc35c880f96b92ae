import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Alb } from "@cdktf/provider-aws/lib/alb";
import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { AlbTargetGroup } from "@cdktf/provider-aws/lib/alb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "../../cdktf-core";
import type { JenkinsConfig } from "../../config/schema";
import { JENKINS_HTTP_PORT } from "../network/security-groups";

/** Props of {@link JenkinsLoadBalancer}. */
export interface JenkinsLoadBalancerProps {
  /** Load balancer section of the configuration. */
  readonly loadBalancer: JenkinsConfig["loadBalancer"];
  /** Prefix of names (at most 16 characters, so `<prefix>-alb` fits the 32-character limit). */
  readonly namePrefix: string;
  /** VPC of the target group. */
  readonly vpcId: string;
  /** Subnets of the ALB: public ones, or private ones for an internal ALB. */
  readonly subnetIds: string[];
  /** The ALB's security group. */
  readonly securityGroupId: string;
  /**
   * `name_prefix` of the target group (at most 6 characters).
   * @default - the first five characters of `namePrefix` and a hyphen
   */
  readonly targetGroupNamePrefix?: string;
}

/**
 * The HTTPS entry point: an ALB (internet-facing or internal) with a TLS 1.3 policy,
 * HTTP redirected to HTTPS, invalid headers dropped, deletion protection and access logs by
 * config, and a target group of type `ip` health-checking `/login`. The certificate is
 * brought (ARN) or created and DNS-validated in the given Route 53 zone; an alias record
 * for the host name is optional.
 */
export class JenkinsLoadBalancer extends Construct {
  /** The ALB. */
  public readonly alb: Alb;
  /** The controller's target group. */
  public readonly targetGroup: AlbTargetGroup;
  /** The HTTPS listener (the service must wait for it). */
  public readonly httpsListener: AlbListener;
  /** ARN of the certificate in use. */
  public readonly certificateArn: string;
  /** The public URL of Jenkins, with a trailing slash. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: JenkinsLoadBalancerProps) {
    super(scope, id);
    const lb = props.loadBalancer;
    const name = props.namePrefix;

    this.alb = new Alb(this, "Alb", {
      name: `${name}-alb`,
      internal: lb.internal,
      loadBalancerType: "application",
      securityGroups: [props.securityGroupId],
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: lb.deletionProtection,
      idleTimeout: lb.idleTimeoutSeconds,
      desyncMitigationMode: "strictest",
      accessLogs: lb.accessLogsBucket ? { bucket: lb.accessLogsBucket, prefix: `${name}-alb`, enabled: true } : undefined,
    });

    this.targetGroup = new AlbTargetGroup(this, "TargetGroup", {
      // name_prefix (6 characters at most) so a replacement can be created before the old
      // group is destroyed; the Name tag carries the readable name.
      namePrefix: props.targetGroupNamePrefix ?? `${name.slice(0, 5)}-`,
      tags: { Name: `${name}-controller` },
      port: JENKINS_HTTP_PORT,
      protocol: "HTTP",
      targetType: "ip",
      vpcId: props.vpcId,
      deregistrationDelay: "30",
      healthCheck: {
        enabled: true,
        path: "/login",
        protocol: "HTTP",
        matcher: "200",
        interval: 30,
        timeout: 10,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      },
      lifecycle: { createBeforeDestroy: true },
    });

    let certificateArn = lb.certificateArn;
    if (!certificateArn) {
      // Schema guarantees hostname and zoneId here.
      const cert = new AcmCertificate(this, "Certificate", {
        domainName: lb.dns.hostname!,
        validationMethod: "DNS",
        keyAlgorithm: "EC_prime256v1",
        lifecycle: { createBeforeDestroy: true },
      });
      const options = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
      const records = new Route53Record(this, "CertificateValidationRecord", {
        forEach: options,
        zoneId: lb.dns.zoneId!,
        name: options.getString("resource_record_name"),
        type: options.getString("resource_record_type"),
        records: [options.getString("resource_record_value")],
        ttl: 60,
        allowOverwrite: true,
      });
      const validation = new AcmCertificateValidation(this, "CertificateValidation", {
        certificateArn: cert.arn,
        validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
      });
      certificateArn = validation.certificateArn;
    }
    this.certificateArn = certificateArn;

    this.httpsListener = new AlbListener(this, "Https", {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: lb.sslPolicy,
      certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });

    new AlbListener(this, "HttpRedirect", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });

    if (lb.dns.hostname && lb.dns.zoneId && lb.dns.createRecord) {
      new Route53Record(this, "Alias", {
        zoneId: lb.dns.zoneId,
        name: lb.dns.hostname,
        type: "A",
        alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
      });
    }
    this.url = `https://${lb.dns.hostname ?? this.alb.dnsName}/`;
  }
}
