/**
 * Network rules: CIDRs, zones, the new VPC's subnet layout (lib/constructs/network/network.ts:
 * the VPC CIDR split into 16 equal subnets, public 0-7 and private 8-15, one of each per zone)
 * and the ALB security group's ingress rules (lib/constructs/network/security-groups.ts: one
 * rule per allowed CIDR and port 80/443).
 */
import type { Issue } from "./issue";
import { zoneProblem } from "./regions";

/** Zones the subnet layout has room for (8 public + 8 private subnets). */
export const MAX_ZONES = 8;
/** Inbound rules per security group, the default EC2 quota ("Inbound or outbound rules per security group"). */
export const MAX_INGRESS_RULES_PER_SECURITY_GROUP = 60;
/** Ports the ALB security group opens per allowed CIDR. */
export const ALB_PORTS = [80, 443];
/** The smallest subnet an ALB accepts (/27, with at least 8 free addresses; Elastic Load Balancing). */
export const ALB_MIN_SUBNET_PREFIX = 27;
/** Addresses AWS reserves in every subnet. */
export const RESERVED_PER_SUBNET = 5;

/** [address as a number, prefix length] of an IPv4 CIDR already checked by the schema's pattern. */
export function parseCidr(cidr: string): [number, number] {
  const [ip, p] = cidr.split("/");
  return [ip.split(".").reduce((a, o) => a * 256 + Number(o), 0), Number(p)];
}

const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

/** Why a CIDR has host bits set (e.g. 10.0.0.1/16), with the network it probably means, or undefined. */
export function hostBitsProblem(cidr: string): string | undefined {
  const [addr, prefix] = parseCidr(cidr);
  const size = 2 ** (32 - prefix);
  const net = Math.floor(addr / size) * size;
  if (net === addr) return undefined;
  return `has host bits set; the network of ${cidr} is ${toIp(net)}/${prefix} (AWS rejects or rewrites such CIDRs)`;
}

/** Issues of the new VPC: CIDR, zones, room for subnets and agents. */
export function newVpcIssues(o: { cidr: string; zones: string[]; region: string; maxAgents: number; clouds: number }): Issue[] {
  const issues: Issue[] = [];
  const hb = hostBitsProblem(o.cidr);
  if (hb) issues.push({ path: ["network", "cidr"], message: hb });
  o.zones.forEach((z, i) => {
    const p = zoneProblem(z, o.region);
    if (p) issues.push({ path: ["network", "availabilityZones", i], message: `zone ${z} ${p}` });
  });
  const zoneCount = o.zones.length || 2;
  if (o.zones.length > MAX_ZONES)
    issues.push({
      path: ["network", "availabilityZones"],
      message: `${o.zones.length} zones are more than the subnet layout holds: at most ${MAX_ZONES} (16 subnets of the VPC CIDR, a public and a private one per zone)`,
    });
  const [, prefix] = parseCidr(o.cidr);
  const subnetPrefix = prefix + 4;
  if (subnetPrefix > ALB_MIN_SUBNET_PREFIX)
    issues.push({
      path: ["network", "cidr"],
      message: `a /${prefix} VPC gives /${subnetPrefix} subnets (the CIDR is split in 16), but the ALB needs public subnets of at least /${ALB_MIN_SUBNET_PREFIX}; use a /${ALB_MIN_SUBNET_PREFIX - 4} or larger VPC`,
    });
  const perSubnet = 2 ** (32 - subnetPrefix) - RESERVED_PER_SUBNET;
  const capacity = perSubnet * Math.min(zoneCount, MAX_ZONES);
  // Every agent task and the controller (twice during a deployment) take an address; each private subnet holds an EFS mount target.
  const needed = o.maxAgents * o.clouds + 2 + zoneCount;
  if (needed > capacity)
    issues.push({
      path: ["network", "cidr"],
      message: `the private subnets of a /${prefix} VPC over ${zoneCount} zones hold ${capacity} addresses (${perSubnet} each), but agents.maxAgents ${o.maxAgents} on ${o.clouds} cloud(s), the controller during a deployment and the EFS mount targets need ${needed}; use a larger VPC CIDR or lower agents.maxAgents`,
    });
  return issues;
}

/** Issues of the ALB's allowed CIDRs. */
export function allowedCidrIssues(cidrs: string[]): Issue[] {
  const issues: Issue[] = [];
  cidrs.forEach((c, i) => {
    const hb = hostBitsProblem(c);
    if (hb) issues.push({ path: ["loadBalancer", "allowedCidrs", i], message: hb });
    if (cidrs.indexOf(c) !== i)
      issues.push({
        path: ["loadBalancer", "allowedCidrs", i],
        message: `${c} is listed twice (the security group would get the same rule twice, which EC2 rejects)`,
      });
  });
  const rules = cidrs.length * ALB_PORTS.length;
  if (rules > MAX_INGRESS_RULES_PER_SECURITY_GROUP)
    issues.push({
      path: ["loadBalancer", "allowedCidrs"],
      message: `${cidrs.length} CIDRs make ${rules} inbound rules (ports ${ALB_PORTS.join(" and ")} each), more than the ${MAX_INGRESS_RULES_PER_SECURITY_GROUP} a security group allows by default; list at most ${MAX_INGRESS_RULES_PER_SECURITY_GROUP / ALB_PORTS.length} (aggregate them, or use a managed prefix list)`,
    });
  return issues;
}
