/**
 * Network (lib/constructs/network/network.ts) alone in a minimal stack: a brought VPC creates
 * nothing; a new one gets public and private subnets per AZ with their routes, NAT per AZ or
 * shared, an emptied default security group, and flow logs to an encrypted group with a role
 * that may only write there.
 */
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformOutput } from "../../../lib/cdktf-core";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { cidrSubnet, Network, NetworkProps } from "../../../lib/constructs/network/network";
import { only, policyStatements, resources, SynthJson } from "../../support/project";
import { synthScope } from "../../support/scope";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";
/** The network props the stack passes (its config section) with the schema defaults (a new 10.0.0.0/16 VPC, NAT per AZ, flow logs kept 90 days). */
type NetworkSection = Omit<NetworkProps, "namePrefix" | "env" | "logKmsKeyArn" | "iamRoles">;
const DEFAULTS: NetworkSection = {
  publicSubnetIds: [],
  privateSubnetIds: [],
  cidr: "10.0.0.0/16",
  availabilityZones: [],
  natGateways: "one-per-az",
  flowLogs: true,
  flowLogRetentionDays: 90,
};

function synth(network: Partial<NetworkSection> = {}) {
  let net!: Network;
  const s = synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    net = new Network(scope, "Network", { ...DEFAULTS, ...network, namePrefix: "jenkins", env, logKmsKeyArn: KEY });
    new TerraformOutput(scope, "private", { value: net.privateSubnetIds });
  });
  return { ...s, net };
}
/** Subnets as "<tier> <az> <cidr>", in id order. */
const subnets = (json: SynthJson) => resources(json, "aws_subnet").map(([, s]) => `${s.tags.Tier} ${s.availability_zone} ${s.cidr_block}`);
const ref = (type: string, idPart: string, attr = "id") => expect.stringMatching(new RegExp(`^\\$\\{${type}\\.Network_${idPart}_[0-9A-F]{8}\\.${attr}}$`));

describe("cidrSubnet", () => {
  test("the n-th subnet with the given extra bits, like Terraform's cidrsubnet()", () => {
    expect(cidrSubnet("10.0.0.0/16", 4, 0)).toBe("10.0.0.0/20");
    expect(cidrSubnet("10.0.0.0/16", 4, 1)).toBe("10.0.16.0/20");
    expect(cidrSubnet("10.0.0.0/16", 4, 9)).toBe("10.0.144.0/20");
    expect(cidrSubnet("172.31.128.0/17", 4, 15)).toBe("172.31.248.0/21");
  });
  test("refuses subnets smaller than /28 and numbers that do not fit", () => {
    expect(() => cidrSubnet("10.0.0.0/25", 4, 0)).toThrow(/too small/);
    expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).toThrow(/does not fit/);
  });
});

