/** The cost estimate as Markdown. */
import type { Estimate } from "./estimate-result";

const money = (v: number) => `$${v.toFixed(2)}`;
function unitPrice(v: number): string {
  if (v === 0) return "$0";
  if (v >= 0.1) return `$${v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "")}`;
  return `$${Number(v.toPrecision(3))}`;
}
function qty(v: number): string {
  return Number.isInteger(v) ? String(v) : v >= 10 ? v.toFixed(0) : v.toFixed(2);
}

/** The estimate as a Markdown table plus totals. */
export function formatEstimate(e: Estimate): string {
  const rows = e.lines.map((l) => `| ${l.service} | ${l.item} | ${qty(l.quantity)} ${l.unit} | ${unitPrice(l.unitPrice)} | ${money(l.monthly)} | ${l.basis} |`);
  const pct = (part: number, whole: number) => (whole > 0 ? ((part / whole) * 100).toFixed(0) : "0");
  return [
    `Monthly cost estimate, ${e.region} (${e.regionName}), ${e.currency} list prices as of ${e.pricesAsOf}`,
    "",
    "| Service | Item | Quantity | Unit price | Monthly | From |",
    "|---|---|---:|---:|---:|---|",
    ...rows,
    `| **Total** | | | | **${money(e.total)}** | |`,
    "",
    `All on demand (the FARGATE_SPOT agent hours on FARGATE instead) the total would be ${money(e.totalAllOnDemand)}: ` +
      `FARGATE_SPOT saves ${money(e.spotSavings)} a month, ${pct(e.spotSavings, e.spotHoursOnDemandCost)} % of those agents' compute, ${pct(e.spotSavings, e.totalAllOnDemand)} % of the total.`,
    "",
    `Agent image pulls, ${e.pullPaths.agentStartsPerDay} starts a day of a ${e.pullPaths.imageGb} GB image (${qty(e.pullPaths.imageGbPerMonth)} GB a month): ` +
      `through the NAT gateway ${money(e.pullPaths.nat)} a month (data processing, with logs); through ${e.pullPaths.interfaceEndpoints} interface endpoints in ${e.pullPaths.azs} AZs and the S3 gateway ${money(e.pullPaths.endpoints)} ` +
      `(${money(e.pullPaths.endpointHours)} endpoint hours + ${money(e.pullPaths.endpointData)} data). Endpoints pay off above ${Number.isFinite(e.pullPaths.breakEvenStartsPerDay) ? Math.ceil(e.pullPaths.breakEvenStartsPerDay) : "no number of"} starts a day` +
      `${e.pullPaths.endpointsEnabled ? " (vpcEndpoints is on)." : " (vpcEndpoints is off; set vpcEndpoints.enabled to switch)."}`,
    "",
    `Prices: tools/cost/prices.ts, as of ${e.pricesAsOf}; they must be checked against the AWS price list. ${e.caveat}`,
    "",
  ].join("\n");
}
