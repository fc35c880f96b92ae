import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Alb, AlbAccessLogs } from "@cdktf/provider-aws/lib/alb";
import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { AlbTargetGroup } from "@cdktf/provider-aws/lib/alb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Fn, TerraformIterator, Token } from "../../cdktf-core";
import { Flag, and, choose, concatLists, isKnown, isSet, switchOn, when } from "../foundation/inputs";
import { JENKINS_HTTP_PORT } from "../network/security-groups";

/** Props of {@link JenkinsLoadBalancer}. */
export interface JenkinsLoadBalancerProps {
  /** Internal ALB (private subnets) instead of internet-facing. */
  readonly internal: Flag;
  /**
   * ACM certificate of the HTTPS listener.
   * @default - a certificate for `hostname`, DNS-validated in `zoneId` (both then required)
   */
  readonly certificateArn?: string;
  /**
   * Host name of Jenkins.
   * @default - the ALB's DNS name
   */
  readonly hostname?: string;
  /**
   * Route 53 hosted zone of `hostname` (certificate validation and the alias record).
   * @default - none
   */
  readonly zoneId?: string;
  /**
   * Create an alias record `hostname` -> ALB in `zoneId`.
   * @default false
   */
  readonly createDnsRecord?: Flag;
  /** TLS policy of the HTTPS listener (TLS 1.2 or newer). */
  readonly sslPolicy: string;
  /** ALB deletion protection. */
  readonly deletionProtection: Flag;
  /** Idle timeout of the ALB in seconds. */
  readonly idleTimeoutSeconds: number;
  /**
   * S3 bucket for ALB access logs.
   * @default - no access logs
   */
  readonly accessLogsBucket?: string;
  /**
   * Region of the stack; a brought certificate must be in it (checked before apply).
   * @default - not checked
   */
  readonly region?: string;
  /** Prefix of names (at most 16 characters, so `<prefix>-alb` fits the 32-character limit). */
  readonly namePrefix: string;
  /** VPC of the target group. */
  readonly vpcId: string;
  /** Subnets of the ALB: public ones, or private ones for an internal ALB. */
  readonly subnetIds: string[];
  /** The ALB's security group. */
  readonly securityGroupId: string;
  /**
   * Further security groups of the ALB (e.g. an organisation's shared ones).
   * @default - none
   */
  readonly additionalSecurityGroupIds?: string[];
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
    const name = props.namePrefix;

    this.alb = new Alb(this, "Alb", {
      name: `${name}-alb`,
      internal: props.internal,
      loadBalancerType: "application",
      securityGroups: concatLists([props.securityGroupId], props.additionalSecurityGroupIds),
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection,
      idleTimeout: props.idleTimeoutSeconds,
      desyncMitigationMode: "strictest",
      accessLogs: accessLogs(props.accessLogsBucket, `${name}-alb`),
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

    let certificateArn = props.certificateArn;
    if (!certificateArn) {
      if (!props.hostname || !props.zoneId) throw new Error(`${this.node.path}: without certificateArn, hostname and zoneId are required to create one`);
      const cert = new AcmCertificate(this, "Certificate", {
        domainName: props.hostname,
        validationMethod: "DNS",
        keyAlgorithm: "EC_prime256v1",
        lifecycle: { createBeforeDestroy: true },
      });
      const options = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
      const records = new Route53Record(this, "CertificateValidationRecord", {
        forEach: options,
        zoneId: props.zoneId,
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
      sslPolicy: props.sslPolicy,
      certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      // Checked at synth when both are known (lib/config/rules), here when one is a Terraform value.
      lifecycle:
        props.certificateArn && props.region && !(isKnown(props.certificateArn) && isKnown(props.region))
          ? {
              precondition: [
                {
                  condition: Fn.can(Fn.regex(Fn.format(":acm:%s:", [props.region]), props.certificateArn)),
                  errorMessage: "The certificate must be in the region of the ALB (ACM certificates of an ALB are regional).",
                },
              ],
            }
          : undefined,
    });

    new AlbListener(this, "HttpRedirect", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });

    const alias = and(props.createDnsRecord ?? false, and(isSet(props.hostname), isSet(props.zoneId)));
    when(alias, () =>
      switchOn(
        new Route53Record(this, "Alias", {
          zoneId: props.zoneId!,
          name: props.hostname!,
          type: "A",
          alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
        }),
        alias,
      ),
    );
    const host = isKnown(props.hostname) ? (props.hostname ?? this.alb.dnsName) : Fn.coalesce([props.hostname, this.alb.dnsName]);
    this.url = `https://${host}/`;
  }
}

/**
 * The `access_logs` block: written when a bucket is given. For a bucket known only to
 * Terraform the block is always there, enabled when the bucket is set (the provider sends the
 * bucket to AWS only when logging is enabled).
 */
function accessLogs(bucket: string | undefined, prefix: string): AlbAccessLogs | undefined {
  if (isKnown(bucket)) return bucket ? { bucket, prefix, enabled: true } : undefined;
  const set = isSet(bucket);
  return { bucket: choose(set, bucket ?? "", ""), prefix, enabled: set };
}