describe("Network, bring your own VPC", () => {
  const { json, net } = synth({
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
    privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
  });

  test("creates nothing and passes the ids through", () => {
    expect(Object.keys(json.resource)).toEqual([]);
    expect(net.vpcId).toBe("vpc-0123456789abcdef0");
    expect(net.publicSubnetIds).toEqual(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]);
    expect(json.output?.private.value).toEqual(["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]);
    expect(net.privateRouteTableIds).toEqual([]);
  });
});

describe("Network, a new VPC in two given AZs with a NAT gateway per AZ", () => {
  const { out, json } = synth({ availabilityZones: ["eu-west-1a", "eu-west-1b"] });

  test("the VPC with DNS support and host names", () => {
    expect(out).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_hostnames: true,
      enable_dns_support: true,
      tags: { Name: "jenkins-vpc" },
    });
    expect(json.data?.aws_availability_zones).toBeUndefined();
  });

  test("a public and a private subnet per AZ, from the VPC's CIDR, none giving public IPs", () => {
    expect(subnets(json).sort()).toEqual([
      "private eu-west-1a 10.0.128.0/20",
      "private eu-west-1b 10.0.144.0/20",
      "public eu-west-1a 10.0.0.0/20",
      "public eu-west-1b 10.0.16.0/20",
    ]);
    for (const [, s] of resources(json, "aws_subnet")) expect(s.map_public_ip_on_launch).toBe(false);
  });

  test("public subnets route to the internet gateway; each private subnet to the NAT gateway in its AZ", () => {
    const routes = resources(json, "aws_route").map(([, r]) => r);
    expect(routes).toHaveLength(3);
    for (const r of routes) expect(r.destination_cidr_block).toBe("0.0.0.0/0");
    expect(routes.filter((r) => r.gateway_id)).toEqual([
      expect.objectContaining({ route_table_id: ref("aws_route_table", "PublicRouteTable"), gateway_id: ref("aws_internet_gateway", "InternetGateway") }),
    ]);
    const priv = routes.filter((r) => r.nat_gateway_id).map((r) => [r.route_table_id, r.nat_gateway_id]);
    expect(priv).toEqual([
      [ref("aws_route_table", "PrivateRouteTable0"), ref("aws_nat_gateway", "NatGateway0")],
      [ref("aws_route_table", "PrivateRouteTable1"), ref("aws_nat_gateway", "NatGateway1")],
    ]);
  });

  test("NAT gateways in the public subnets, with their own elastic IPs, after the internet gateway", () => {
    const nats = resources(json, "aws_nat_gateway").map(([, g]) => g);
    expect(nats.map((g) => [g.subnet_id, g.allocation_id])).toEqual([
      [ref("aws_subnet", "PublicSubnet0"), ref("aws_eip", "NatEip0", "allocation_id")],
      [ref("aws_subnet", "PublicSubnet1"), ref("aws_eip", "NatEip1", "allocation_id")],
    ]);
    for (const g of nats) expect(g.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\.Network_InternetGateway_/)]);
    for (const [, e] of resources(json, "aws_eip")) expect(e.domain).toBe("vpc");
  });

  test("the default security group is taken over with no rules", () => {
    const sg = only(json, "aws_default_security_group");
    expect(sg.vpc_id).toEqual(ref("aws_vpc", "Vpc"));
    expect(sg).not.toHaveProperty("ingress");
    expect(sg).not.toHaveProperty("egress");
  });

  test("flow logs: all traffic, 10-minute aggregation, to a KMS-encrypted group kept 90 days", () => {
    expect(out).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL", log_destination_type: "cloud-watch-logs", max_aggregation_interval: 600 });
    expect(only(json, "aws_cloudwatch_log_group")).toEqual({ name: "/jenkins/vpc-flow-logs", retention_in_days: 90, kms_key_id: KEY });
    expect(only(json, "aws_flow_log")).toMatchObject({
      log_destination: ref("aws_cloudwatch_log_group", "FlowLogGroup", "arn"),
      iam_role_arn: ref("aws_iam_role", "FlowLogRole", "arn"),
    });
  });

  test("the flow-log role: assumed by the flow-logs service for this account only, may write to its group only", () => {
    expect(policyStatements(json, "FlowLogTrust")).toEqual([
      {
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      },
    ]);
    const [write] = policyStatements(json, "FlowLogWrite");
    expect(write.actions).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
    const group = /^\$\{aws_cloudwatch_log_group\.Network_FlowLogGroup_[0-9A-F]{8}\.arn}/;
    expect(write.resources).toEqual([expect.stringMatching(new RegExp(`${group.source}$`)), expect.stringMatching(new RegExp(`${group.source}:\\*$`))]);
  });
});

describe("Network, a new VPC with one shared NAT gateway, zones read at plan time, no flow logs", () => {
  const { json } = synth({ natGateways: "single", flowLogs: false, cidr: "10.20.0.0/20" });

  test("the first two zones the account can use without opting in", () => {
    expect(Object.values(json.data!.aws_availability_zones)).toEqual([
      { state: "available", filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
    ]);
    for (const [, s] of resources(json, "aws_subnet"))
      expect(s.availability_zone).toMatch(/^\$\{element\(data\.aws_availability_zones\.Network_AvailableZones_[0-9A-F]{8}\.names, [01]\)}$/);
  });

  test("subnets of the given CIDR", () => {
    expect(
      resources(json, "aws_subnet")
        .map(([, s]) => s.cidr_block)
        .sort(),
    ).toEqual(["10.20.0.0/24", "10.20.1.0/24", "10.20.8.0/24", "10.20.9.0/24"]);
  });

  test("one NAT gateway that both private subnets route to", () => {
    expect(resources(json, "aws_nat_gateway")).toHaveLength(1);
    expect(resources(json, "aws_eip")).toHaveLength(1);
    const targets = resources(json, "aws_route")
      .filter(([, r]) => r.nat_gateway_id)
      .map(([, r]) => r.nat_gateway_id);
    expect(targets).toEqual([ref("aws_nat_gateway", "NatGateway0"), ref("aws_nat_gateway", "NatGateway0")]);
  });

  test("no flow log, log group or role", () => {
    for (const type of ["aws_flow_log", "aws_cloudwatch_log_group", "aws_iam_role", "aws_iam_role_policy"])
      expect([type, resources(json, type)]).toEqual([type, []]);
  });
});
