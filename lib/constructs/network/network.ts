import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { JenkinsConfig } from "../../config/schema";
import { AwsEnvironment } from "../foundation/aws-environment";
import { Fn } from "../../cdktf-core";
import { serviceTrustPolicy } from "../foundation/service-trust";
import { IamRoleSettings, roleArguments } from "../foundation/iam-role-settings";

/** Props of {@link Network}. */
export interface NetworkProps {
  /** Network section of the configuration (bring your own VPC, or the shape of a new one). */
  readonly network: JenkinsConfig["network"];
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /**
   * KMS key ARN for the flow-log group.
   * @default - flow logs are not encrypted with a customer key (only when flow logs are on)
   */
  readonly logKmsKeyArn?: string;
  /**
   * Permissions boundary and path of the roles created here (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
}

/** `cidrsubnet` in TypeScript, so subnet CIDRs are plain values tests can assert. */
export function cidrSubnet(cidr: string, newBits: number, netNum: number): string {
  const [ip, prefixText] = cidr.split("/");
  const prefix = Number(prefixText);
  const base = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const newPrefix = prefix + newBits;
  if (newPrefix > 28) throw new Error(`${cidr} is too small for ${2 ** newBits} subnets`);
  if (netNum >= 2 ** newBits) throw new Error(`subnet number ${netNum} does not fit ${newBits} bits`);
  const addr = base + netNum * 2 ** (32 - newPrefix);
  const octets = [24, 16, 8, 0].map((s) => Math.floor(addr / 2 ** s) % 256);
  return `${octets.join(".")}/${newPrefix}`;
}

/**
 * The network of the stack. Bring your own VPC (ids only, nothing created) or create one:
 * a VPC with public subnets (ALB, NAT) and private subnets (controller, agents, EFS) in at
 * least two AZs, NAT per AZ or shared, the default security group emptied, flow logs.
 */
export class Network extends Construct {
  /** VPC id. */
  public readonly vpcId: string;
  /** Public subnet ids (the ALB). */
  public readonly publicSubnetIds: string[];
  /** Private subnet ids (controller, agents, EFS mount targets). */
  public readonly privateSubnetIds: string[];
  /** The created VPC, when this construct created one. */
  public readonly vpc?: Vpc;
  /** Route tables of the private subnets, when this construct created them (empty otherwise). */
  public readonly privateRouteTableIds: string[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const n = props.network;
    if (n.vpcId) {
      this.vpcId = n.vpcId;
      this.publicSubnetIds = [...n.publicSubnetIds];
      this.privateSubnetIds = [...n.privateSubnetIds];
      return;
    }

    // Zone names differ per account (ap-northeast-1b or us-west-1's letters are not offered to
    // every account), so without explicit zones the first two the account can use are taken.
    let azs = n.availabilityZones;
    if (azs.length === 0) {
      const available = new DataAwsAvailabilityZones(this, "AvailableZones", {
        state: "available",
        filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
      });
      azs = [0, 1].map((i) => Fn.element(available.names, i));
    }
    const name = props.namePrefix;
    const vpc = new Vpc(this, "Vpc", {
      cidrBlock: n.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${name}-vpc` },
    });
    this.vpc = vpc;
    this.vpcId = vpc.id;

    // No rules: nothing may use the default security group by accident.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: vpc.id, tags: { Name: `${name}-default-unused` } });

    const igw = new InternetGateway(this, "InternetGateway", { vpcId: vpc.id, tags: { Name: `${name}-igw` } });
    const publicRt = new RouteTable(this, "PublicRouteTable", { vpcId: vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, "PublicDefaultRoute", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    const publicSubnets = azs.map(
      (az, i) =>
        new Subnet(this, `PublicSubnet${i}`, {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: cidrSubnet(n.cidr, 4, i),
          // The ALB gets public addresses from AWS; instances here never get one automatically.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-public-${i}`, Tier: "public" },
        }),
    );
    publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `PublicSubnetRoutes${i}`, { subnetId: s.id, routeTableId: publicRt.id }));

    const natCount = n.natGateways === "single" ? 1 : azs.length;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `NatEip${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` }, dependsOn: [igw] });
      return new NatGateway(this, `NatGateway${i}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i].id,
        tags: { Name: `${name}-nat-${i}` },
        dependsOn: [igw],
      });
    });

    const privateSubnets = azs.map((az, i) => {
      const subnet = new Subnet(this, `PrivateSubnet${i}`, {
        vpcId: vpc.id,
        availabilityZone: az,
        cidrBlock: cidrSubnet(n.cidr, 4, 8 + i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-private-${i}`, Tier: "private" },
      });
      const rt = new RouteTable(this, `PrivateRouteTable${i}`, { vpcId: vpc.id, tags: { Name: `${name}-private-${i}` } });
      new Route(this, `PrivateDefaultRoute${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, natCount - 1)].id });
      new RouteTableAssociation(this, `PrivateSubnetRoutes${i}`, { subnetId: subnet.id, routeTableId: rt.id });
      this.privateRouteTableIds.push(rt.id);
      return subnet;
    });

    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);

    if (n.flowLogs) this.addFlowLogs(vpc, props, n.flowLogRetentionDays);
  }

  private addFlowLogs(vpc: Vpc, props: NetworkProps, retentionDays: number): void {
    const name = props.namePrefix;
    const group = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: `/${name}/vpc-flow-logs`,
      retentionInDays: retentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    const trust = serviceTrustPolicy(this, "FlowLogTrust", props.env, "vpc-flow-logs.amazonaws.com");
    const role = new IamRole(this, "FlowLogRole", { name: `${name}-vpc-flow-logs`, assumeRolePolicy: trust.json, ...roleArguments(props.iamRoles) });
    const write = new DataAwsIamPolicyDocument(this, "FlowLogWrite", {
      statement: [
        {
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [group.arn, `${group.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, "FlowLogRolePolicy", { name: "write-flow-logs", role: role.id, policy: write.json });
    new FlowLog(this, "FlowLog", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: `${name}-vpc` },
    });
  }
}
