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
import { AwsEnvironment } from "../foundation/aws-environment";
import { Flag, and, choose, equals, greaterThan, isKnown, isUnset, lengthOf, not, switchOn, when } from "../foundation/inputs";
import { Fn, Token } from "../../cdktf-core";
import { serviceTrustPolicy } from "../foundation/service-trust";
import { IamRoleSettings, roleArguments } from "../foundation/iam-role-settings";

/**
 * Props of {@link Network}. Each value is known at synth (the `jenkins` stack) or a Terraform
 * expression (the registry module's variables); with expressions, every created resource is
 * switched by `count` and the zone count by Terraform.
 */
export interface NetworkProps {
  /**
   * Bring your own VPC: its id (nothing is created). An expression that is null at plan time
   * (the module's `var.vpc_id`) creates the VPC.
   * @default - a new VPC is created
   */
  readonly vpcId?: string;
  /**
   * Public subnets of `vpcId` (the ALB).
   * @default - none: required with `vpcId`
   */
  readonly publicSubnetIds?: string[];
  /**
   * Private subnets of `vpcId` with outbound internet (controller, agents, EFS).
   * @default - none: required with `vpcId`
   */
  readonly privateSubnetIds?: string[];
  /**
   * New VPC: its CIDR block; subnets are its /+4 blocks (public 0.., private 8..).
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;
  /**
   * New VPC: the availability zones, two or more.
   * @default - the first two zones the account can use (`aws_availability_zones`)
   */
  readonly availabilityZones?: string[];
  /**
   * New VPC with `availabilityZones` as an expression: the number of per-zone resource sets
   * written, each switched on by `count` when the zone count reaches it.
   * @default 3
   */
  readonly maxAvailabilityZones?: number;
  /**
   * New VPC: `one-per-az` (survives an AZ outage) or `single` (cheaper).
   * @default "one-per-az"
   */
  readonly natGateways?: string;
  /**
   * New VPC: VPC flow logs to CloudWatch Logs.
   * @default true
   */
  readonly flowLogs?: Flag;
  /**
   * Retention of the flow-log group in days.
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
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

/** Creates a resource only when `flag` may hold, switched by `count` when it is an expression. */
function created<T extends Parameters<typeof switchOn>[0]>(flag: Flag, create: () => T): T | undefined {
  return when(flag, () => switchOn(create(), flag));
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
    // Known (the stack): plain resources, or none for a brought VPC. An expression (the module):
    // every resource below carries `count = <create> ? 1 : 0`.
    const create = isUnset(props.vpcId);
    if (create === false) {
      this.vpcId = props.vpcId!;
      this.publicSubnetIds = [...(props.publicSubnetIds ?? [])];
      this.privateSubnetIds = [...(props.privateSubnetIds ?? [])];
      return;
    }
    const cidr = props.cidr ?? "10.0.0.0/16";
    const natGateways = props.natGateways ?? "one-per-az";
    const subnetCidr = (netNum: number) => (isKnown(cidr) ? cidrSubnet(cidr, 4, netNum) : Fn.cidrsubnet(cidr, 4, netNum));

    // Zone names differ per account (ap-northeast-1b or us-west-1's letters are not offered to
    // every account), so without explicit zones the first two the account can use are taken.
    const azs = props.availabilityZones ?? [];
    const azsKnown = isKnown(azs);
    const noZones: Flag = azsKnown ? azs.length === 0 : equals(lengthOf(azs), 0);
    const available = created(
      and(create, noZones),
      () =>
        new DataAwsAvailabilityZones(this, "AvailableZones", {
          state: "available",
          filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        }),
    );
    const slots = azsKnown ? azs.length || 2 : (props.maxAvailabilityZones ?? 3);
    // Zero zones means two (looked up), so the count is max(2, length) for an expression.
    const zoneCount: number = azsKnown ? slots : Token.asNumber(Fn.max([2, lengthOf(azs)]));
    const zone = (i: number) => choose(noZones, available ? Fn.element(available.names, i) : "", azsKnown ? azs[i] : Fn.element(azs, i));
    // Zones 0 and 1 always exist; further ones when the zone count reaches them.
    const slotOn = (i: number): Flag => (i < 2 ? create : and(create, greaterThan(zoneCount, i)));

    const name = props.namePrefix;
    const vpc = created(
      create,
      () =>
        new Vpc(this, "Vpc", {
          cidrBlock: cidr,
          enableDnsHostnames: true,
          enableDnsSupport: true,
          tags: { Name: `${name}-vpc` },
        }),
    )!;
    this.vpc = vpc;

    // No rules: nothing may use the default security group by accident.
    created(create, () => new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: vpc.id, tags: { Name: `${name}-default-unused` } }));

    const igw = created(create, () => new InternetGateway(this, "InternetGateway", { vpcId: vpc.id, tags: { Name: `${name}-igw` } }))!;
    const publicRt = created(create, () => new RouteTable(this, "PublicRouteTable", { vpcId: vpc.id, tags: { Name: `${name}-public` } }))!;
    created(create, () => new Route(this, "PublicDefaultRoute", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }));

    const indexes = Array.from({ length: slots }, (_, i) => i);
    const publicSubnets = indexes.map((i) =>
      created(
        slotOn(i),
        () =>
          new Subnet(this, `PublicSubnet${i}`, {
            vpcId: vpc.id,
            availabilityZone: zone(i),
            cidrBlock: subnetCidr(i),
            // The ALB gets public addresses from AWS; instances here never get one automatically.
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-public-${i}`, Tier: "public" },
          }),
      )!,
    );
    indexes.forEach((i) =>
      created(slotOn(i), () => new RouteTableAssociation(this, `PublicSubnetRoutes${i}`, { subnetId: publicSubnets[i].id, routeTableId: publicRt.id })),
    );

    // A NAT gateway in zone 0, and in every further zone unless `single`.
    const single = equals(natGateways, "single");
    const nats = indexes.map((i) =>
      created(i === 0 ? slotOn(0) : and(slotOn(i), not(single)), () => {
        const eip = switchOn(
          new Eip(this, `NatEip${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` }, dependsOn: [igw] }),
          i === 0 ? slotOn(0) : and(slotOn(i), not(single)),
        );
        return new NatGateway(this, `NatGateway${i}`, {
          allocationId: eip.allocationId,
          subnetId: publicSubnets[i].id,
          tags: { Name: `${name}-nat-${i}` },
          dependsOn: [igw],
        });
      }),
    );
    const natFor = (i: number) => (i === 0 ? nats[0]!.id : choose(single, nats[0]!.id, nats[i]?.id ?? ""));

    const privateSubnets = indexes.map((i) => {
      const on = slotOn(i);
      const subnet = created(
        on,
        () =>
          new Subnet(this, `PrivateSubnet${i}`, {
            vpcId: vpc.id,
            availabilityZone: zone(i),
            cidrBlock: subnetCidr(8 + i),
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-private-${i}`, Tier: "private" },
          }),
      )!;
      const rt = created(on, () => new RouteTable(this, `PrivateRouteTable${i}`, { vpcId: vpc.id, tags: { Name: `${name}-private-${i}` } }))!;
      created(on, () => new Route(this, `PrivateDefaultRoute${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natFor(i) }));
      created(on, () => new RouteTableAssociation(this, `PrivateSubnetRoutes${i}`, { subnetId: subnet.id, routeTableId: rt.id }));
      this.privateRouteTableIds.push(rt.id);
      return subnet;
    });

    // With expressions: the created ids (as many as zones) or the brought ones.
    const ids = (subnets: Subnet[]) => subnets.map((s) => s.id);
    const pick = (createdIds: string[], brought: string[] | undefined) =>
      create === true ? createdIds : choose(create, Fn.slice(createdIds, 0, zoneCount), brought ?? []);
    this.vpcId = create === true ? vpc.id : choose(create, vpc.id, props.vpcId!);
    this.publicSubnetIds = pick(ids(publicSubnets), props.publicSubnetIds);
    this.privateSubnetIds = pick(ids(privateSubnets), props.privateSubnetIds);

    const flowLogs = and(create, props.flowLogs ?? true);
    when(flowLogs, () => this.addFlowLogs(vpc, props, props.flowLogRetentionDays ?? 90, flowLogs));
  }

  private addFlowLogs(vpc: Vpc, props: NetworkProps, retentionDays: number, on: Flag): void {
    const name = props.namePrefix;
    const group = switchOn(
      new CloudwatchLogGroup(this, "FlowLogGroup", {
        name: `/${name}/vpc-flow-logs`,
        retentionInDays: retentionDays,
        kmsKeyId: props.logKmsKeyArn,
      }),
      on,
    );
    const trust = switchOn(serviceTrustPolicy(this, "FlowLogTrust", props.env, "vpc-flow-logs.amazonaws.com"), on);
    const role = switchOn(
      new IamRole(this, "FlowLogRole", { name: `${name}-vpc-flow-logs`, assumeRolePolicy: trust.json, ...roleArguments(props.iamRoles) }),
      on,
    );
    const write = switchOn(
      new DataAwsIamPolicyDocument(this, "FlowLogWrite", {
        statement: [
          {
            effect: "Allow",
            actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            resources: [group.arn, `${group.arn}:*`],
          },
        ],
      }),
      on,
    );
    switchOn(new IamRolePolicy(this, "FlowLogRolePolicy", { name: "write-flow-logs", role: role.id, policy: write.json }), on);
    switchOn(
      new FlowLog(this, "FlowLog", {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: group.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 600,
        tags: { Name: `${name}-vpc` },
      }),
      on,
    );
  }
}
