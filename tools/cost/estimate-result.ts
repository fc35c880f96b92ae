/** What the cost estimate is: its line items and totals, as estimate.ts computes them and format.ts writes them out. */
import type { PullPathComparison } from "./vpc-endpoints";

/** One line of the estimate. */
export interface LineItem {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
  /** Where the quantity comes from. */
  readonly basis: "config" | "stack" | "usage";
}

/** The estimate. */
export interface Estimate {
  readonly region: string;
  readonly regionName: string;
  readonly currency: string;
  readonly pricesAsOf: string;
  readonly lines: readonly LineItem[];
  readonly total: number;
  /** The total if the FARGATE_SPOT agent hours ran on FARGATE instead. */
  readonly totalAllOnDemand: number;
  /** totalAllOnDemand - total. */
  readonly spotSavings: number;
  /** What the FARGATE_SPOT agent hours would cost on FARGATE. */
  readonly spotHoursOnDemandCost: number;
  /** Agent image pulls through NAT vs VPC endpoints (the configured endpoints, or the default six in two AZs). */
  readonly pullPaths: PullPathComparison & {
    readonly agentStartsPerDay: number;
    readonly imageGb: number;
    readonly interfaceEndpoints: number;
    readonly azs: number;
    readonly endpointsEnabled: boolean;
  };
  readonly caveat: string;
  readonly sources: readonly string[];
}
