/**
 * The cost estimate: line items and totals follow from the price table, the configuration and
 * what the synthesized stacks contain.
 */
import { defaultUsage, estimateCost, Estimate, fargateTaskHour, formatEstimate, stackFacts, StackFacts, Usage } from "../../../tools/cost/estimate";
import { PRICED_REGIONS, PRICES, regionPrices, UnknownRegionError } from "../../../tools/cost/prices";
import { comparePullPaths } from "../../../tools/cost/vpc-endpoints";
import type { JenkinsConfig } from "../../../lib/config/schema";
import { configWith, project, synthJson } from "../../support/project";

const H = PRICES.hoursPerMonth;

function factsOf(config: JenkinsConfig): StackFacts {
  const p = project(config);
  return stackFacts([synthJson(p.jenkins), synthJson(p.state)]);
}

const line = (e: Estimate, service: string, item: RegExp) => {
  const found = e.lines.filter((l) => l.service === service && item.test(l.item));
  if (found.length !== 1) throw new Error(`expected one ${service} line matching ${item}, found ${found.length}`);
  return found[0];
};

/** A configuration in another region (the example's certificate is regional). */
const inRegion = (region: string) =>
  configWith({
    region,
    network: { availabilityZones: [`${region}a`, `${region}b`] },
    loadBalancer: { certificateArn: `arn:aws:acm:${region}:123456789012:certificate/00000000-0000-4000-8000-000000000000` },
  });

describe("facts counted in the synthesized stacks", () => {
  const config = configWith();
  const facts = factsOf(config);
  const jenkins = synthJson(project(config).jenkins);
  const count = (type: string) => Object.keys(jenkins.resource[type] ?? {}).length;

  test("alarms, keys, NAT gateways and public IPs", () => {
    expect(facts.alarms).toBe(count("aws_cloudwatch_metric_alarm"));
    expect(facts.alarms).toBeGreaterThan(0);
    // The data key, the alerts topic key and the state bucket key.
    expect(facts.kmsKeys).toBe(3);
    expect(facts.natGateways).toBe(1); // vars.example.json: natGateways "single"
    expect(facts.publicIpv4).toBe(1 + 2); // the NAT EIP and the internet-facing ALB in two subnets
    expect(facts.insightsClusters).toBe(3);
    expect(facts.emailSubscriptions).toBe(1);
  });

  test("NAT mode comes from the configuration", () => {
    expect(factsOf(configWith({ network: { natGateways: "one-per-az" } })).natGateways).toBe(2);
  });
});

describe("estimate", () => {
  const config = configWith();
  const facts = factsOf(config);
  const usage = defaultUsage(config);
  const e = estimateCost(config, facts, usage);
  const p = regionPrices(config.region);

  test("line items are quantities times the table's prices", () => {
    const controller = line(e, "Fargate", /controller/);
    expect(controller.quantity).toBe(H);
    expect(controller.monthly).toBeCloseTo(H * (2 * p.fargate.vcpuHour + 4 * p.fargate.gbHour), 6);
    expect(line(e, "NAT gateway", /NAT gateway\(s\)/).monthly).toBeCloseTo(H * p.natGateway.hour, 6);
    expect(line(e, "NAT gateway", /data processed/).monthly).toBeCloseTo(usage.natGb * p.natGateway.gbProcessed, 6);
    expect(line(e, "Load balancer", /ALB hours/).monthly).toBeCloseTo(H * p.alb.hour, 6);
    expect(line(e, "CloudWatch", /metric alarms/).monthly).toBeCloseTo(facts.alarms * p.cloudwatch.alarmMonth, 6);
    expect(line(e, "KMS", /keys/).monthly).toBeCloseTo(3 * p.kms.keyMonth, 6);
    expect(line(e, "VPC", /public IPv4/).monthly).toBeCloseTo(3 * H * p.publicIpv4Hour, 6);
    const spot = line(e, "Fargate", /FARGATE_SPOT/);
    expect(spot.monthly).toBeCloseTo(usage.agentHoursSpot * (p.fargate.spotVcpuHour + 2 * p.fargate.spotGbHour), 6);
    for (const l of e.lines)
      expect(l.monthly).toBeCloseTo(l.quantity * l.unitPrice - (l.service === "SNS" ? Math.min(l.quantity, p.sns.freeEmailsMonth) * l.unitPrice : 0), 9);
  });

  test("the total is the sum of the line items", () => {
    expect(e.total).toBeCloseTo(
      e.lines.reduce((n, l) => n + l.monthly, 0),
      9,
    );
    expect(e.total).toBeGreaterThan(100);
    expect(e.pricesAsOf).toBe(PRICES.asOf);
  });

  test("FARGATE_SPOT saves money against all on demand", () => {
    expect(e.spotSavings).toBeGreaterThan(0);
    expect(e.spotSavings).toBeCloseTo(
      usage.agentHoursSpot * (fargateTaskHour(p, usage.agentSizeSpot, false) - fargateTaskHour(p, usage.agentSizeSpot, true)),
      9,
    );
    expect(e.totalAllOnDemand).toBeCloseTo(e.total + e.spotSavings, 9);
    const noSpot: Usage = { ...usage, agentHoursSpot: 0 };
    expect(estimateCost(config, facts, noSpot).spotSavings).toBe(0);
  });

  test("usage flags drive their lines; zero hours leave the agent lines out", () => {
    const more = estimateCost(config, facts, { ...usage, efsGb: usage.efsGb * 10 });
    expect(line(more, "EFS", /Standard/).monthly).toBeCloseTo(line(e, "EFS", /Standard/).monthly * 10, 9);
    const none = estimateCost(config, facts, { ...usage, agentHoursOnDemand: 0, agentHoursSpot: 0 });
    expect(none.lines.filter((l) => l.item.startsWith("agents"))).toEqual([]);
  });

  test("the region changes the prices", () => {
    const facts2 = factsOf(inRegion("eu-central-1"));
    const frankfurt = estimateCost(inRegion("eu-central-1"), facts2, usage);
    const virginia = estimateCost(inRegion("us-east-1"), factsOf(inRegion("us-east-1")), usage);
    expect(frankfurt.region).toBe("eu-central-1");
    expect(line(frankfurt, "Fargate", /controller/).unitPrice).toBeGreaterThan(line(virginia, "Fargate", /controller/).unitPrice);
    expect(line(frankfurt, "NAT gateway", /NAT gateway\(s\)/).monthly).toBeCloseTo(H * PRICES.regions["eu-central-1"].natGateway.hour, 6);
    expect(frankfurt.total).toBeGreaterThan(virginia.total);
  });

  test("an unpriced region fails with a clear error", () => {
    const mumbai = inRegion("ap-south-1");
    expect(() => estimateCost(mumbai, facts, usage)).toThrow(UnknownRegionError);
    expect(() => estimateCost(mumbai, facts, usage)).toThrow(/No prices for region ap-south-1 .*priced: us-east-1, eu-west-1, eu-central-1/);
  });

  test("the printed estimate names the price date, the total and the Spot saving", () => {
    const text = formatEstimate(e);
    expect(text).toContain(`as of ${PRICES.asOf}`);
    expect(text).toContain(`**$${e.total.toFixed(2)}**`);
    expect(text).toContain(`FARGATE_SPOT saves $${e.spotSavings.toFixed(2)}`);
    expect(text).toMatch(/must be checked/);
  });
});

