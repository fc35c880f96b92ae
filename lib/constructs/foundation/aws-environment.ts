import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { JenkinsConfig } from "../../config/schema";

/** Props of {@link AwsEnvironment}. */
export interface AwsEnvironmentProps {
  /** AWS region of the stack. */
  readonly region: string;
  /**
   * The account id.
   * @default - read at plan time with the `aws_caller_identity` data source
   */
  readonly accountId?: string;
  /**
   * The partition, when the region is only known to Terraform (the registry module passes
   * `data.aws_partition`).
   * @default - derived from `region`
   */
  readonly partition?: string;
  /**
   * DNS suffix of service principals, with `partition`.
   * @default - derived from the partition
   */
  readonly dnsSuffix?: string;
}

/** Partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Account, region and partition of a stack, for building ARNs. The partition comes from the
 * region (no API call); the account id from config if given, else from `aws_caller_identity`.
 */
export class AwsEnvironment extends Construct {
  /** The account id (a literal or a reference). */
  public readonly accountId: string;
  /** The region. */
  public readonly region: string;
  /** The partition, e.g. `aws`. */
  public readonly partition: string;
  /** DNS suffix of service principals in this partition (`amazonaws.com` or `amazonaws.com.cn`). */
  public readonly dnsSuffix: string;

  constructor(scope: Construct, id: string, props: AwsEnvironmentProps) {
    super(scope, id);
    this.region = props.region;
    this.partition = props.partition ?? partitionOf(props.region);
    this.dnsSuffix = props.dnsSuffix ?? (this.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");
    this.accountId = props.accountId ?? new DataAwsCallerIdentity(this, "Caller").accountId;
  }

  /** An ARN in this account and region: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
  public arn(service: string, resource: string, opts: { region?: string | false } = {}): string {
    const region = opts.region === false ? "" : (opts.region ?? this.region);
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }

  /** The account root principal ARN. */
  public get rootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  /** Convenience factory from the configuration. */
  public static fromConfig(scope: Construct, id: string, config: JenkinsConfig): AwsEnvironment {
    return new AwsEnvironment(scope, id, { region: config.region, accountId: config.accountId });
  }
}
