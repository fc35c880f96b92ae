/**
 * The price table behind `npm run cost`, kept in the repository so the estimate is
 * reproducible and reviewable. USD list prices (no free tier, no Savings Plans, no taxes).
 *
 * PRICES MUST BE CHECKED before relying on an estimate: AWS changes prices, Fargate Spot
 * prices float with spare capacity, and a few figures below are rounded. Update a region by
 * reading the AWS public price list (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json,
 * the service pages linked in `sources`, or the AWS Pricing Calculator) and bump `asOf`.
 */

/** Prices of one region. Units are in the property names. */
export interface RegionPrices {
  /** Region name as AWS prints it. */
  readonly name: string;
  readonly fargate: {
    /** Linux/x86 on demand. */
    readonly vcpuHour: number;
    readonly gbHour: number;
    /** FARGATE_SPOT (floats; AWS advertises up to 70 % off on demand). */
    readonly spotVcpuHour: number;
    readonly spotGbHour: number;
    /** Ephemeral storage above the 20 GiB included in every task. */
    readonly ephemeralGbHour: number;
  };
  readonly alb: { readonly hour: number; readonly lcuHour: number };
  readonly natGateway: { readonly hour: number; readonly gbProcessed: number };
  /** AWS PrivateLink interface endpoints: per endpoint per AZ hour, and data processed (first PB tier). Gateway endpoints (S3) are free. */
  readonly vpcEndpoint: { readonly interfaceAzHour: number; readonly gbProcessed: number };
  /** Every public IPv4 address (NAT gateway EIP, internet-facing ALB nodes), since 2024-02. */
  readonly publicIpv4Hour: number;
  readonly efs: {
    readonly standardGbMonth: number;
    readonly infrequentAccessGbMonth: number;
    /** Reads from Infrequent Access. */
    readonly iaReadGb: number;
    /** Elastic throughput: data read / written. */
    readonly elasticReadGb: number;
    readonly elasticWriteGb: number;
  };
  readonly backup: { readonly efsWarmGbMonth: number; readonly efsColdGbMonth: number };
  readonly cloudwatch: {
    /** Standard log class ingestion. */
    readonly logsIngestGb: number;
    /** Vended logs (VPC flow logs), first tier. */
    readonly vendedLogsIngestGb: number;
    readonly logsStorageGbMonth: number;
    /** Standard-resolution metric alarm. */
    readonly alarmMonth: number;
    /** Custom metric (Container Insights metrics are billed as such), first 10,000. */
    readonly metricMonth: number;
  };
  readonly ecr: { readonly storageGbMonth: number };
  readonly kms: { readonly keyMonth: number; readonly per10kRequests: number };
  readonly cloudMap: {
    /** The private DNS namespace is a Route 53 private hosted zone. */
    readonly hostedZoneMonth: number;
    /** Registered service instance. */
    readonly instanceMonth: number;
  };
  readonly sns: { readonly emailPer100k: number; readonly freeEmailsMonth: number; readonly httpsPerMillion: number };
  readonly codebuild: { readonly generalMediumLinuxMinute: number };
}

