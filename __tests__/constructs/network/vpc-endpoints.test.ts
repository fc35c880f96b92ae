/**
 * VpcEndpoints (lib/constructs/network/vpc-endpoints.ts) alone in a minimal stack: interface
 * endpoints with private DNS in the private subnets, HTTPS only from the client groups, and
 * the optional S3 gateway endpoint.
 */
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpoints, VpcEndpointsProps } from "../../../lib/constructs/network/vpc-endpoints";
import { only, resources } from "../../support/project";
import { synthScope } from "../../support/scope";

const base: VpcEndpointsProps = {
  namePrefix: "jenkins",
  region: "eu-west-1",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-controller", "sg-agents"],
};
const synth = (props: Partial<VpcEndpointsProps> = {}) => synthScope((scope) => new VpcEndpoints(scope, "Endpoints", { ...base, ...props }));
const endpointSg = expect.stringMatching(/^\$\{aws_security_group\.Endpoints_SecurityGroup_[0-9A-F]{8}\.id}$/);

describe("VpcEndpoints with defaults", () => {
  const { out, json } = synth();

  test("ECR API, ECR Docker and CloudWatch Logs interface endpoints with private DNS in the given subnets, behind the endpoints' group", () => {
    const endpoints = resources(json, "aws_vpc_endpoint").map(([, e]) => e);
    expect(endpoints.map((e) => e.service_name).sort()).toEqual([
      "com.amazonaws.eu-west-1.ecr.api",
      "com.amazonaws.eu-west-1.ecr.dkr",
      "com.amazonaws.eu-west-1.logs",
    ]);
    for (const e of endpoints)
      expect(e).toMatchObject({
        vpc_id: "vpc-0123",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: ["subnet-a", "subnet-b"],
        security_group_ids: [endpointSg],
      });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.logs", tags: { Name: "jenkins-logs" } });
  });

  test("the endpoints' group admits HTTPS from each client group only, and has no other rule", () => {
    expect(only(json, "aws_security_group")).toMatchObject({
      vpc_id: "vpc-0123",
      name_prefix: "jenkins-endpoints-",
      lifecycle: { create_before_destroy: true },
    });
    const ingress = resources(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    expect(ingress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.referenced_security_group_id, r.cidr_ipv4])).toEqual([
      ["tcp", 443, 443, "sg-controller", undefined],
      ["tcp", 443, 443, "sg-agents", undefined],
    ]);
    for (const r of ingress) expect(r.security_group_id).toEqual(endpointSg);
    expect(resources(json, "aws_vpc_security_group_egress_rule")).toHaveLength(0);
  });

  test("no S3 gateway endpoint without route tables", () => {
    expect(resources(json, "aws_vpc_endpoint").filter(([, e]) => e.vpc_endpoint_type === "Gateway")).toHaveLength(0);
    const empty = resources(synth({ s3GatewayRouteTableIds: [] }).json, "aws_vpc_endpoint");
    expect(empty.map(([, e]) => e.vpc_endpoint_type)).toEqual(["Interface", "Interface", "Interface"]);
  });
});

describe("VpcEndpoints with services, route tables and a partition prefix", () => {
  const { out, json } = synth({
    interfaceServices: ["ecs", "sts"],
    s3GatewayRouteTableIds: ["rtb-a", "rtb-b"],
    serviceNamePrefix: "cn.com.amazonaws",
    region: "cn-north-1",
  });

  test("the interface endpoints given, named with the prefix", () => {
    const names = resources(json, "aws_vpc_endpoint")
      .filter(([, e]) => e.vpc_endpoint_type === "Interface")
      .map(([, e]) => e.service_name);
    expect(names.sort()).toEqual(["cn.com.amazonaws.cn-north-1.ecs", "cn.com.amazonaws.cn-north-1.sts"]);
  });

  test("an S3 gateway endpoint on the route tables, without subnets or groups", () => {
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "cn.com.amazonaws.cn-north-1.s3",
      vpc_endpoint_type: "Gateway",
      route_table_ids: ["rtb-a", "rtb-b"],
      tags: { Name: "jenkins-s3" },
    });
    const gw = resources(json, "aws_vpc_endpoint").find(([, e]) => e.vpc_endpoint_type === "Gateway")![1];
    expect(gw).not.toHaveProperty("subnet_ids");
    expect(gw).not.toHaveProperty("security_group_ids");
  });
});
