import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn } from "../../cdktf-core";
import { INTERFACE_ENDPOINT_SERVICES } from "../../config/vpc-endpoints";
import { Flag, and, isKnown, switchOn } from "../foundation/inputs";

/** Props of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Region of the endpoints' services. */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Private subnets: one endpoint network interface in each. */
  readonly subnetIds: string[];
  /** Security groups of the tasks that use the endpoints (HTTPS from them only). */
  readonly clientSecurityGroupIds: string[];
  /**
   * Interface endpoint services, e.g. `ecr.api`, `ecr.dkr`, `logs`. A Terraform list (the
   * registry module's variable) switches an endpoint per service the configuration offers
   * (lib/config/vpc-endpoints.ts) on whether the list contains it.
   * @default ["ecr.api", "ecr.dkr", "logs"]
   */
  readonly interfaceServices?: string[];
  /**
   * Route tables that get the S3 gateway endpoint (ECR layers come from S3).
   * @default - no S3 gateway endpoint
   */
  readonly s3GatewayRouteTableIds?: string[];
  /**
   * Whether the S3 gateway endpoint exists (a Terraform switch in the registry module).
   * @default - when `s3GatewayRouteTableIds` is given and not empty
   */
  readonly s3Gateway?: Flag;
  /**
   * Whether the endpoints exist at all (a Terraform switch in the registry module).
   * @default true
   */
  readonly enabled?: Flag;
  /**
   * Prefix of service names (`com.amazonaws` in the aws and aws-us-gov partitions).
   * @default "com.amazonaws"
   */
  readonly serviceNamePrefix?: string;
}

/**
 * VPC endpoints so the tasks' image pulls, logs and AWS API calls stay inside the VPC instead
 * of crossing (and paying) the NAT gateway: interface endpoints with private DNS in the private
 * subnets, reachable on 443 from the controller's and agents' security groups only, and an S3
 * gateway endpoint on the private route tables. Builds that fetch from the internet (git,
 * package registries, the Jenkins update center) still use the NAT gateway.
 */
export class VpcEndpoints extends Construct {
  /** Security group of the interface endpoints. */
  public readonly securityGroup: SecurityGroup;
  /** Interface endpoints by service. */
  public readonly interfaceEndpoints: Record<string, VpcEndpoint> = {};
  /** The S3 gateway endpoint, if route tables were given. */
  public readonly s3Gateway?: VpcEndpoint;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const name = props.namePrefix;
    const prefix = props.serviceNamePrefix ?? "com.amazonaws";
    const enabled = props.enabled ?? true;
    const on = <T extends SecurityGroup | VpcEndpoint | VpcSecurityGroupIngressRule>(element: T, flag: Flag): T =>
      flag === true ? element : switchOn(element, flag);
    this.securityGroup = on(
      new SecurityGroup(this, "SecurityGroup", {
        namePrefix: `${name}-endpoints-`,
        description: "VPC interface endpoints: HTTPS from the Jenkins controller and agents",
        vpcId: props.vpcId,
        tags: { Name: `${name}-endpoints` },
        lifecycle: { createBeforeDestroy: true },
      }),
      enabled,
    );
    props.clientSecurityGroupIds.forEach((sg, i) => {
      on(
        new VpcSecurityGroupIngressRule(this, `HttpsFromClients${i}`, {
          securityGroupId: this.securityGroup.id,
          description: "HTTPS to AWS APIs (image pulls, logs, ECS) from Jenkins tasks",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          referencedSecurityGroupId: sg,
        }),
        enabled,
      );
    });
    const services = props.interfaceServices ?? ["ecr.api", "ecr.dkr", "logs"];
    const known = isKnown(services);
    for (const service of known ? services : INTERFACE_ENDPOINT_SERVICES) {
      this.interfaceEndpoints[service] = on(
        new VpcEndpoint(this, `Endpoint-${service}`, {
          vpcId: props.vpcId,
          serviceName: `${prefix}.${props.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: props.subnetIds,
          securityGroupIds: [this.securityGroup.id],
          tags: { Name: `${name}-${service}` },
        }),
        known ? enabled : and(enabled, Fn.contains(services, service)),
      );
    }
    const routeTables = props.s3GatewayRouteTableIds ?? [];
    const s3 = and(enabled, props.s3Gateway ?? routeTables.length > 0);
    if (s3 !== false) {
      this.s3Gateway = on(
        new VpcEndpoint(this, "S3Gateway", {
          vpcId: props.vpcId,
          serviceName: `${prefix}.${props.region}.s3`,
          vpcEndpointType: "Gateway",
          routeTableIds: routeTables,
          tags: { Name: `${name}-s3` },
        }),
        s3,
      );
    }
  }
}