/** The price table. */
export interface PriceTable {
  readonly currency: "USD";
  /** The date the figures were read; prices after it may differ. */
  readonly asOf: string;
  readonly sources: readonly string[];
  readonly caveat: string;
  readonly hoursPerMonth: number;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

export const PRICES: PriceTable = {
  currency: "USD",
  asOf: "2025-06-01",
  sources: [
    "AWS public price list (Price List API offer files), https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json",
    "https://aws.amazon.com/fargate/pricing/",
    "https://aws.amazon.com/elasticloadbalancing/pricing/",
    "https://aws.amazon.com/vpc/pricing/",
    "https://aws.amazon.com/efs/pricing/",
    "https://aws.amazon.com/backup/pricing/",
    "https://aws.amazon.com/cloudwatch/pricing/",
    "https://aws.amazon.com/ecr/pricing/",
    "https://aws.amazon.com/kms/pricing/",
    "https://aws.amazon.com/cloud-map/pricing/ and https://aws.amazon.com/route53/pricing/",
    "https://aws.amazon.com/sns/pricing/",
    "https://aws.amazon.com/codebuild/pricing/",
    "https://aws.amazon.com/privatelink/pricing/ (interface endpoints)",
  ],
  caveat:
    "List prices as assumed on the asOf date, some rounded; Fargate Spot prices float. Check them against the AWS price list before relying on the estimate. Not included: data transfer out to the internet, cross-AZ traffic, S3/DynamoDB of the state stack and API requests (cents), taxes, free tier, Savings Plans.",
  hoursPerMonth: 730,
  regions: {
    "us-east-1": {
      name: "US East (N. Virginia)",
      fargate: { vcpuHour: 0.04048, gbHour: 0.004445, spotVcpuHour: 0.012144, spotGbHour: 0.0013335, ephemeralGbHour: 0.000111 },
      alb: { hour: 0.0225, lcuHour: 0.008 },
      natGateway: { hour: 0.045, gbProcessed: 0.045 },
      vpcEndpoint: { interfaceAzHour: 0.01, gbProcessed: 0.01 },
      publicIpv4Hour: 0.005,
      efs: { standardGbMonth: 0.3, infrequentAccessGbMonth: 0.016, iaReadGb: 0.01, elasticReadGb: 0.03, elasticWriteGb: 0.06 },
      backup: { efsWarmGbMonth: 0.05, efsColdGbMonth: 0.01 },
      cloudwatch: { logsIngestGb: 0.5, vendedLogsIngestGb: 0.5, logsStorageGbMonth: 0.03, alarmMonth: 0.1, metricMonth: 0.3 },
      ecr: { storageGbMonth: 0.1 },
      kms: { keyMonth: 1, per10kRequests: 0.03 },
      cloudMap: { hostedZoneMonth: 0.5, instanceMonth: 0.1 },
      sns: { emailPer100k: 2, freeEmailsMonth: 1000, httpsPerMillion: 0.6 },
      codebuild: { generalMediumLinuxMinute: 0.01 },
    },
    "eu-west-1": {
      name: "Europe (Ireland)",
      fargate: { vcpuHour: 0.04048, gbHour: 0.004445, spotVcpuHour: 0.012144, spotGbHour: 0.0013335, ephemeralGbHour: 0.000111 },
      alb: { hour: 0.0252, lcuHour: 0.008 },
      natGateway: { hour: 0.048, gbProcessed: 0.048 },
      vpcEndpoint: { interfaceAzHour: 0.011, gbProcessed: 0.01 },
      publicIpv4Hour: 0.005,
      efs: { standardGbMonth: 0.33, infrequentAccessGbMonth: 0.0175, iaReadGb: 0.011, elasticReadGb: 0.033, elasticWriteGb: 0.066 },
      backup: { efsWarmGbMonth: 0.055, efsColdGbMonth: 0.011 },
      cloudwatch: { logsIngestGb: 0.57, vendedLogsIngestGb: 0.57, logsStorageGbMonth: 0.03, alarmMonth: 0.1, metricMonth: 0.3 },
      ecr: { storageGbMonth: 0.1 },
      kms: { keyMonth: 1, per10kRequests: 0.03 },
      cloudMap: { hostedZoneMonth: 0.5, instanceMonth: 0.1 },
      sns: { emailPer100k: 2, freeEmailsMonth: 1000, httpsPerMillion: 0.6 },
      codebuild: { generalMediumLinuxMinute: 0.01 },
    },
    "eu-central-1": {
      name: "Europe (Frankfurt)",
      fargate: { vcpuHour: 0.04656, gbHour: 0.00511, spotVcpuHour: 0.013968, spotGbHour: 0.001533, ephemeralGbHour: 0.000122 },
      alb: { hour: 0.027, lcuHour: 0.008 },
      natGateway: { hour: 0.052, gbProcessed: 0.052 },
      vpcEndpoint: { interfaceAzHour: 0.012, gbProcessed: 0.01 },
      publicIpv4Hour: 0.005,
      efs: { standardGbMonth: 0.36, infrequentAccessGbMonth: 0.0192, iaReadGb: 0.012, elasticReadGb: 0.036, elasticWriteGb: 0.072 },
      backup: { efsWarmGbMonth: 0.06, efsColdGbMonth: 0.012 },
      cloudwatch: { logsIngestGb: 0.63, vendedLogsIngestGb: 0.63, logsStorageGbMonth: 0.0324, alarmMonth: 0.1, metricMonth: 0.3 },
      ecr: { storageGbMonth: 0.1 },
      kms: { keyMonth: 1, per10kRequests: 0.03 },
      cloudMap: { hostedZoneMonth: 0.5, instanceMonth: 0.1 },
      sns: { emailPer100k: 2, freeEmailsMonth: 1000, httpsPerMillion: 0.6 },
      codebuild: { generalMediumLinuxMinute: 0.0114 },
    },
  },
};

/** Regions the table has prices for. */
export const PRICED_REGIONS: readonly string[] = Object.keys(PRICES.regions);

/** An estimate was asked for a region the table does not price. */
export class UnknownRegionError extends Error {
  constructor(
    public readonly region: string,
    priced: readonly string[] = PRICED_REGIONS,
  ) {
    super(
      `No prices for region ${region} in tools/cost/prices.ts (priced: ${priced.join(", ")}). ` +
        "Add the region's prices from the AWS price list, or pass --region with a priced region for a comparable figure.",
    );
    this.name = "UnknownRegionError";
  }
}

/** The prices of `region`; throws {@link UnknownRegionError} when the table lacks it. */
export function regionPrices(region: string, table: PriceTable = PRICES): RegionPrices {
  const p = table.regions[region];
  if (!p) throw new UnknownRegionError(region, Object.keys(table.regions));
  return p;
}
