/**
 * Security group rules as the network checks read them: one view of a rule whether it is an
 * inline block of aws_security_group, an aws_security_group_rule or an
 * aws_vpc_security_group_*_rule, and checkov's tests of ports and open-to-the-world sources.
 */
import { blocks, hasValue, isTrue, stringList, toInt } from "./json-values";
import { TfResource } from "./terraform-config";

export const SG = "aws_security_group";
export const SG_RULE = "aws_security_group_rule";
export const VPC_INGRESS = "aws_vpc_security_group_ingress_rule";
export const VPC_EGRESS = "aws_vpc_security_group_egress_rule";
const IPV6_ANY = ["::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"];

/** One rule, whatever resource it comes from. */
export interface RuleView {
  readonly from?: number;
  readonly to?: number;
  readonly protocol?: string;
  readonly cidr4: string[];
  readonly cidr6: string[];
  /** A security group, prefix list or `self` is (also) a source/destination. */
  readonly otherSource: boolean;
  readonly prefixLists: boolean;
  readonly self: boolean;
  /** aws_vpc_security_group_*_rule: ip_protocol "-1" means every port. */
  readonly allTrafficVpcRule: boolean;
}

function inlineRule(b: Record<string, unknown>): RuleView {
  return {
    from: toInt(b.from_port),
    to: toInt(b.to_port),
    protocol: b.protocol === undefined ? undefined : String(b.protocol),
    cidr4: stringList(b.cidr_blocks),
    cidr6: stringList(b.ipv6_cidr_blocks),
    otherSource: hasValue(b.security_groups) || hasValue(b.source_security_group_id),
    prefixLists: hasValue(b.prefix_list_ids),
    self: isTrue(b.self),
    allTrafficVpcRule: false,
  };
}

export function vpcRule(b: Record<string, unknown>): RuleView {
  return {
    from: toInt(b.from_port),
    to: toInt(b.to_port),
    protocol: b.ip_protocol === undefined ? undefined : String(b.ip_protocol),
    cidr4: stringList(b.cidr_ipv4),
    cidr6: stringList(b.cidr_ipv6),
    otherSource: hasValue(b.referenced_security_group_id),
    prefixLists: hasValue(b.prefix_list_id),
    self: false,
    allTrafficVpcRule: String(b.ip_protocol) === "-1",
  };
}

/** checkov's port test (from/to 0/0 means all ports), plus every port for an all-traffic vpc rule. */
function coversPort(rule: RuleView, port: number): boolean {
  if (rule.allTrafficVpcRule) return true;
  const from = rule.from;
  let to = rule.to;
  if (from === 0 && to === 0) to = 65535;
  if (from !== undefined && to !== undefined && from <= port && port <= to) return true;
  return rule.protocol === "-1" && from === 0 && to === 65535;
}

function openToWorld(rule: RuleView): boolean {
  if (rule.cidr4.includes("0.0.0.0/0") || rule.cidr6.some((c) => IPV6_ANY.includes(c))) return true;
  return rule.cidr4.length === 0 && rule.cidr6.length === 0 && !rule.otherSource && !rule.prefixLists;
}

export const violates = (rule: RuleView, port: number) => !rule.prefixLists && coversPort(rule, port) && openToWorld(rule);

/** The rules of a resource in one direction, or undefined when the resource is not evaluated for it. */
export function rulesOf(r: TfResource, direction: "ingress" | "egress"): RuleView[] | undefined {
  if (r.type === SG) return blocks(r.body[direction]).map(inlineRule);
  if (r.type === SG_RULE) return r.body.type === direction ? [inlineRule(r.body)] : undefined;
  if (r.type === (direction === "ingress" ? VPC_INGRESS : VPC_EGRESS)) {
    const v = vpcRule(r.body);
    // checkov evaluates vpc rules only when a port is set; an all-traffic rule is evaluated too.
    return v.from !== undefined || v.to !== undefined || r.body.from_port !== undefined || r.body.to_port !== undefined || v.allTrafficVpcRule ? [v] : [];
  }
  return undefined;
}