describe("price table", () => {
  test("prices at least us-east-1, eu-west-1 and eu-central-1, every figure positive, Spot below on demand", () => {
    expect(PRICED_REGIONS).toEqual(expect.arrayContaining(["us-east-1", "eu-west-1", "eu-central-1"]));
    const numbers = (o: unknown): number[] => (typeof o === "number" ? [o] : o && typeof o === "object" ? Object.values(o).flatMap(numbers) : []);
    for (const r of PRICED_REGIONS) {
      const p = PRICES.regions[r];
      for (const n of numbers(p)) expect(n).toBeGreaterThan(0);
      expect(p.fargate.spotVcpuHour).toBeLessThan(p.fargate.vcpuHour);
      expect(p.fargate.spotGbHour).toBeLessThan(p.fargate.gbHour);
    }
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.sources.join(" ")).toMatch(/price list/i);
  });
});

describe("agent image pulls: NAT gateway vs VPC endpoints", () => {
  const p = PRICES.regions["eu-west-1"];

  test("NAT bills every pulled GB; endpoints bill endpoint-AZ hours, and layers come through the free S3 gateway", () => {
    const c = comparePullPaths(p, { agentStartsPerDay: 100, imageGb: 0.2, otherAwsGb: 0, interfaceEndpoints: 6, azs: 2 });
    expect(c.imageGbPerMonth).toBeCloseTo(600, 6);
    expect(c.nat).toBeCloseTo(600 * 0.048, 6);
    expect(c.endpoints).toBeCloseTo(6 * 2 * 730 * 0.011, 6);
    // Break-even: 6 x 2 x 730 x 0.011 / (30 x 0.2 x 0.048) = 334.6 starts a day.
    expect(c.breakEvenStartsPerDay).toBeCloseTo((6 * 2 * 730 * 0.011) / (30 * 0.2 * 0.048), 6);
    const busy = comparePullPaths(p, { agentStartsPerDay: 1000, imageGb: 0.2, otherAwsGb: 0, interfaceEndpoints: 6, azs: 2 });
    expect(busy.endpoints).toBeLessThan(busy.nat);
  });

  test("the estimate shows both options, and endpoint lines when the stack has endpoints", () => {
    const off = configWith();
    const eOff = estimateCost(off, factsOf(off), defaultUsage(off));
    expect(line(eOff, "NAT gateway", /agent image pulls/).quantity).toBeCloseTo(600, 6);
    expect(formatEstimate(eOff)).toMatch(/through the NAT gateway \$\d+\.\d\d a month .* through 6 interface endpoints in 2 AZs/);
    const on = configWith({ vpcEndpoints: { enabled: true } });
    const eOn = estimateCost(on, factsOf(on), defaultUsage(on));
    expect(line(eOn, "VPC endpoints", /6 interface endpoints in 2 AZs/).quantity).toBe(6 * 2 * 730);
    expect(eOn.lines.some((l) => /agent image pulls/.test(l.item))).toBe(false);
  });
});
